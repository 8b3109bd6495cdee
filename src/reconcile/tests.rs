//! Unit tests: each kind in isolation, ambiguity, credit notes, project splits, decisions,
//! HT basis, and properties over generated ledgers, all asserted on typed findings (the
//! renderers' tests are in `report::ecarts_tests`).

use std::sync::Arc;

use proptest::prelude::*;

use crate::model::{Date, Entry, Invoice, Money, Source};
use crate::reconcile::testdata::{
    day, entry, eur, expense, invoice, line, named, rules, run, with_lines,
};
use crate::reconcile::{
    Basis, Decision, EntryOutcome, Finding, InvoiceOutcome, Kind, MatchedBy, ProjectKey,
    ProjectRule, Reconciliation, ServicePattern, Severity, reconcile,
};

fn kinds(rec: &Reconciliation) -> Vec<(Kind, Severity)> {
    rec.discrepancies
        .iter()
        .map(|d| (d.kind, d.severity))
        .collect()
}

#[test]
fn clean_books_have_no_discrepancy() {
    let rec = run(
        &[expense("1", "2024-03-03", "FR1001", "604A", 1000)],
        &[invoice("ovh", "FR1001", "2024-03-01", 1000)],
    );
    assert_eq!(kinds(&rec), []);
    assert_eq!(rec.matches.len(), 1);
    assert_eq!(rec.matches[0].by, MatchedBy::Piece);
}

#[test]
fn invoice_without_entry_and_entry_without_invoice() {
    let rec = run(
        &[expense("1", "2024-03-03", "X-9", "604A", 999)],
        &[invoice("ovh", "FR1001", "2024-03-01", 1000)],
    );
    assert_eq!(
        kinds(&rec),
        [
            (Kind::InvoiceWithoutEntry, Severity::Error),
            (Kind::EntryWithoutInvoice, Severity::Error)
        ]
    );
    let lone = &rec.discrepancies[1];
    assert_eq!(lone.reference.as_deref(), Some("X-9"));
    assert_eq!(lone.supplier.as_deref(), Some("ovh"));
    assert_eq!(lone.evidence.booked_amount, Some(eur(999)));
}

#[test]
fn amount_mismatch_by_reference() {
    let rec = run(
        &[expense("1", "2024-03-03", "FR1001", "604A", 1010)],
        &[invoice("ovh", "FR1001", "2024-03-01", 1000)],
    );
    assert_eq!(kinds(&rec), [(Kind::AmountMismatch, Severity::Error)]);
    let ev = &rec.discrepancies[0].evidence;
    assert_eq!(
        (ev.invoice_amount, ev.booked_amount),
        (Some(eur(1000)), Some(eur(1010)))
    );
}

#[test]
fn amount_tolerance_accepts_small_differences() {
    let mut r = rules();
    r.tolerances.amount = eur(5);
    let rec = reconcile(
        &[expense("1", "2024-03-03", "", "604A", 1003)],
        &[invoice("ovh", "FR1001", "2024-03-01", 1000)],
        &r,
        &[],
    );
    assert_eq!(rec.matches.len(), 1);
    assert_eq!(rec.matches[0].by, MatchedBy::Amount);
    // Only the empty pièce remains, as information.
    assert_eq!(kinds(&rec), [(Kind::ReferenceMismatch, Severity::Info)]);
}

#[test]
fn reference_mismatch_warning_and_empty_piece_info() {
    let mut e = expense("1", "2024-03-03", "FR1010", "604A", 1000);
    e.label = "Facture FR1001.".into();
    let rec = run(
        &[e, expense("2", "2024-04-03", "", "604A", 2000)],
        &[
            invoice("ovh", "FR1001", "2024-03-01", 1000),
            invoice("ovh", "FR2002", "2024-04-01", 2000),
        ],
    );
    assert_eq!(
        kinds(&rec),
        [
            (Kind::ReferenceMismatch, Severity::Warning),
            (Kind::ReferenceMismatch, Severity::Info)
        ]
    );
    assert_eq!(rec.discrepancies[0].reference.as_deref(), Some("FR1010"));
    assert_eq!(rec.matches.len(), 2);
}

