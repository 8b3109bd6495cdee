//! Money: an exact amount in euros, always at most two decimals.
//!
//! This module parses and formats amounts; it never touches `f64`. Spreadsheet readers
//! turn their floating cells into text first (see `import::spreadsheet`) and come through
//! [`Money::parse`] like everything else, so there is one grammar for every input.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rust_decimal::Decimal;

/// The narrow no-break space (U+202F) of French typography: thousands separator, and before
/// `€`, `:`, `;`, `»` (after `«`) in rappro's own text.
pub const NARROW_NBSP: char = '\u{202f}';

/// Paheko refuses amounts of one billion or more (`Line.php`); we do the same.
const LIMIT_CENTS: i64 = 100_000_000_000;

/// An exact amount of euros with two decimals (a newtype over `rust_decimal::Decimal`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

/// Why a text is not an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number at all (`12,3,4`, `abc`).
    Invalid,
    /// A number with more than two significant decimals (`12,345`).
    TooManyDecimals,
    /// One billion or more, in absolute value.
    TooLarge,
}

impl Money {
    /// Zero euros.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// An amount from a whole number of cents.
    pub fn from_cents(cents: i64) -> Money {
        Money(Decimal::new(cents, 2))
    }

    /// The amount as a decimal with exactly two decimals.
    pub fn as_decimal(self) -> Decimal {
        let mut value = self.0;
        value.rescale(2);
        value
    }

    /// The amount as whole cents (exact: a `Money` never has more than two decimals).
    pub fn cents(self) -> i64 {
        let value = self.as_decimal();
        // Invariant: values are below one billion with two decimals, so the mantissa fits an i64.
        i64::try_from(value.mantissa()).unwrap_or(i64::MAX)
    }

