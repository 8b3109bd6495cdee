//! The compte de résultats, computed exactly as Paheko does (`Accounting/Reports.php`).
//!
//! Pure: a [`FiscalYear`] and a [`Chart`] in, a [`FinancialReport`] out, no IO.
//! Each account is its own line (`604A` is not rolled into `604`); charges are debit − credit,
//! produits credit − debit; zero lines are hidden; lines are sorted by code, case-insensitively;
//! contributions volontaires (86x/87x) are listed apart and stay out of the totals and the result.
//! One statement for the whole year, one per analytic project, and one for lines without a project.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use crate::book::FiscalYear;
use crate::error::Warning;
use crate::model::{AccountClass, Chart, Date, Money};

/// Which lines of the year a statement is computed from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Every line of the year (« Global »).
    All,
    /// Only the lines carrying this project (code or label, as exported).
    Project(String),
    /// Only the lines without a project (« Hors projets »).
    NoProject,
}

/// One account of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    /// Account code, as exported (case-sensitive).
    pub account: String,
    /// Account label: the chart's, else the one most seen on the year's lines.
    pub label: String,
    /// Charges and emplois: debit − credit; produits and sources: credit − debit. Never zero.
    pub amount: Money,
}

/// A compte de résultats for one scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// Which lines it covers.
    pub scope: Scope,
    /// French name: « Global », the project's name, or « Hors projets ».
    pub name: String,
    /// Charges (class 6 by the chart's position), sorted by code.
    pub expenses: Vec<StatementLine>,
    /// Produits (class 7), sorted by code.
    pub income: Vec<StatementLine>,
    /// Emplois des contributions volontaires en nature (86x), outside the totals.
    pub volunteer_uses: Vec<StatementLine>,
    /// Sources des contributions volontaires en nature (87x), outside the totals.
    pub volunteer_sources: Vec<StatementLine>,
    /// Σ charges.
    pub total_expenses: Money,
    /// Σ produits.
    pub total_income: Money,
    /// Σ produits − Σ charges: an excédent when ≥ 0, a perte otherwise.
    pub result: Money,
}

/// One cash account (class 5) and its balance at the end of the year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CashLine {
    /// Account code.
    pub account: String,
    /// Account label (same rule as [`StatementLine::label`]).
    pub label: String,
    /// Debit − credit over the whole year (the opening balance entry included). Never zero.
    pub balance: Money,
}

/// Everything the « Bilan financier » needs: the statements, the cash, and what to warn about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinancialReport {
    /// First day of the fiscal year.
    pub start: Date,
    /// Last day of the fiscal year.
    pub end: Date,
    /// [`Scope::All`], then one [`Scope::Project`] per project (sorted by name), then [`Scope::NoProject`].
    pub statements: Vec<Statement>,
    /// Cash accounts with a non-zero balance, sorted by code.
    pub cash: Vec<CashLine>,
    /// Σ of the cash balances: the association's cash at the end of the year.
    pub cash_closing: Money,
    /// Warnings of the run, to be repeated in the report.
    pub warnings: Vec<Warning>,
    /// Why the figures may be incomplete (rejected rows, unread files), worded in `fr_warnings`.
    pub incomplete: Vec<Incomplete>,
}

/// Why a report's figures may be incomplete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Incomplete {
    /// Rows of the exports were rejected and are not counted.
    RejectedRows(u64),
    /// Files could not be read.
    UnreadFiles(usize),
}