#[test]
fn second_booking_is_a_duplicate_whatever_its_amount() {
    let rec = run(
        &[
            expense("1", "2024-03-03", "FR1001", "604A", 1000),
            expense("2", "2024-03-20", "FR1001", "604A", 1200),
        ],
        &[invoice("ovh", "FR1001", "2024-03-01", 1000)],
    );
    assert_eq!(kinds(&rec), [(Kind::DuplicateEntry, Severity::Error)]);
    let d = &rec.discrepancies[0];
    assert_eq!(d.entry.as_deref(), Some("2"));
    assert_eq!(d.evidence.kept_entry.as_deref(), Some("1"));
    assert!(matches!(
        rec.entry_states[1].outcome,
        EntryOutcome::Duplicate { .. }
    ));
}

#[test]
fn pièce_hit_beats_a_closer_label_hit() {
    let mut by_label = expense("1", "2024-03-01", "", "604A", 1000);
    by_label.label = "voir FR1001".into();
    let rec = run(
        &[by_label, expense("2", "2024-03-25", "FR1001", "604A", 1000)],
        &[invoice("ovh", "FR1001", "2024-03-01", 1000)],
    );
    assert_eq!(rec.matches[0].entry, 1);
    assert_eq!(rec.matches[0].by, MatchedBy::Piece);
    // The label-only entry is a second booking, and the match is far: date information.
    assert_eq!(
        kinds(&rec),
        [
            (Kind::DuplicateEntry, Severity::Error),
            (Kind::DateMismatch, Severity::Info)
        ]
    );
}

#[test]
fn refund_citing_the_bill_is_not_a_duplicate() {
    let mut refund = expense("2", "2024-03-20", "AV-77", "604A", -300);
    refund.label = "Remboursement partiel FR1001".into();
    let rec = run(
        &[expense("1", "2024-03-03", "FR1001", "604A", 1000), refund],
        &[
            invoice("ovh", "FR1001", "2024-03-01", 1000),
            invoice("ovh", "AV-77", "2024-03-18", -300),
        ],
    );
    assert_eq!(kinds(&rec), []);
    assert_eq!(rec.matches.len(), 2);
}

#[test]
fn credit_note_matches_a_credit_by_amount() {
    let rec = run(
        &[expense("5", "2024-06-10", "", "604A", -1550)],
        &[invoice("ovh", "AV2024", "2024-06-01", -1550)],
    );
    assert_eq!(rec.matches.len(), 1);
    assert_eq!(rec.matches[0].by, MatchedBy::Amount);
    assert_eq!(kinds(&rec), [(Kind::ReferenceMismatch, Severity::Info)]);
    // A debit of the same size is not a credit note's booking.
    let rec = run(
        &[expense("5", "2024-06-10", "", "604A", 1550)],
        &[invoice("ovh", "AV2024", "2024-06-01", -1550)],
    );
    assert!(rec.matches.is_empty());
}

#[test]
fn wrong_account_names_both_accounts() {
    let rec = run(
        &[expense("1", "2024-03-03", "FR1001", "604A", 1000)],
        &[invoice("kimsufi", "FR1001", "2024-03-01", 1000)],
    );
    assert_eq!(kinds(&rec), [(Kind::WrongAccount, Severity::Error)]);
    let ev = &rec.discrepancies[0].evidence;
    assert_eq!(ev.expected_accounts, Some(vec![Arc::from("604F")]));
    assert_eq!(ev.booked_accounts, Some(vec![Arc::from("604A")]));
    match &rec.discrepancies[0].finding {
        Finding::WrongAccount {
            their_suppliers,
            expected_accounts,
            entry,
            ..
        } => {
            assert_eq!(their_suppliers, &["OVH".to_owned()]);
            assert_eq!(expected_accounts, &[Arc::from("604F")]);
            assert_eq!(entry.number, "1");
        }
        other => panic!("{other:?}"),
    }
}

fn split_entry(bl: i64, none: i64) -> Entry {
    entry(
        "1",
        "2024-05-08",
        "FR1001",
        "Facture OVH",
        vec![
            line("604A", bl, 0, Some("BL")),
            line("604A", none, 0, None),
            line("5121", 0, bl + none, None),
        ],
    )
}

fn split_invoice() -> Invoice {
    // 251,96 TTC for 206,97 HT of servers and 3,00 HT of VPS.
    with_lines(
        invoice("ovh", "FR1001", "2024-05-05", 25_196),
        &[
            ("ns3111630.ip-51-77-214.eu", 6899),
            ("ns3196618.ip-51-77-199.eu", 6899),
            ("ns3128098.ip-51-77-164.eu", 6899),
            ("vps-f9fc631a.vps.ovh.net", 300),
        ],
    )
}

#[test]
fn split_bill_booked_right_has_no_discrepancy() {
    let rec = run(&[split_entry(24_836, 360)], &[split_invoice()]);
    assert_eq!(kinds(&rec), []);
}