    /// True for zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// True below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Absolute value.
    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// Parses an amount as people and spreadsheets write it.
    ///
    /// Accepts Paheko's input grammar and what spreadsheets re-save: `1234,56`, `1 234,56`
    /// (space, no-break space or narrow no-break space as thousands separator), `1.234,56`,
    /// `1,234.56`, `1234.56`, `,12`, `+5`, `-12,30`, `(12,30)` (negative, as an accounting
    /// number format shows it), `0`, and a leading or trailing `€`.
    /// A single separator is always the decimal one, so `1.234` has too many decimals rather
    /// than being guessed as one thousand two hundred and thirty-four.
    /// An empty text is *not* an amount here: callers decide what an empty cell means.
    pub fn parse(text: &str) -> Result<Money, AmountError> {
        let text = text.trim_matches(is_blank);
        // `(264,00)`: the accountants' negative, as a spreadsheet's number format shows it.
        if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            let inner = inner.trim_matches(is_blank);
            if inner.starts_with(['-', '+', '(']) {
                return Err(AmountError::Invalid);
            }
            return Money::parse(inner).map(|m| -m);
        }
        let text = text
            .strip_suffix('€')
            .unwrap_or(text)
            .trim_matches(is_blank);
        let text = text
            .strip_prefix('€')
            .unwrap_or(text)
            .trim_matches(is_blank);
        let (negative, body) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        // Positions of the separators, blanks skipped.
        let mut int_part: u64 = 0;
        let mut frac: [u8; 32] = [0; 32];
        let mut n_frac = 0usize;
        let mut n_digits = 0usize;
        let decimal_sep = decimal_separator(body)?;
        let mut in_frac = false;
        let mut group_len: Option<usize> = None; // digits since the last thousands separator
        for ch in body.chars() {
            match ch {
                '0'..='9' => {
                    n_digits += 1;
                    let digit = ch as u8 - b'0';
                    if in_frac {
                        if n_frac == frac.len() {
                            return Err(AmountError::TooManyDecimals);
                        }
                        frac[n_frac] = digit;
                        n_frac += 1;
                    } else {
                        int_part = int_part
                            .checked_mul(10)
                            .and_then(|v| v.checked_add(u64::from(digit)))
                            .ok_or(AmountError::TooLarge)?;
                        if let Some(len) = group_len.as_mut() {
                            *len += 1;
                        }
                    }
                }
                ',' | '.' if Some(ch) == decimal_sep => {
                    if group_len.is_some_and(|len| len != 3) {
                        return Err(AmountError::Invalid);
                    }
                    group_len = None;
                    in_frac = true;
                }
                ',' | '.' => {
                    // A thousands separator: the group before it has 1 to 3 digits
                    // (the first) or exactly 3 (the others).
                    match group_len {
                        Some(3) => {}
                        None if (1..=3).contains(&n_digits) => {}
                        _ => return Err(AmountError::Invalid),
                    }
                    group_len = Some(0);
                }
                // Thousands separators only: a line break or a tab inside a number is no number.
                ' ' | '\u{a0}' | '\u{202f}' | '\'' => {}
                _ => return Err(AmountError::Invalid),
            }
        }
        if n_digits == 0 || group_len.is_some_and(|len| len != 3) {
            return Err(AmountError::Invalid);
        }
        while n_frac > 2 && frac[n_frac - 1] == 0 {
            n_frac -= 1;
        }
        if n_frac > 2 {
            return Err(AmountError::TooManyDecimals);
        }
        let frac_cents = u64::from(frac[0]) * 10 + u64::from(frac[1]);
        let cents = int_part
            .checked_mul(100)
            .and_then(|v| v.checked_add(frac_cents))
            .and_then(|v| i64::try_from(v).ok())
            .filter(|v| *v < LIMIT_CENTS)
            .ok_or(AmountError::TooLarge)?;
        Ok(Money::from_cents(if negative { -cents } else { cents }))
    }

    /// `1234.56`, `-0.50`: the machine form (JSON), always two decimals, no separators.
    pub fn to_plain(self) -> String {
        self.as_decimal().to_string()
    }

    /// `1 234,56`, `-0,50`: the French form for people, with a narrow no-break space (U+202F)
    /// as thousands separator, so that an amount never breaks across lines.
    pub fn to_french(self) -> String {
        let cents = self.cents();
        let sign = if cents < 0 { "-" } else { "" };
        let abs = cents.unsigned_abs();
        let units = (abs / 100).to_string();
        let mut grouped = String::with_capacity(units.len() + units.len());
        for (idx, ch) in units.chars().enumerate() {
            if idx > 0 && (units.len() - idx).is_multiple_of(3) {
                grouped.push(NARROW_NBSP);
            }
            grouped.push(ch);
        }
        format!("{sign}{grouped},{:02}", abs % 100)
    }

    /// `1 234,56 €`: the French form and the euro sign, joined by a narrow no-break space.
    pub fn to_euros(self) -> String {
        format!("{}{NARROW_NBSP}€", self.to_french())
    }

    /// `1234,56`: decimal comma without thousands separator (spreadsheet-friendly CSV).
    pub fn to_comma(self) -> String {
        self.to_plain().replace('.', ",")
    }

    /// Multiplies by `numerator / denominator` and rounds half away from zero to the cent.
    /// Used to split an invoice's total in proportion to its lines. `None` if the denominator is zero.
    pub fn prorate(self, numerator: Money, denominator: Money) -> Option<Money> {
        if denominator.is_zero() {
            return None;
        }
        let exact = self
            .0
            .checked_mul(numerator.0)?
            .checked_div(denominator.0)?;
        Some(Money(exact.round_dp_with_strategy(
            2,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )))
    }
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
}

/// Which of `,` and `.` is the decimal separator of `body`, if any.
/// Both present: the last one, which must appear once. One kind only: the decimal separator
/// if it appears once, thousands separators (no decimals) if it appears several times.
fn decimal_separator(body: &str) -> Result<Option<char>, AmountError> {
    let commas = body.matches(',').count();
    let dots = body.matches('.').count();
    let last = body
        .rfind([',', '.'])
        .and_then(|idx| body[idx..].chars().next());
    match (commas, dots, last) {
        (0, 0, _) | (_, _, None) => Ok(None),
        (c, d, Some(sep)) if c > 0 && d > 0 => {
            let count = if sep == ',' { c } else { d };
            if count == 1 {
                Ok(Some(sep))
            } else {
                Err(AmountError::Invalid)
            }
        }
        (1, 0, sep) | (0, 1, sep) => Ok(sep),
        _ => Ok(None),
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_french())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |acc, m| acc + *m)
    }
}

#[cfg(test)]
mod tests {
    use super::{AmountError, Money};

    fn cents(text: &str) -> Result<i64, AmountError> {
        Money::parse(text).map(Money::cents)
    }

