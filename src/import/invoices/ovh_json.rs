//! OVH and Kimsufi API v1 JSON: bills (`GET /me/bill/{billId}`, with their `details`) and
//! refunds (`GET /me/refund/{refundId}`), as a script or the treasurer saved them.
//!
//! Accepted shapes: an array of bill (or refund) objects, a single object, or an object
//! `{"bills": [...], "refunds": [...]}`. Amounts are read exactly from the JSON number's text
//! (serde_json's `arbitrary_precision` keeps it), never through a float. A refund is a credit
//! note: its total and lines are negated (unless the file already gives them negative).
//!
//! Source lines: each bill or refund's `Source.line` is its 1-based rank in its array (the
//! top-level array, or `bills`, or `refunds`: a bill and a refund may share a rank); a
//! single top-level object is item 1.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};

use super::cells;
use super::{InvoiceFile, InvoiceFormat};
use crate::error::{Reason, Rejection, Warning, WarningKind};
use crate::import::container::json;
use crate::import::container::text::decode;
use crate::model::{Invoice, InvoiceLine, Money, Source};

/// What an item of the file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bill,
    Refund,
}

impl Kind {
    /// The item's identifier field.
    fn id_field(self) -> &'static str {
        match self {
            Kind::Bill => "billId",
            Kind::Refund => "refundId",
        }
    }

    /// The kind of a top-level item: a refund when it has a `refundId`.
    fn of(item: &Value) -> Kind {
        if item.get("refundId").is_some_and(|v| !v.is_null()) {
            Kind::Refund
        } else {
            Kind::Bill
        }
    }
}

/// Reads an OVH/Kimsufi API JSON file of `supplier`'s bills and refunds.
pub fn read(bytes: &[u8], file: Arc<str>, supplier: Arc<str>) -> InvoiceFile {
    let format = InvoiceFormat::OvhJson;
    let value = match parse(bytes) {
        Ok(value) => value,
        Err(reason) => return InvoiceFile::failed(file, format, reason),
    };
    let items = match items(&value) {
        Ok(items) => items,
        Err(reason) => return InvoiceFile::failed(file, format, reason),
    };
    let mut out = InvoiceFile::empty(file.clone(), format);
    for (kind, rank, item) in items {
        out.rows += 1;
        let source = Source::new(file.clone(), rank);
        match read_item(kind, item, &supplier, source.clone()) {
            Ok((invoice, warning)) => {
                out.invoices.push(invoice);
                out.warnings.extend(warning);
            }
            Err(reason) => out.rejected.push(Rejection::new(source, reason)),
        }
    }
    out
}

/// True when the text is JSON of OVH bills or refunds (for `sniff`).
pub(super) fn looks_like_bills(text: &[u8]) -> bool {
    let Ok(value) = parse(text) else {
        return false;
    };
    let is_item = |v: &Value| v.get("billId").is_some() || v.get("refundId").is_some();
    match &value {
        Value::Array(items) => items.first().is_some_and(is_item),
        Value::Object(map) => {
            is_item(&value)
                || ["bills", "refunds"]
                    .iter()
                    .any(|key| map.get(*key).is_some_and(Value::is_array))
        }
        _ => false,
    }
}

/// Decodes and parses the file, refusing deep nesting before serde_json sees it.
fn parse(bytes: &[u8]) -> Result<Value, Reason> {
    let decoded = decode(bytes)?;
    let text = &*decoded.bytes;
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(Reason::EmptyFile);
    }
    json::check_depth(text)?;
    serde_json::from_slice(text).map_err(|err| Reason::BadJson(french_json_error(&err)))
}

/// A serde_json error in French, with its place.
fn french_json_error(err: &serde_json::Error) -> String {
    format!(
        "{}, ligne {}, colonne {}",
        json::french_category(err),
        err.line(),
        err.column()
    )
}