#[test]
fn split_bill_booked_on_one_project_is_a_project_mismatch() {
    let rec = run(&[split_entry(25_196, 0)], &[split_invoice()]);
    assert_eq!(kinds(&rec), [(Kind::ProjectMismatch, Severity::Warning)]);
    let ev = &rec.discrepancies[0].evidence;
    let expected = ev.expected_projects.clone().expect("expected split");
    assert_eq!(expected.get(&named("BL")), Some(&eur(24_836)));
    assert_eq!(expected.get(&ProjectKey::None), Some(&eur(360)));
    let booked = ev.booked_projects.clone().expect("booked split");
    assert_eq!(booked.len(), 1);
    assert_eq!(booked.get(&named("BL")), Some(&eur(25_196)));
}

#[test]
fn shares_add_up_to_the_total() {
    // 100,00 in three equal lines: 33,33 × 3 = 99,99, the remainder goes to the largest share.
    let mut r = rules();
    r.projects = ["a", "b", "c"]
        .into_iter()
        .map(|p| ProjectRule {
            supplier: None,
            service: ServicePattern::Exact(p.to_owned()),
            project: p.to_uppercase(),
        })
        .collect();
    let inv = with_lines(
        invoice("ovh", "FR1001", "2024-05-05", 10_000),
        &[("a", 100), ("b", 100), ("c", 100)],
    );
    let e = entry(
        "1",
        "2024-05-08",
        "FR1001",
        "",
        vec![
            line("604A", 3300, 0, Some("A")),
            line("604A", 3300, 0, Some("B")),
            line("604A", 3400, 0, Some("C")),
            line("5121", 0, 10_000, None),
        ],
    );
    let rec = reconcile(&[e], &[inv], &r, &[]);
    let ev = &rec.discrepancies[0].evidence;
    let expected = ev.expected_projects.clone().expect("split");
    assert_eq!(expected.values().copied().sum::<Money>(), eur(10_000));
    assert_eq!(
        expected.values().map(|m| m.cents()).collect::<Vec<_>>(),
        [3334, 3333, 3333]
    );
}

#[test]
fn a_project_named_like_no_project_stays_apart() {
    let mut r = rules();
    r.projects[0].project = "(aucun)".to_owned();
    let inv = with_lines(
        invoice("ovh", "FR1001", "2024-05-05", 20_000),
        &[("ns3a.eu", 10_000), ("other", 10_000)],
    );
    let e = entry(
        "1",
        "2024-05-08",
        "FR1001",
        "",
        vec![line("604A", 20_000, 0, None), line("5121", 0, 20_000, None)],
    );
    let rec = reconcile(&[e], &[inv], &r, &[]);
    assert_eq!(kinds(&rec), [(Kind::ProjectMismatch, Severity::Warning)]);
    let ev = &rec.discrepancies[0].evidence;
    let expected = ev.expected_projects.clone().expect("split");
    assert_eq!(expected.len(), 2);
    assert_eq!(expected.get(&named("(aucun)")), Some(&eur(10_000)));
    assert_eq!(expected.get(&ProjectKey::None), Some(&eur(10_000)));
    let booked = ev.booked_projects.clone().expect("split");
    assert_eq!(booked.get(&ProjectKey::None), Some(&eur(20_000)));
}

#[test]
fn invoice_without_services_gets_no_project_check() {
    let e = entry(
        "1",
        "2024-05-08",
        "FR1001",
        "",
        vec![
            line("604A", 1000, 0, Some("BL")),
            line("5121", 0, 1000, None),
        ],
    );
    let rec = run(&[e], &[invoice("ovh", "FR1001", "2024-05-05", 1000)]);
    assert_eq!(kinds(&rec), []);
}

#[test]
fn two_identical_candidates_are_ambiguous() {
    let rec = run(
        &[
            expense("1", "2024-03-05", "", "604A", 1000),
            expense("2", "2024-03-05", "", "604A", 1000),
        ],
        &[invoice("ovh", "FR1001", "2024-03-01", 1000)],
    );
    assert_eq!(kinds(&rec), [(Kind::AmbiguousMatch, Severity::Warning)]);
    assert_eq!(
        rec.discrepancies[0].evidence.candidate_entries,
        ["1".to_owned(), "2".to_owned()]
    );
    assert!(rec.matches.is_empty());
    assert_eq!(
        rec.invoice_states[0].outcome,
        InvoiceOutcome::Unmatched { ambiguous: true }
    );
}