    #[test]
    fn parses_paheko_grammar() {
        assert_eq!(cents("1234,56"), Ok(123_456));
        assert_eq!(cents("0,00"), Ok(0));
        assert_eq!(cents("0"), Ok(0));
        assert_eq!(cents("10"), Ok(1000));
        assert_eq!(cents("10,5"), Ok(1050));
        assert_eq!(cents("1 234,56"), Ok(123_456));
        assert_eq!(cents("1\u{a0}234,56"), Ok(123_456));
        assert_eq!(cents("1\u{202f}234,56"), Ok(123_456));
        assert_eq!(cents("1.234,56"), Ok(123_456));
        assert_eq!(cents("1,234.56"), Ok(123_456));
        assert_eq!(cents("1234.56"), Ok(123_456));
        assert_eq!(cents(",12"), Ok(12));
        assert_eq!(cents("+5"), Ok(500));
        assert_eq!(cents("-12,30"), Ok(-1230));
        assert_eq!(cents("(12,30)"), Ok(-1230));
        assert_eq!(cents("(10\u{a0}688,94 €)"), Ok(-1_068_894));
        assert_eq!(cents("( 5 )"), Ok(-500));
        assert_eq!(cents("77.26 €"), Ok(7726));
        assert_eq!(cents("€77.26"), Ok(7726));
        assert_eq!(cents("1.234.567"), Ok(123_456_700));
        assert_eq!(cents("1234.560000"), Ok(123_456));
        assert_eq!(cents("100"), Ok(10_000));
        assert_eq!(cents("1000000"), Ok(100_000_000));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        assert_eq!(cents(""), Err(AmountError::Invalid));
        assert_eq!(cents("12,3,4"), Err(AmountError::Invalid));
        assert_eq!(cents("abc"), Err(AmountError::Invalid));
        assert_eq!(cents("12-3"), Err(AmountError::Invalid));
        assert_eq!(cents("--3"), Err(AmountError::Invalid));
        assert_eq!(cents("(-3)"), Err(AmountError::Invalid));
        assert_eq!(cents("((3))"), Err(AmountError::Invalid));
        assert_eq!(cents("(3"), Err(AmountError::Invalid));
        assert_eq!(cents("3)"), Err(AmountError::Invalid));
        assert_eq!(cents("()"), Err(AmountError::Invalid));
        assert_eq!(cents("1.23.4"), Err(AmountError::Invalid));
        assert_eq!(cents("1\n0"), Err(AmountError::Invalid));
        assert_eq!(cents("1\t0"), Err(AmountError::Invalid));
        assert_eq!(cents("12,345"), Err(AmountError::TooManyDecimals));
        assert_eq!(cents("0,001"), Err(AmountError::TooManyDecimals));
        assert_eq!(cents("1000000000"), Err(AmountError::TooLarge));
        assert_eq!(cents("99999999999999999999999"), Err(AmountError::TooLarge));
    }

    #[test]
    fn formats_for_people_and_machines() {
        let m = Money::from_cents(493_200);
        assert_eq!(m.to_french(), "4\u{202f}932,00");
        assert_eq!(m.to_euros(), "4\u{202f}932,00\u{202f}€");
        assert_eq!(m.to_plain(), "4932.00");
        assert_eq!(m.to_comma(), "4932,00");
        assert_eq!(Money::from_cents(-50).to_french(), "-0,50");
        assert_eq!(
            Money::from_cents(123_456_789).to_french(),
            "1\u{202f}234\u{202f}567,89"
        );
        assert_eq!(Money::from_cents(99_999).to_french(), "999,99");
        assert_eq!(Money::ZERO.to_plain(), "0.00");
    }

    #[test]
    fn prorates_to_the_cent() {
        let total = Money::from_cents(26_036);
        let share = total.prorate(Money::from_cents(20_697), Money::from_cents(21_697));
        assert_eq!(share, Some(Money::from_cents(24_836)));
        assert_eq!(total.prorate(Money::ZERO, Money::ZERO), None);
    }

    proptest::proptest! {
        #[test]
        fn french_and_plain_forms_round_trip(c in -99_999_999_999i64..99_999_999_999i64) {
            let m = Money::from_cents(c);
            proptest::prop_assert_eq!(Money::parse(&m.to_french()), Ok(m));
            proptest::prop_assert_eq!(Money::parse(&m.to_euros()), Ok(m));
            proptest::prop_assert_eq!(Money::parse(&m.to_plain()), Ok(m));
            proptest::prop_assert_eq!(Money::parse(&m.to_comma()), Ok(m));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = Money::parse(&s);
        }
    }
}