/// The bills and refunds of the document, each with its kind and rank.
fn items(value: &Value) -> Result<Vec<(Kind, u64, &Value)>, Reason> {
    match value {
        Value::Array(items) => Ok(ranked(items, None).collect()),
        Value::Object(map) if map.contains_key("bills") || map.contains_key("refunds") => {
            let mut out = Vec::new();
            for (key, kind) in [("bills", Kind::Bill), ("refunds", Kind::Refund)] {
                match map.get(key) {
                    None | Some(Value::Null) => {}
                    Some(Value::Array(items)) => out.extend(ranked(items, Some(kind))),
                    Some(_) => {
                        return Err(Reason::UnknownFormat(format!(
                            "« {key} » devrait être un tableau de factures OVH"
                        )));
                    }
                }
            }
            Ok(out)
        }
        Value::Object(map)
            if ["billId", "refundId", "date", "priceWithTax"]
                .iter()
                .any(|key| map.contains_key(*key)) =>
        {
            Ok(vec![(Kind::of(value), 1, value)])
        }
        _ => Err(Reason::UnknownFormat(
            "ni un tableau ni un objet de factures OVH (champs « billId », « refundId », « bills » ou « refunds » attendus)"
                .to_owned(),
        )),
    }
}

/// The items of an array with their 1-based rank; their kind is `kind`, or read from each item.
fn ranked(items: &[Value], kind: Option<Kind>) -> impl Iterator<Item = (Kind, u64, &Value)> {
    items
        .iter()
        .zip(1u64..)
        .map(move |(item, rank)| (kind.unwrap_or_else(|| Kind::of(item)), rank, item))
}

/// The text of a JSON value, for messages.
fn json_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A text field: `None` when absent, null or blank; numbers are taken as their text.
fn text_field(obj: &Map<String, Value>, field: &str) -> Result<Option<String>, Reason> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(Reason::Invalid(format!(
            "champ « {field} » : un texte est attendu, pas « {} »",
            json_text(other)
        ))),
    }
}

/// An exact amount from a JSON number's literal text (`30.56`, `10.0`, `1e2`).
fn number_amount(column: &str, number: &Number) -> Result<Money, Reason> {
    let text = number.to_string();
    if text.contains(['e', 'E']) {
        // Exponent notation: rust_decimal expands it exactly, still without any float.
        return match Decimal::from_scientific(&text) {
            Ok(decimal) => cells::amount(column, &decimal.normalize().to_string()),
            Err(_) => Err(Reason::BadAmount {
                column: column.to_owned(),
                value: text,
            }),
        };
    }
    cells::amount(column, &text)
}

/// A price object `{currencyCode, text, value}` at `obj[field]`: `None` when it or its value
/// is absent. Only euros are accepted; a missing `currencyCode` is taken as euros.
fn price(obj: &Map<String, Value>, field: &str, prefix: &str) -> Result<Option<Money>, Reason> {
    let column = format!("{prefix}{field}.value");
    let price = match obj.get(field) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(price)) => price,
        Some(other) => {
            return Err(Reason::BadAmount {
                column,
                value: json_text(other),
            });
        }
    };
    match price.get("currencyCode") {
        None | Some(Value::Null) => {}
        Some(Value::String(code)) if code.trim() == "EUR" => {}
        Some(other) => {
            let c = json_text(other);
            return Err(Reason::Invalid(format!(
                "devise « {c} » non prise en charge (seul l'euro l'est)"
            )));
        }
    }
    match price.get("value") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => number_amount(&column, n).map(Some),
        Some(Value::String(s)) => cells::amount(&column, s).map(Some),
        Some(other) => Err(Reason::BadAmount {
            column,
            value: json_text(other),
        }),
    }
}