#[test]
fn closest_date_wins_when_not_tied() {
    let rec = run(
        &[
            expense("1", "2024-03-05", "", "604A", 1000),
            expense("2", "2024-03-06", "", "604A", 1000),
        ],
        &[invoice("ovh", "FR1001", "2024-03-01", 1000)],
    );
    assert_eq!(rec.matches.len(), 1);
    assert_eq!(rec.matches[0].entry, 0);
    assert!(kinds(&rec).contains(&(Kind::EntryWithoutInvoice, Severity::Error)));
}

#[test]
fn outside_the_window_is_not_matched_by_amount() {
    let rec = run(
        &[expense("1", "2024-03-30", "", "604A", 1000)],
        &[invoice("ovh", "FR1001", "2024-03-01", 1000)],
    );
    assert!(rec.matches.is_empty());
}

#[test]
fn out_of_year_invoices_are_listed_not_matched() {
    let rec = run(&[], &[invoice("ovh", "FR1001", "2023-12-30", 1000)]);
    assert_eq!(kinds(&rec), [(Kind::OutOfYear, Severity::Info)]);
    assert_eq!(rec.invoice_states[0].outcome, InvoiceOutcome::OutOfYear);
}

#[test]
fn ht_basis_compares_with_the_total_before_tax() {
    let mut inv = invoice("ovh", "FR1001", "2024-03-01", 1200);
    inv.total_ht = Some(eur(1000));
    let entries = [expense("1", "2024-03-03", "FR1001", "604A", 1000)];
    let mut r = rules();
    r.basis = Basis::Ht;
    let rec = reconcile(&entries, std::slice::from_ref(&inv), &r, &[]);
    assert_eq!(kinds(&rec), []);
    let rec = reconcile(&entries, &[inv], &rules(), &[]);
    assert_eq!(kinds(&rec), [(Kind::AmountMismatch, Severity::Error)]);
}

fn decision(kind: Kind, invoice: Option<&str>, entry: Option<&str>) -> Decision {
    Decision {
        kind,
        invoice: invoice.map(str::to_owned),
        entry: entry.map(str::to_owned),
        reason: "frais bancaires *inclus*".to_owned(),
        who: "Camille".to_owned(),
        date: "2025-01-15".to_owned(),
        source: Source::new(Arc::from("rappro.toml"), 12),
    }
}

#[test]
fn decisions_accept_and_go_stale() {
    let entries = [
        expense("1", "2024-03-03", "FR1001", "604A", 1010),
        expense("2", "2024-08-06", "R-8", "604A", 5500),
    ];
    let invoices = [invoice("ovh", "FR1001", "2024-03-01", 1000)];
    let decisions = [
        decision(Kind::AmountMismatch, Some("FR1001"), None),
        decision(Kind::EntryWithoutInvoice, Some("R-8"), None),
        decision(Kind::DuplicateEntry, Some("FR9999"), None),
    ];
    let rec = reconcile(&entries, &invoices, &rules(), &decisions);
    assert_eq!(rec.discrepancies.len(), 2);
    assert!(rec.discrepancies.iter().all(|d| !d.is_open()));
    assert_eq!(rec.open_count(Severity::Error), 0);
    assert_eq!(rec.stale_decisions, [decisions[2].clone()]);
    let accepted = rec.discrepancies[0].decision.as_ref().expect("accepted");
    assert_eq!(accepted.reason, "frais bancaires *inclus*");
    // An accepted mismatch leaves the line reconciled.
    assert_eq!(rec.lines[0].reason.accepted, [Kind::AmountMismatch]);
    assert!(rec.lines[0].reason.open.is_empty());
    // A decision naming another entry does not apply.
    let rec = reconcile(
        &entries,
        &invoices,
        &rules(),
        &[decision(Kind::AmountMismatch, Some("FR1001"), Some("2"))],
    );
    assert_eq!(rec.stale_decisions.len(), 1);
    assert_eq!(rec.open_count(Severity::Error), 2);
}

#[test]
fn short_numbers_are_looked_for_in_the_pièce_only() {
    let mut e = expense("1", "2024-03-03", "", "604A", 999);
    e.label = "VIR RETZO 12".into();
    let rec = run(&[e], &[invoice("ovh", "12", "2024-03-01", 1000)]);
    assert!(rec.matches.is_empty());
    let rec = run(
        &[expense("1", "2024-03-03", "12", "604A", 1000)],
        &[invoice("ovh", "12", "2024-03-01", 1000)],
    );
    assert_eq!(rec.matches.len(), 1);
}