/// Builds the statements and the cash position of a fiscal year.
pub fn build(
    year: &FiscalYear,
    chart: &Chart,
    warnings: Vec<Warning>,
    incomplete: Vec<Incomplete>,
) -> FinancialReport {
    // One pass over the lines: debit − credit per (account, project), and how often each
    // account carries each exported label. Every scope is then a sum of these.
    type Fast = foldhash::fast::RandomState;
    let mut sums: HashMap<(&str, Option<&str>), Money, Fast> = HashMap::default();
    let mut seen: HashMap<(&str, &str), usize, Fast> = HashMap::default();
    for line in year.entries.iter().flat_map(|e| e.lines.iter()) {
        *sums
            .entry((&*line.account, line.project.as_deref()))
            .or_default() += line.balance();
        *seen
            .entry((&*line.account, &*line.account_label))
            .or_default() += 1;
    }
    let labels = Labels::of(seen, chart);
    let mut global: BTreeMap<&str, Money> = BTreeMap::new();
    let mut by_project: BTreeMap<&str, BTreeMap<&str, Money>> = BTreeMap::new();
    let mut no_project: BTreeMap<&str, Money> = BTreeMap::new();
    for ((account, project), sum) in sums {
        *global.entry(account).or_default() += sum;
        let scope = match project {
            Some(project) => by_project.entry(project).or_default(),
            None => &mut no_project,
        };
        *scope.entry(account).or_default() += sum;
    }

    let mut statements = Vec::with_capacity(by_project.len() + 2);
    statements.push(statement(
        Scope::All,
        "Global".to_owned(),
        &global,
        chart,
        &labels,
    ));
    for (project, balances) in &by_project {
        statements.push(statement(
            Scope::Project((*project).to_owned()),
            (*project).to_owned(),
            balances,
            chart,
            &labels,
        ));
    }
    statements.push(statement(
        Scope::NoProject,
        "Hors projets".to_owned(),
        &no_project,
        chart,
        &labels,
    ));

    let cash: Vec<CashLine> = global
        .iter()
        .filter(|(code, _)| chart.class(code) == AccountClass::Cash)
        .map(|(code, balance)| CashLine {
            label: labels.get(code),
            account: (*code).to_owned(),
            balance: *balance,
        })
        .filter(|c| !c.balance.is_zero())
        .collect();
    let cash = sorted_by_code(cash, |c| &c.account);
    let cash_closing = cash.iter().map(|c| c.balance).sum();

    FinancialReport {
        start: year.start,
        end: year.end,
        statements,
        cash,
        cash_closing,
        warnings,
        incomplete,
    }
}

/// One scope's statement from its balances (debit − credit per account).
fn statement(
    scope: Scope,
    name: String,
    balances: &BTreeMap<&str, Money>,
    chart: &Chart,
    labels: &Labels<'_>,
) -> Statement {
    let mut expenses = Vec::new();
    let mut income = Vec::new();
    let mut volunteer_uses = Vec::new();
    let mut volunteer_sources = Vec::new();
    for (&code, &balance) in balances {
        // Debit-side sections keep debit − credit; credit-side ones take its opposite.
        let (list, amount) = match chart.class(code) {
            AccountClass::Expense => (&mut expenses, balance),
            AccountClass::Income => (&mut income, -balance),
            AccountClass::VolunteerUse => (&mut volunteer_uses, balance),
            AccountClass::VolunteerSource => (&mut volunteer_sources, -balance),
            AccountClass::Cash | AccountClass::Other => continue,
        };
        if !amount.is_zero() {
            list.push(StatementLine {
                account: code.to_owned(),
                label: labels.get(code),
                amount,
            });
        }
    }
    let total_expenses: Money = expenses.iter().map(|l: &StatementLine| l.amount).sum();
    let total_income: Money = income.iter().map(|l: &StatementLine| l.amount).sum();
    Statement {
        scope,
        name,
        expenses: sorted_by_code(expenses, by_code),
        income: sorted_by_code(income, by_code),
        volunteer_uses: sorted_by_code(volunteer_uses, by_code),
        volunteer_sources: sorted_by_code(volunteer_sources, by_code),
        total_expenses,
        total_income,
        result: total_income - total_expenses,
    }
}

/// Paheko's order: by code ignoring ASCII case (SQLite's `NOCASE`), then by exact code.
pub fn compare_codes(a: &str, b: &str) -> Ordering {
    let folded = |s: &str| {
        s.bytes()
            .map(|b| b.to_ascii_lowercase())
            .collect::<Vec<u8>>()
    };
    folded(a).cmp(&folded(b)).then_with(|| a.cmp(b))
}

fn by_code(line: &StatementLine) -> &str {
    &line.account
}