/// One bill or refund into an invoice, with a warning when its lines don't add up.
fn read_item(
    kind: Kind,
    item: &Value,
    supplier: &Arc<str>,
    source: Source,
) -> Result<(Invoice, Option<Warning>), Reason> {
    let Value::Object(obj) = item else {
        return Err(Reason::Invalid(format!(
            "élément qui n'est pas un objet JSON (une facture OVH est attendue) : « {} »",
            short(&json_text(item))
        )));
    };
    let id_field = kind.id_field();
    let number =
        text_field(obj, id_field)?.ok_or_else(|| Reason::MissingValue(id_field.to_owned()))?;
    let date = match obj.get("date") {
        None | Some(Value::Null) => return Err(Reason::MissingValue("date".to_owned())),
        Some(Value::String(s)) => cells::date("date", s)?,
        Some(other) => {
            return Err(Reason::BadDate {
                column: "date".to_owned(),
                value: json_text(other),
            });
        }
    };
    let mut total = price(obj, "priceWithTax", "")?
        .ok_or_else(|| Reason::MissingValue("priceWithTax.value".to_owned()))?;
    let mut total_ht = price(obj, "priceWithoutTax", "")?;
    let mut lines = details(obj, kind)?;
    let original = match kind {
        Kind::Refund => text_field(obj, "originalBillId")?,
        Kind::Bill => None,
    };
    if kind == Kind::Refund && !total.is_negative() {
        total = -total;
        total_ht = total_ht.map(|ht| -ht);
        for line in &mut lines {
            line.amount_ht = -line.amount_ht;
        }
    }
    let credit_note = kind == Kind::Refund || total.is_negative();
    let warning = match total_ht {
        Some(ht) if !lines.is_empty() => {
            let sum: Money = lines.iter().map(|l| l.amount_ht).sum();
            (sum != ht).then(|| {
                Warning::at(
                    source.clone(),
                    WarningKind::InvoiceLinesMismatch {
                        credit_note,
                        number: number.to_string(),
                        sum,
                        total_ht: ht,
                    },
                )
            })
        }
        _ => None,
    };
    let label = match lines.first() {
        Some(line) if !line.description.is_empty() => line.description.clone(),
        _ => match (kind, &original) {
            (Kind::Bill, _) => format!("Facture {number}"),
            (Kind::Refund, Some(bill)) => format!("Avoir {number} (facture {bill})"),
            (Kind::Refund, None) => format!("Avoir {number}"),
        },
    };
    let invoice = Invoice {
        supplier: supplier.clone(),
        number,
        date,
        total,
        total_ht,
        credit_note,
        original,
        label,
        lines,
        source,
    };
    Ok((invoice, warning))
}

/// The `details` array into lines (amounts as in the file, HT).
fn details(obj: &Map<String, Value>, kind: Kind) -> Result<Vec<InvoiceLine>, Reason> {
    let items = match obj.get("details") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(Reason::Invalid(format!(
                "champ « details » : un tableau est attendu, pas « {} »",
                short(&json_text(other))
            )));
        }
    };
    let mut lines = Vec::with_capacity(items.len());
    for (idx, item) in items.iter().enumerate() {
        let prefix = format!("details[{idx}].");
        let Value::Object(detail) = item else {
            return Err(Reason::Invalid(format!(
                "champ « details[{idx}] » : un objet est attendu"
            )));
        };
        let mut description = text_field(detail, "description")?;
        if description.is_none() && kind == Kind::Refund {
            description = text_field(detail, "reference")?;
        }
        let amount_ht = price(detail, "totalPrice", &prefix)?
            .ok_or_else(|| Reason::MissingValue(format!("{prefix}totalPrice.value")))?;
        lines.push(InvoiceLine {
            description: description.unwrap_or_default(),
            service: text_field(detail, "domain")?.unwrap_or_default(),
            amount_ht,
        });
    }
    Ok(lines)
}

