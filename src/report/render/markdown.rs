//! The Markdown renderer: a [`Document`] in, a `String` out (LF line ends, trailing newline).
//!
//! Blocks are separated by one blank line. Every text from the document is escaped with
//! [`escape`], so that input (labels, project names, file names) can neither break a table nor
//! inject HTML or links; rappro's own wording never needs Markdown syntax, the renderer adds it
//! (headings, bold totals, the note's quote). Amounts are written in the French form, with
//! narrow no-break spaces (U+202F) as thousands separator and before `€`; the renderer's own
//! « label : value » separator has one before the colon too. Input text is never re-spaced.

use std::fmt::Write as _;

use crate::model::{Money, NARROW_NBSP};
use crate::report::document::{Align, Block, Cell, Document, Fact, Inline, Item, Role, Row, Table};

/// Renders a document as Markdown.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for (idx, block) in doc.blocks.iter().enumerate() {
        if idx > 0 {
            out.push('\n');
        }
        render_block(&mut out, block);
    }
    out
}

/// Escapes Markdown-significant characters of input text with a backslash, and turns line
/// breaks into spaces, so that the text stays inside its table cell or list item.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '\\' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// An amount in a table cell: the French form, without the currency sign.
pub fn amount(money: Money) -> String {
    money.to_french()
}

/// An amount in prose: the French form and the euro sign (`1 234,56 €`, narrow no-break spaces).
pub fn euros(money: Money) -> String {
    money.to_euros()
}

fn render_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading { level, text } => {
            let marks = "#".repeat(usize::from((*level).clamp(1, 6)));
            line(out, &format!("{marks} {}", escape(text)));
        }
        Block::Paragraph(inlines) => {
            let mut text = String::new();
            for inline in inlines {
                match inline {
                    Inline::Text(t) => text.push_str(&escape(t)),
                    Inline::Money(m) => text.push_str(&euros(*m)),
                    Inline::Date(d) => text.push_str(&d.to_french()),
                }
            }
            line(out, &text);
        }
        Block::Facts(facts) => {
            for Fact { label, value } in facts {
                match label {
                    Some(label) => line(
                        out,
                        &format!("- {}{NARROW_NBSP}: {}", escape(label), escape(value)),
                    ),
                    None => line(out, &format!("- {}", escape(value))),
                }
            }
        }
        Block::Note { title, items } => {
            line(out, &format!("> **{}**", escape(title)));
            line(out, ">");
            for item in items {
                line(out, &format!("> - {}", escape(item)));
            }
        }
        Block::Items(items) => {
            for item in items {
                render_item(out, item);
            }
        }
        Block::Table(table) => render_table(out, table),
    }
}

/// `- **title** — text`, then `  - detail` per detail line.
fn render_item(
    out: &mut String,
    Item {
        title,
        text,
        details,
    }: &Item,
) {
    let head = match (title.is_empty(), text.is_empty()) {
        (false, false) => format!("- **{}** — {}", escape(title), escape(text)),
        (false, true) => format!("- **{}**", escape(title)),
        (true, _) => format!("- {}", escape(text)),
    };
    line(out, &head);
    for detail in details {
        line(out, &format!("  - {}", escape(detail)));
    }
}

fn render_table(out: &mut String, table: &Table) {
    let header: Vec<String> = table.columns.iter().map(|c| escape(&c.header)).collect();
    line(out, &row_text(&header));
    let mut rule = String::from("|");
    for column in &table.columns {
        rule.push_str(match column.align {
            Align::Left => "---|",
            Align::Right => "--:|",
        });
    }
    line(out, &rule);
    for Row { role, cells } in &table.rows {
        let strong = matches!(role, Role::Total | Role::Result);
        let texts: Vec<String> = cells
            .iter()
            .map(|cell| {
                let text = cell_text(cell);
                if strong && !text.is_empty() {
                    format!("**{text}**")
                } else {
                    text
                }
            })
            .collect();
        line(out, &row_text(&texts));
    }
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) | Cell::Account(t) => escape(t),
        Cell::Money(m) => amount(*m),
        Cell::Date(d) => d.to_french(),
        Cell::Integer(n) => n.to_string(),
        Cell::Empty => String::new(),
    }
}

fn row_text(cells: &[String]) -> String {
    let mut text = String::from("|");
    for cell in cells {
        if cell.is_empty() {
            text.push_str(" |");
        } else {
            let _ = write!(text, " {cell} |");
        }
    }
    text
}

fn line(out: &mut String, text: &str) {
    out.push_str(text);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::{escape, render};
    use crate::model::{Date, Money};
    use crate::report::document::{Block, Cell, Column, Document, Fact, Inline, Item, Role, Table};

    #[test]
    fn escapes_what_markdown_would_read() {
        assert_eq!(
            escape("a|b *c* _d_ `e` <script> [l](u) \\"),
            "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<script\\> \\[l\\](u) \\\\"
        );
        assert_eq!(escape("deux\r\nlignes\nici"), "deux lignes ici");
    }

    #[test]
    fn every_block_kind() {
        let mut doc = Document::new();
        doc.heading(2, "Titre #1");
        doc.push(Block::Paragraph(vec![
            Inline::Text("Le ".into()),
            Inline::Date(Date::new(2024, 12, 31).expect("date")),
            Inline::Text(" : ".into()),
            Inline::Money(Money::from_cents(123_456)),
            Inline::Text(".".into()),
        ]));
        doc.push(Block::Note {
            title: "Attention".into(),
            items: vec!["a*b".into()],
        });
        doc.push(Block::Facts(vec![
            Fact {
                label: Some("f.csv:2".into()),
                value: "x".into(),
            },
            Fact {
                label: None,
                value: "y".into(),
            },
        ]));
        let mut table = Table::new(vec![
            Column::left("Compte"),
            Column::left(""),
            Column::right("Montant"),
        ]);
        table.push(
            Role::Normal,
            vec![
                Cell::Account("604".into()),
                Cell::text("a|b"),
                Cell::Money(Money::from_cents(-5)),
            ],
        );
        table.push(
            Role::Total,
            vec![Cell::text("Total"), Cell::Empty, Cell::Integer(7)],
        );
        doc.push(Block::Table(table));
        assert_eq!(
            render(&doc),
            "## Titre \\#1\n\nLe 31/12/2024 : 1\u{202f}234,56\u{202f}€.\n\n> **Attention**\n>\n> - a\\*b\n\n\
             - f.csv:2\u{202f}: x\n- y\n\n| Compte | | Montant |\n|---|---|--:|\n| 604 | a\\|b | -0,05 |\n\
             | **Total** | | **7** |\n"
        );
    }

    #[test]
    fn titled_items_with_details() {
        let mut doc = Document::new();
        doc.push(Block::Items(vec![
            Item {
                title: "Erreur".into(),
                text: "a *b*".into(),
                details: vec!["Lu dans f_1.csv:2".into(), "x|y".into()],
            },
            Item {
                title: "Info".into(),
                text: String::new(),
                details: Vec::new(),
            },
            Item {
                title: String::new(),
                text: "seul".into(),
                details: Vec::new(),
            },
        ]));
        assert_eq!(
            render(&doc),
            "- **Erreur** — a \\*b\\*\n  - Lu dans f\\_1.csv:2\n  - x\\|y\n- **Info**\n- seul\n"
        );
    }
}