#[test]
fn glob_patterns() {
    let glob = |p: &str, s: &str| ServicePattern::Glob(p.to_owned()).matches(s);
    assert!(glob("ns3*.eu", "ns3111630.ip-51-77-214.eu"));
    assert!(glob("*", ""));
    assert!(glob("a?c", "abc"));
    assert!(!glob("a?c", "ac"));
    assert!(!glob("NS3*", "ns3"));
    assert!(glob("*a*b*", "xxaxxbxx"));
    assert!(!glob("*a*b", "xxaxxbxx"));
    assert!(ServicePattern::Exact("x".to_owned()).matches("x"));
}

#[test]
fn kind_codes_round_trip() {
    for kind in Kind::ALL {
        assert_eq!(Kind::from_code(kind.code()), Some(kind));
    }
}

// --- properties ---

fn gen_entry() -> impl Strategy<Value = (i64, u8, u8, i64, bool)> {
    // (day of year, pièce choice, account choice, amount choice, project)
    (0i64..366, 0u8..12, 0u8..3, 0i64..4, any::<bool>())
}

fn gen_invoice() -> impl Strategy<Value = (u8, i64, i64, bool)> {
    // (supplier, day offset from 2024-01-01 (some out of year), amount choice, with lines)
    (0u8..2, -20i64..386, 0i64..4, any::<bool>())
}

const AMOUNTS: [i64; 4] = [1000, 2500, -1000, 7726];

fn build(
    raw_entries: &[(i64, u8, u8, i64, bool)],
    raw_invoices: &[(u8, i64, i64, bool)],
) -> (Vec<Entry>, Vec<Invoice>) {
    let start = day("2024-01-01").days();
    let entries = raw_entries
        .iter()
        .enumerate()
        .map(|(n, &(d, piece, account, amount, project))| {
            let date = Date::from_days(start + d).expect("in range").to_string();
            let piece = if piece < 8 {
                format!("FR{piece:04}")
            } else {
                String::new()
            };
            let account = ["604A", "604F", "6061"][usize::from(account)];
            let mut e = expense(
                &(n + 1).to_string(),
                &date,
                &piece,
                account,
                AMOUNTS[amount as usize],
            );
            if project {
                e.lines[0].project = Some(Arc::from("BL"));
            }
            e
        })
        .collect();
    let invoices = raw_invoices
        .iter()
        .enumerate()
        .map(|(n, &(supplier, d, amount, lines))| {
            let date = Date::from_days(start + d).expect("in range").to_string();
            let supplier = ["ovh", "kimsufi"][usize::from(supplier)];
            // Numbers are unique per supplier; some collide with pièces.
            let inv = invoice(
                supplier,
                &format!("FR{n:04}"),
                &date,
                AMOUNTS[amount as usize],
            );
            if lines {
                let cents = inv.total.cents();
                with_lines(inv, &[("ns3.eu", cents / 2), ("other", cents - cents / 2)])
            } else {
                inv
            }
        })
        .collect();
    (entries, invoices)
}