/// At most 40 characters of a text, for messages.
fn short(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::read;
    use crate::error::Reason;
    use crate::import::invoices::InvoiceFile;
    use crate::import::invoices::tests::check_counts;
    use crate::model::{Date, Money};

    const OVH: &[u8] =
        include_bytes!("../../../tests/fixtures/girofle-2024/factures/ovh/bills-2024.json");

    fn read_text(text: &str) -> InvoiceFile {
        let got = read(text.as_bytes(), Arc::from("o.json"), Arc::from("ovh"));
        check_counts(&got);
        got
    }

    /// A bill whose `billId`, `date`, `priceWithTax.value` and currency are the given JSON texts.
    fn bill(id: &str, date: &str, value: &str, currency: &str) -> String {
        format!(
            r#"{{"billId": {id}, "date": {date},
                "priceWithoutTax": {{"currencyCode": "EUR", "text": "10.00 €", "value": 10.00}},
                "priceWithTax": {{"currencyCode": {currency}, "text": "12.00 €", "value": {value}}},
                "details": [{{"description": "Truc", "domain": "srv", "totalPrice": {{"currencyCode": "EUR", "value": 10}}}}]}}"#
        )
    }

    fn ok_bill(id: &str) -> String {
        bill(
            &format!("\"{id}\""),
            "\"2024-02-03T10:00:00+01:00\"",
            "12.00",
            "\"EUR\"",
        )
    }

    fn only_rejection(text: &str) -> Reason {
        let got = read_text(text);
        assert_eq!(got.rejected.len(), 1, "{got:?}");
        got.rejected[0].reason.clone()
    }

    #[test]
    fn reads_the_ovh_sample() {
        let got = read(
            OVH,
            Arc::from("factures/ovh/bills-2024.json"),
            Arc::from("ovh"),
        );
        check_counts(&got);
        assert_eq!(got.rows, 26);
        assert_eq!(got.invoices.len(), 26);
        assert!(got.rejected.is_empty(), "{:?}", got.rejected);
        assert!(got.warnings.is_empty(), "{:?}", got.warnings);
        let first = &got.invoices[0];
        assert_eq!(first.number, "FR05139398");
        assert_eq!(first.date, Date::new(2024, 1, 1).expect("date"));
        assert_eq!(first.total, Money::from_cents(3056));
        assert_eq!(first.label, "VPS Starter — supervision et VPN");
        assert_eq!(first.source.line, 1);
        let (rank, bill) = got
            .invoices
            .iter()
            .enumerate()
            .find(|(_, i)| i.number == "FR05139704")
            .expect("FR05139704");
        assert_eq!(bill.source.line, rank as u64 + 1);
        assert_eq!(&*bill.source.file, "factures/ovh/bills-2024.json");
        assert_eq!(&*bill.supplier, "ovh");
        assert_eq!(bill.date, Date::new(2024, 10, 5).expect("date"));
        assert_eq!(bill.total, Money::from_cents(26_036));
        assert_eq!(bill.total_ht, Some(Money::from_cents(21_697)));
        assert!(!bill.credit_note);
        assert_eq!(bill.original, None);
        assert_eq!(bill.lines.len(), 4);
        let services: Vec<&str> = bill.lines.iter().map(|l| l.service.as_str()).collect();
        assert_eq!(
            services,
            [
                "ns3111630.ip-51-77-214.eu",
                "ns3196618.ip-51-77-199.eu",
                "ns3128098.ip-51-77-164.eu",
                "backup-girofle"
            ]
        );
        assert_eq!(bill.lines[3].amount_ht, Money::from_cents(1000));
        assert_eq!(bill.lines[3].description, "Backup Storage 500 Go");
        assert_eq!(bill.lines[0].amount_ht, Money::from_cents(6899));
    }

    #[test]
    fn accepts_a_single_bill_and_a_bills_object() {
        let got = read_text(&ok_bill("FR1"));
        assert_eq!(got.invoices.len(), 1);
        assert_eq!(got.invoices[0].source.line, 1);
        assert_eq!(got.invoices[0].total, Money::from_cents(1200));
        assert_eq!(got.invoices[0].lines[0].service, "srv");

        let text = format!(
            r#"{{"bills": [{}, {}], "refunds": []}}"#,
            ok_bill("FR1"),
            ok_bill("FR2")
        );
        let got = read_text(&text);
        let ranks: Vec<(&str, u64)> = got
            .invoices
            .iter()
            .map(|i| (i.number.as_str(), i.source.line))
            .collect();
        assert_eq!(ranks, [("FR1", 1), ("FR2", 2)]);
        let got = read_text("[]");
        assert_eq!((got.rows, got.rejected.len()), (0, 0));
    }

    #[test]
    fn a_refund_is_a_negative_credit_note() {
        let refund = r#"{"refundId": "AFR0001", "originalBillId": "FR05139398",
            "date": "2024-03-04T08:00:00+01:00",
            "priceWithoutTax": {"currencyCode": "EUR", "text": "4.99 €", "value": 4.99},
            "priceWithTax": {"currencyCode": "EUR", "text": "5.99 €", "value": 5.99},
            "details": [{"refundDetailId": "1", "reference": "VPS Starter", "domain": "vps-1",
                         "quantity": "1", "totalPrice": {"currencyCode": "EUR", "value": 4.99}}]}"#;
        let text = format!(
            r#"{{"bills": [{}], "refunds": [{refund}]}}"#,
            ok_bill("FR1")
        );
        let got = read_text(&text);
        assert!(got.rejected.is_empty(), "{:?}", got.rejected);
        assert!(got.warnings.is_empty(), "{:?}", got.warnings);
        let credit = &got.invoices[1];
        assert_eq!(credit.number, "AFR0001");
        assert!(credit.credit_note);
        assert_eq!(credit.original.as_deref(), Some("FR05139398"));
        assert_eq!(credit.total, Money::from_cents(-599));
        assert_eq!(credit.total_ht, Some(Money::from_cents(-499)));
        assert_eq!(credit.lines[0].amount_ht, Money::from_cents(-499));
        assert_eq!(credit.lines[0].description, "VPS Starter");
        assert_eq!(credit.source.line, 1);
        // In a plain array, an item with a refundId is a refund; already negative stays so.
        let got = read_text(&format!("[{}]", refund.replace("5.99}", "-5.99}")));
        assert_eq!(got.invoices[0].total, Money::from_cents(-599));
        assert!(got.invoices[0].credit_note);
        // A refund without detail is labelled after the bill it refunds.
        let bare = r#"{"refundId": "AFR2", "originalBillId": "FR9", "date": "2024-03-04",
            "priceWithTax": {"currencyCode": "EUR", "value": 1}}"#;
        let got = read_text(bare);
        assert_eq!(got.invoices[0].label, "Avoir AFR2 (facture FR9)");
        assert_eq!(got.invoices[0].total, Money::from_cents(-100));
    }

    #[test]
    fn amounts_come_from_the_number_text_exactly() {
        let got = read_text(&bill("\"FR1\"", "\"2024-01-01\"", "1234567.89", "\"EUR\""));
        assert_eq!(got.invoices[0].total, Money::from_cents(123_456_789));
        let got = read_text(&bill("\"FR1\"", "\"2024-01-01\"", "1.2e1", "\"EUR\""));
        assert_eq!(got.invoices[0].total, Money::from_cents(1200));
        let got = read_text(&bill("\"FR1\"", "\"2024-01-01\"", "\"12,00\"", "\"EUR\""));
        assert_eq!(got.invoices[0].total, Money::from_cents(1200));
        // 0.1 + 0.2 in binary floating point is not 0.30; here it is exact.
        let text = r#"{"billId": "FR1", "date": "2024-01-01",
            "priceWithoutTax": {"value": 0.3}, "priceWithTax": {"value": 0.36},
            "details": [{"description": "a", "totalPrice": {"value": 0.1}},
                        {"description": "b", "totalPrice": {"value": 0.2}}]}"#;
        let got = read_text(text);
        assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    }

    #[test]
    fn missing_bill_id_is_rejected() {
        for id in ["\"\"", "null", "\"  \""] {
            let reason = only_rejection(&format!(
                "[{}, {}]",
                ok_bill("FR1"),
                bill(id, "\"2024-01-01\"", "1", "\"EUR\"")
            ));
            assert_eq!(reason, Reason::MissingValue("billId".to_owned()));
        }
        let got = read_text(&format!(
            "[{}, {}]",
            ok_bill("FR1"),
            ok_bill("FR2").replace("\"billId\": \"FR2\",", "")
        ));
        assert_eq!(got.rows, 2);
        assert_eq!(got.rejected[0].source.line, 2);
        assert_eq!(
            got.rejected[0].reason,
            Reason::MissingValue("billId".to_owned())
        );
        let reason = only_rejection(
            r#"{"refunds": [{"date": "2024-01-01", "priceWithTax": {"value": 1}}]}"#,
        );
        assert_eq!(reason, Reason::MissingValue("refundId".to_owned()));
    }

    #[test]
    fn bad_date_is_rejected() {
        let reason = only_rejection(&bill(
            "\"FR1\"",
            "\"2024-13-01T00:00:00+01:00\"",
            "1",
            "\"EUR\"",
        ));
        assert_eq!(
            reason,
            Reason::BadDate {
                column: "date".to_owned(),
                value: "2024-13-01T00:00:00+01:00".to_owned()
            }
        );
        let reason = only_rejection(&bill("\"FR1\"", "null", "1", "\"EUR\""));
        assert_eq!(reason, Reason::MissingValue("date".to_owned()));
        let reason = only_rejection(&bill("\"FR1\"", "20240101", "1", "\"EUR\""));
        assert_eq!(reason.code(), "bad_date");
    }

    #[test]
    fn bad_amount_is_rejected() {
        let reason = only_rejection(&bill("\"FR1\"", "\"2024-01-01\"", "\"douze\"", "\"EUR\""));
        assert_eq!(
            reason,
            Reason::BadAmount {
                column: "priceWithTax.value".to_owned(),
                value: "douze".to_owned()
            }
        );
        let reason = only_rejection(&bill("\"FR1\"", "\"2024-01-01\"", "true", "\"EUR\""));
        assert_eq!(reason.code(), "bad_amount");
        let reason = only_rejection(&bill("\"FR1\"", "\"2024-01-01\"", "null", "\"EUR\""));
        assert_eq!(
            reason,
            Reason::MissingValue("priceWithTax.value".to_owned())
        );
        let reason = only_rejection(&bill("\"FR1\"", "\"2024-01-01\"", "1e400", "\"EUR\""));
        assert_eq!(reason.code(), "bad_amount");
        let reason = only_rejection(&bill("\"FR1\"", "\"2024-01-01\"", "2000000000", "\"EUR\""));
        assert_eq!(reason.code(), "amount_too_large");
        let reason = only_rejection(
            r#"{"billId": "FR1", "date": "2024-01-01", "priceWithTax": {"value": 1},
                "details": [{"description": "x"}]}"#,
        );
        assert_eq!(
            reason,
            Reason::MissingValue("details[0].totalPrice.value".to_owned())
        );
    }

    #[test]
    fn too_many_decimals_is_rejected() {
        let reason = only_rejection(&bill("\"FR1\"", "\"2024-01-01\"", "30.561", "\"EUR\""));
        assert_eq!(
            reason,
            Reason::TooManyDecimals {
                column: "priceWithTax.value".to_owned(),
                value: "30.561".to_owned()
            }
        );
        // A float printed imprecisely by some script is not silently rounded.
        let reason = only_rejection(&bill(
            "\"FR1\"",
            "\"2024-01-01\"",
            "30.560000000000002",
            "\"EUR\"",
        ));
        assert_eq!(reason.code(), "too_many_decimals");
    }

    #[test]
    fn other_currencies_are_rejected() {
        let reason = only_rejection(&bill("\"FR1\"", "\"2024-01-01\"", "12", "\"USD\""));
        assert_eq!(
            reason,
            Reason::Invalid("devise « USD » non prise en charge (seul l'euro l'est)".to_owned())
        );
        let text = ok_bill("FR1").replace(
            r#""currencyCode": "EUR", "value": 10"#,
            r#""currencyCode": "GBP", "value": 10"#,
        );
        assert_eq!(only_rejection(&text).code(), "invalid");
    }

    #[test]
    fn lines_that_do_not_add_up_give_a_warning() {
        let text = ok_bill("FR1").replace(r#""value": 10}"#, r#""value": 9.99}"#);
        let got = read_text(&text);
        assert_eq!(got.invoices.len(), 1);
        assert_eq!(got.warnings.len(), 1);
        assert_eq!(got.warnings[0].code(), "invoice_lines_mismatch");
        assert_eq!(got.warnings[0].source.as_ref().map(|s| s.line), Some(1));
        assert!(
            got.warnings[0].message().contains("9,99"),
            "{}",
            got.warnings[0].message()
        );
    }

    #[test]
    fn empty_file_is_rejected() {
        for text in ["", " \n\t", "\u{feff}"] {
            let got = read_text(text);
            assert_eq!(got.rejected[0].reason, Reason::EmptyFile);
            assert_eq!(got.rejected[0].source.line, 0);
        }
    }

    #[test]
    fn invalid_json_is_rejected_with_its_place() {
        let got = read_text("[\n  {\"billId\": \"FR1\",\n  }\n]");
        assert_eq!(got.rows, 0);
        assert_eq!(got.rejected.len(), 1);
        assert_eq!(got.rejected[0].source.line, 0);
        let Reason::BadJson(message) = &got.rejected[0].reason else {
            panic!("{:?}", got.rejected);
        };
        assert!(message.contains("ligne 3"), "{message}");
        let got = read_text("[{\"billId\": \"FR1\"");
        assert_eq!(got.rejected[0].reason.code(), "bad_json");
        assert_eq!(
            read_text("\"just a string\"").rejected[0].reason.code(),
            "unknown_format"
        );
        assert_eq!(
            read_text("{\"a\": 1}").rejected[0].reason.code(),
            "unknown_format"
        );
        assert_eq!(
            read_text("{\"bills\": 3}").rejected[0].reason.code(),
            "unknown_format"
        );
    }

    #[test]
    fn deeply_nested_json_is_rejected() {
        let got = read_text(&"[".repeat(100_000));
        assert_eq!(got.rows, 0);
        let Reason::BadJson(message) = &got.rejected[0].reason else {
            panic!("{:?}", got.rejected);
        };
        assert!(message.contains("imbrication"), "{message}");
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(read_text(&nested(65)).rejected[0].reason.code(), "bad_json");
        // 64 levels parse; the only item is then not a bill.
        let got = read_text(&nested(64));
        assert_eq!((got.rows, got.rejected[0].source.line), (1, 1));
        // Brackets inside strings don't count.
        let text = format!(
            "[{}]",
            ok_bill("FR1").replace("Truc", &"[{\\\"".repeat(100))
        );
        let got = read_text(&text);
        assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    }

    #[test]
    fn items_that_are_not_objects_are_rejected_alone() {
        let got = read_text(&format!("[1, {}, \"x\"]", ok_bill("FR1")));
        assert_eq!(got.rows, 3);
        assert_eq!(got.invoices.len(), 1);
        assert_eq!(got.invoices[0].source.line, 2);
        let lines: Vec<u64> = got.rejected.iter().map(|r| r.source.line).collect();
        assert_eq!(lines, [1, 3]);
    }
}