fn sorted_by_code<T>(mut items: Vec<T>, code: impl Fn(&T) -> &str) -> Vec<T> {
    items.sort_by(|a, b| compare_codes(code(a), code(b)));
    items
}

/// Account labels: the chart's, else the label most often exported on the account's lines.
struct Labels<'a> {
    chart: &'a Chart,
    /// For each code, how many lines carry each label.
    seen: BTreeMap<&'a str, BTreeMap<&'a str, usize>>,
}

impl<'a> Labels<'a> {
    /// From how many lines carry each (account, label).
    fn of<S>(counts: HashMap<(&'a str, &'a str), usize, S>, chart: &'a Chart) -> Labels<'a> {
        let mut seen: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        for ((account, label), count) in counts {
            *seen.entry(account).or_default().entry(label).or_default() += count;
        }
        Labels { chart, seen }
    }

    /// The label of a code; ties between exported labels go to the smallest string,
    /// so the output never depends on the order of the input.
    fn get(&self, code: &str) -> String {
        if let Some(label) = self.chart.label(code) {
            return label.to_owned();
        }
        self.seen
            .get(code)
            .and_then(|counts| {
                counts
                    .iter()
                    // Highest count first; for equal counts, the smaller label wins.
                    .max_by(|(la, ca), (lb, cb)| ca.cmp(cb).then_with(|| lb.cmp(la)))
                    .map(|(label, _)| (*label).to_owned())
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{Scope, Statement, build, compare_codes};
    use crate::model::{AccountClass, Chart, ChartAccount, Money};
    use crate::report::testdata::{self, line, year_of};

    fn amounts(lines: &[super::StatementLine]) -> Vec<(&str, String)> {
        lines
            .iter()
            .map(|l| (l.account.as_str(), l.amount.to_plain()))
            .collect()
    }

    fn money(text: &str) -> Money {
        Money::parse(text).expect("test amount")
    }

    #[test]
    fn sample_matches_expected_json() {
        let report = testdata::sample_report();
        let expected = testdata::expected_json();
        let check = |st: &Statement, exp: &serde_json::Value| {
            let want = |key: &str| -> BTreeMap<String, String> {
                exp[key]
                    .as_object()
                    .expect("object in expected.json")
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().expect("string").to_owned()))
                    .collect()
            };
            let got = |lines: &[super::StatementLine]| -> BTreeMap<String, String> {
                lines
                    .iter()
                    .map(|l| (l.account.clone(), l.amount.to_plain()))
                    .collect()
            };
            assert_eq!(got(&st.expenses), want("charges"), "{} charges", st.name);
            assert_eq!(got(&st.income), want("produits"), "{} produits", st.name);
            assert_eq!(
                st.total_expenses.to_plain(),
                exp["total_charges"],
                "{}",
                st.name
            );
            assert_eq!(
                st.total_income.to_plain(),
                exp["total_produits"],
                "{}",
                st.name
            );
            assert_eq!(st.result.to_plain(), exp["resultat"], "{}", st.name);
            assert!(st.volunteer_uses.is_empty() && st.volunteer_sources.is_empty());
        };
        let names: Vec<&str> = report.statements.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["Global", "BL-Évolution", "Camp CHATONS", "Hors projets"]
        );
        check(&report.statements[0], &expected["statement"]);
        check(
            &report.statements[1],
            &expected["per_project"]["BL-Évolution"],
        );
        check(
            &report.statements[2],
            &expected["per_project"]["Camp CHATONS"],
        );
        check(&report.statements[3], &expected["no_project"]);
        assert_eq!(report.statements[0].scope, Scope::All);
        assert_eq!(
            report.statements[1].scope,
            Scope::Project("BL-Évolution".to_owned())
        );
        assert_eq!(report.statements[3].scope, Scope::NoProject);
        assert_eq!(report.cash_closing.to_plain(), expected["cash_closing"]);
        let cash: Vec<(&str, &str, String)> = report
            .cash
            .iter()
            .map(|c| (c.account.as_str(), c.label.as_str(), c.balance.to_plain()))
            .collect();
        assert_eq!(
            cash,
            [
                ("5121", "Compte courant", "17380.00".to_owned()),
                ("530", "Caisse", "20.00".to_owned())
            ]
        );
    }

    #[test]
    fn sample_matches_pahekos_own_reports() {
        let report = testdata::sample_report();
        for (name, file) in [
            ("Global", "Exercice 2024   Compte de résultat.csv"),
            (
                "BL-Évolution",
                "Exercice 2024   BL Évolution      Compte de résultat.csv",
            ),
            (
                "Camp CHATONS",
                "Exercice 2024   Camp CHATONS      Compte de résultat.csv",
            ),
        ] {
            let paheko = testdata::paheko_statement(file);
            let st = report
                .statements
                .iter()
                .find(|s| s.name == name)
                .expect("statement");
            let ours = |lines: &[super::StatementLine]| -> Vec<(String, String, String)> {
                lines
                    .iter()
                    .map(|l| (l.account.clone(), l.label.clone(), l.amount.to_comma()))
                    .collect()
            };
            assert_eq!(ours(&st.expenses), paheko.expenses, "{name} charges");
            assert_eq!(ours(&st.income), paheko.income, "{name} produits");
            assert_eq!(
                st.total_expenses.to_comma(),
                paheko.total_expenses,
                "{name}"
            );
            assert_eq!(st.total_income.to_comma(), paheko.total_income, "{name}");
            assert_eq!(st.result.to_comma(), paheko.result, "{name}");
        }
    }

    #[test]
    fn zero_lines_are_hidden_and_sub_accounts_stand_alone() {
        let year = year_of(vec![
            vec![
                line("604", "Achats", 100, 0, None),
                line("5121", "Banque", 0, 100, None),
            ],
            vec![
                line("604A", "OVH", 50, 0, None),
                line("5121", "Banque", 0, 50, None),
            ],
            // 6063 nets to zero over two entries; 530 too.
            vec![
                line("6063", "Fournitures", 30, 0, None),
                line("530", "Caisse", 0, 30, None),
            ],
            vec![
                line("530", "Caisse", 30, 0, None),
                line("6063", "Fournitures", 0, 30, None),
            ],
        ]);
        let report = build(&year, &Chart::default(), Vec::new(), Vec::new());
        let global = &report.statements[0];
        assert_eq!(
            amounts(&global.expenses),
            [("604", "1.00".to_owned()), ("604A", "0.50".to_owned())]
        );
        assert_eq!(global.total_expenses, Money::from_cents(150));
        let cash: Vec<&str> = report.cash.iter().map(|c| c.account.as_str()).collect();
        assert_eq!(cash, ["5121"]);
        assert_eq!(report.cash_closing, Money::from_cents(-150));
    }

    #[test]
    fn a_refund_gives_a_negative_charge_and_a_loss() {
        let year = year_of(vec![
            vec![
                line("5121", "Banque", 2000, 0, None),
                line("626", "Poste", 0, 2000, None),
            ],
            vec![
                line("706", "Prestations", 0, 500, None),
                line("5121", "Banque", 500, 0, None),
            ],
            vec![
                line("6132", "Loyer", 9000, 0, None),
                line("5121", "Banque", 0, 9000, None),
            ],
        ]);
        let report = build(&year, &Chart::default(), Vec::new(), Vec::new());
        let global = &report.statements[0];
        assert_eq!(
            amounts(&global.expenses),
            [("6132", "90.00".to_owned()), ("626", "-20.00".to_owned())]
        );
        assert_eq!(global.total_expenses, money("70"));
        assert_eq!(global.total_income, money("5"));
        assert_eq!(global.result, money("-65"));
    }

    #[test]
    fn volunteer_contributions_stay_out_of_the_result() {
        let year = year_of(vec![
            vec![
                line("864", "Bénévolat", 100_000, 0, None),
                line("875", "Dons en nature", 0, 100_000, None),
            ],
            vec![
                line("706", "Prestations", 0, 500, None),
                line("5121", "Banque", 500, 0, None),
            ],
        ]);
        let report = build(&year, &Chart::default(), Vec::new(), Vec::new());
        let global = &report.statements[0];
        assert_eq!(
            amounts(&global.volunteer_uses),
            [("864", "1000.00".to_owned())]
        );
        assert_eq!(
            amounts(&global.volunteer_sources),
            [("875", "1000.00".to_owned())]
        );
        assert!(global.expenses.is_empty());
        assert_eq!(global.total_income, money("5"));
        assert_eq!(global.result, money("5"));
    }

    #[test]
    fn codes_sort_case_insensitively_then_exactly() {
        let mut codes = vec!["604b", "604B", "604a", "6063", "604", "604C", "62"];
        codes.sort_by(|a, b| compare_codes(a, b));
        assert_eq!(codes, ["604", "604a", "604B", "604b", "604C", "6063", "62"]);
        let year = year_of(vec![vec![
            line("604b", "b", 100, 0, None),
            line("604A", "A", 100, 0, None),
            line("604C", "C", 100, 0, None),
            line("5121", "Banque", 0, 300, None),
        ]]);
        let report = build(&year, &Chart::default(), Vec::new(), Vec::new());
        let order: Vec<&str> = report.statements[0]
            .expenses
            .iter()
            .map(|l| l.account.as_str())
            .collect();
        assert_eq!(order, ["604A", "604b", "604C"]);
    }

    #[test]
    fn scopes_split_lines_by_project() {
        let year = year_of(vec![
            vec![
                line("604", "Achats", 100, 0, Some("Zèbre")),
                line("5121", "Banque", 0, 100, Some("Zèbre")),
            ],
            vec![
                line("604", "Achats", 200, 0, Some("Alpha")),
                line("5121", "Banque", 0, 200, None),
            ],
            vec![
                line("604", "Achats", 400, 0, None),
                line("5121", "Banque", 0, 400, None),
            ],
        ]);
        let report = build(&year, &Chart::default(), Vec::new(), Vec::new());
        let summary: Vec<(Scope, &str, String)> = report
            .statements
            .iter()
            .map(|s| {
                (
                    s.scope.clone(),
                    s.name.as_str(),
                    s.total_expenses.to_plain(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (Scope::All, "Global", "7.00".to_owned()),
                (
                    Scope::Project("Alpha".to_owned()),
                    "Alpha",
                    "2.00".to_owned()
                ),
                (
                    Scope::Project("Zèbre".to_owned()),
                    "Zèbre",
                    "1.00".to_owned()
                ),
                (Scope::NoProject, "Hors projets", "4.00".to_owned()),
            ]
        );
    }

    #[test]
    fn labels_come_from_the_chart_else_the_most_seen() {
        let year = year_of(vec![
            vec![
                line("604", "Zeta", 100, 0, None),
                line("5121", "B", 0, 100, None),
            ],
            vec![
                line("604", "Alpha", 100, 0, None),
                line("5121", "A", 0, 100, None),
            ],
            vec![
                line("604", "Zeta", 100, 0, None),
                line("706", "Ventes", 0, 100, None),
            ],
        ]);
        let mut chart = Chart::default();
        chart.accounts.insert(
            "706".to_owned(),
            ChartAccount {
                label: "Prestations de services".to_owned(),
                class: AccountClass::Income,
            },
        );
        let report = build(&year, &chart, Vec::new(), Vec::new());
        let global = &report.statements[0];
        assert_eq!(global.expenses[0].label, "Zeta");
        assert_eq!(global.income[0].label, "Prestations de services");
        // « A » and « B » are each seen once: the smaller wins.
        assert_eq!(report.cash[0].label, "A");
    }

    #[test]
    fn the_chart_position_decides_the_class() {
        let year = year_of(vec![vec![
            line("6X", "Bizarre", 100, 0, None),
            line("5121", "Banque", 0, 100, None),
        ]]);
        let mut chart = Chart::default();
        chart.accounts.insert(
            "6X".to_owned(),
            ChartAccount {
                label: "Compte d'attente".to_owned(),
                class: AccountClass::Other,
            },
        );
        let report = build(&year, &chart, Vec::new(), Vec::new());
        assert!(report.statements[0].expenses.is_empty());
    }
}