/// Everything a reconciliation says, without the indexes into the inputs.
fn contents(rec: &Reconciliation) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        &rec.discrepancies,
        &rec.lines,
        rec.invoice_states
            .iter()
            .map(|s| (&s.supplier, &s.number, &s.outcome))
            .collect::<Vec<_>>(),
        rec.entry_states
            .iter()
            .map(|s| (&s.number, &s.outcome))
            .collect::<Vec<_>>(),
        &rec.stale_decisions,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_input_ends_in_exactly_one_state(
        raw_entries in prop::collection::vec(gen_entry(), 0..24),
        raw_invoices in prop::collection::vec(gen_invoice(), 0..16),
    ) {
        let (entries, invoices) = build(&raw_entries, &raw_invoices);
        let rec = run(&entries, &invoices);
        // One state per invoice.
        let mut seen = vec![0u32; invoices.len()];
        for s in &rec.invoice_states {
            seen[s.index] += 1;
        }
        prop_assert!(seen.iter().all(|&n| n == 1));
        // One state per candidate entry, and only candidates.
        let candidates: Vec<usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.lines.iter().any(|l| &*l.account == "604A" || &*l.account == "604F"))
            .map(|(i, _)| i)
            .collect();
        let mut states: Vec<usize> = rec.entry_states.iter().map(|s| s.index).collect();
        states.sort_unstable();
        prop_assert_eq!(states, candidates);
        // Matches are one-to-one and agree with the states.
        let mut inv_used = vec![false; invoices.len()];
        let mut ent_used = vec![false; entries.len()];
        for m in &rec.matches {
            prop_assert!(!inv_used[m.invoice] && !ent_used[m.entry]);
            inv_used[m.invoice] = true;
            ent_used[m.entry] = true;
        }
        for s in &rec.invoice_states {
            let matched = matches!(s.outcome, InvoiceOutcome::Matched { .. });
            prop_assert_eq!(matched, inv_used[s.index]);
            if s.outcome == InvoiceOutcome::OutOfYear {
                prop_assert!(!rules().fiscal_year.0.le(&invoices[s.index].date)
                    || !invoices[s.index].date.le(&rules().fiscal_year.1));
            }
        }
        for s in &rec.entry_states {
            let matched = matches!(s.outcome, EntryOutcome::Matched { .. });
            prop_assert_eq!(matched, ent_used[s.index]);
        }
        // Every unmatched, non-ambiguous input has its discrepancy.
        let lonely_invoices = rec.invoice_states.iter()
            .filter(|s| s.outcome == InvoiceOutcome::Unmatched { ambiguous: false })
            .count();
        let lonely_entries = rec.entry_states.iter()
            .filter(|s| s.outcome == EntryOutcome::Unmatched { ambiguous: false })
            .count();
        let count = |k: Kind| rec.discrepancies.iter().filter(|d| d.kind == k).count();
        prop_assert_eq!(count(Kind::InvoiceWithoutEntry), lonely_invoices);
        prop_assert_eq!(count(Kind::EntryWithoutInvoice), lonely_entries);
    }

    #[test]
    fn shuffling_the_inputs_changes_nothing(
        raw_entries in prop::collection::vec(gen_entry(), 0..24),
        raw_invoices in prop::collection::vec(gen_invoice(), 0..16),
        seed in any::<u64>(),
    ) {
        let (entries, invoices) = build(&raw_entries, &raw_invoices);
        let first = run(&entries, &invoices);
        let mut shuffled_entries = entries.clone();
        let mut shuffled_invoices = invoices.clone();
        shuffle(&mut shuffled_entries, seed);
        shuffle(&mut shuffled_invoices, seed.rotate_left(17));
        let second = run(&shuffled_entries, &shuffled_invoices);
        prop_assert_eq!(contents(&first), contents(&second));
    }
}

/// Fisher–Yates with a small xorshift generator: deterministic from the seed.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// Scale check (run with `cargo test --release --lib reconcile::tests::scale -- --ignored --nocapture`):
/// 100 000 invoices against 500 000 two-line entries (1 000 000 lines).
#[test]
#[ignore = "slow in debug builds: a scale check of correctness (timing belongs to the benchmark)"]
fn scale_100k_invoices_1m_lines() {
    for (name, with_piece, amounts) in [
        ("pièces", true, 100_000i64),
        ("sans pièces, montants variés", false, 100_000),
        ("sans pièces, 50 montants", false, 50),
    ] {
        let start = day("2024-01-01").days();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut invoices = Vec::with_capacity(100_000);
        let mut entries = Vec::with_capacity(500_000);
        for n in 0..500_000u64 {
            let d = (next() % 366) as i64;
            let cents = 100 + (next() % amounts as u64) as i64 * 7;
            let date = Date::from_days(start + d).expect("date").to_string();
            let number = format!("FR{n:08}");
            if n < 100_000 {
                invoices.push(invoice("ovh", &number, &date, cents));
            }
            let booked = Date::from_days(start + (d + 3).min(365))
                .expect("date")
                .to_string();
            let piece = if with_piece && n < 100_000 {
                number.as_str()
            } else {
                ""
            };
            let mut e = expense(&(n + 1).to_string(), &booked, piece, "604A", cents);
            e.label = format!("Prélèvement OVH {}", n % 97).into();
            e.lines[1].text = crate::model::LineText::new("PRLV SEPA OVH", "", "");
            entries.push(e);
        }
        let rec = run(&entries, &invoices);
        // Every invoice ends in exactly one state, and so does every candidate entry.
        assert_eq!(rec.invoice_states.len(), invoices.len(), "{name}");
        assert_eq!(rec.entry_states.len(), entries.len(), "{name}");
        if with_piece {
            assert_eq!(
                rec.matches.len(),
                invoices.len(),
                "{name}: every invoice found by its pièce"
            );
        }
    }
}
