//! The HTML renderer: a [`Document`] in, one self-contained HTML5 page out.
//!
//! The page carries its own stylesheet (screen, phone and A4 print) and nothing else: no script,
//! no link, no image, no `url(`, so that it opens the same offline, in a mail attachment or on a
//! USB stick, and prints on A4 with table headers repeated on every page. Every text from the
//! document is escaped with [`escape`] (`&`, `<`, `>`, both quotes), so input can neither add
//! markup nor break out of an attribute; Markdown characters are plain text here. Amounts are
//! written in the French form with narrow no-break spaces (U+202F), right-aligned; total and
//! result rows are bold. Output is deterministic: same document, same bytes.

use std::fmt::Write as _;

use crate::model::NARROW_NBSP;
use crate::report::document::{
    Align, Block, Cell, Column, Document, Fact, Inline, Item, Role, Table,
};

/// The page's stylesheet: readable on a phone, and on A4 paper with headers repeated.
const STYLE: &str = "\
:root { color-scheme: light; }
body { font-family: \"DejaVu Sans\", \"Segoe UI\", Roboto, Helvetica, Arial, sans-serif; \
font-size: 15px; line-height: 1.4; color: #1a1a1a; background: #fff; margin: 0 auto; \
padding: 1rem; max-width: 60rem; }
h1 { font-size: 1.6em; margin: 0 0 .5rem; }
h2 { font-size: 1.3em; margin: 1.6rem 0 .5rem; border-bottom: 2px solid #2b5d8a; \
padding-bottom: .2rem; }
h3 { font-size: 1.1em; margin: 1.2rem 0 .4rem; }
h4, h5, h6 { font-size: 1em; margin: 1rem 0 .3rem; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; color: #16324f; }
.scroll { overflow-x: auto; margin: .4rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { padding: .25rem .45rem; border-bottom: 1px solid #d5dbe1; vertical-align: top; \
text-align: left; overflow-wrap: break-word; }
th { background: #e8eef4; border-bottom: 2px solid #2b5d8a; }
.code { white-space: nowrap; overflow-wrap: normal; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 1px solid #2b5d8a; }
tr.result td { font-weight: bold; background: #f3f6f9; }
.note { border-left: 4px solid #c77700; background: #fff6e5; padding: .4rem .8rem; \
margin: .8rem 0; }
.note p { margin: .2rem 0; }
ul { padding-left: 1.3rem; }
li { margin: .15rem 0; overflow-wrap: break-word; }
li ul { margin: .1rem 0 .4rem; color: #3a3a3a; font-size: .92em; }
@media (max-width: 40rem) {
  body { font-size: 14px; padding: .5rem; }
  th, td { padding: .2rem .3rem; }
}
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { font-size: 9.5pt; max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .note, li { break-inside: avoid; page-break-inside: avoid; }
  th, tr.result td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

/// Renders a document as one HTML5 page titled `title` (escaped), with LF line ends and a
/// trailing newline.
pub fn render(title: &str, doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    out.push_str("<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    for block in &doc.blocks {
        render_block(&mut out, block);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Escapes the characters HTML reads in text and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

fn render_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading { level, text } => {
            let level = (*level).clamp(1, 6);
            let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(text));
        }
        Block::Paragraph(inlines) => {
            out.push_str("<p>");
            for inline in inlines {
                match inline {
                    Inline::Text(t) => out.push_str(&escape(t)),
                    Inline::Money(m) => {
                        let _ = write!(out, "<span class=\"num\">{}</span>", m.to_euros());
                    }
                    Inline::Date(d) => out.push_str(&d.to_french()),
                }
            }
            out.push_str("</p>\n");
        }
        Block::Facts(facts) => {
            out.push_str("<ul>\n");
            for Fact { label, value } in facts {
                match label {
                    Some(label) => {
                        let _ = writeln!(
                            out,
                            "<li>{}{NARROW_NBSP}: {}</li>",
                            escape(label),
                            escape(value)
                        );
                    }
                    None => {
                        let _ = writeln!(out, "<li>{}</li>", escape(value));
                    }
                }
            }
            out.push_str("</ul>\n");
        }
        Block::Note { title, items } => {
            let _ = writeln!(
                out,
                "<div class=\"note\">\n<p><strong>{}</strong></p>",
                escape(title)
            );
            if !items.is_empty() {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", escape(item));
                }
                out.push_str("</ul>\n");
            }
            out.push_str("</div>\n");
        }
        Block::Items(items) => {
            out.push_str("<ul>\n");
            for item in items {
                render_item(out, item);
            }
            out.push_str("</ul>\n");
        }
        Block::Table(table) => render_table(out, table),
    }
}

/// `<li><strong>title</strong> — text`, then a nested list of the details.
fn render_item(
    out: &mut String,
    Item {
        title,
        text,
        details,
    }: &Item,
) {
    out.push_str("<li>");
    match (title.is_empty(), text.is_empty()) {
        (false, false) => {
            let _ = write!(out, "<strong>{}</strong> — {}", escape(title), escape(text));
        }
        (false, true) => {
            let _ = write!(out, "<strong>{}</strong>", escape(title));
        }
        (true, _) => out.push_str(&escape(text)),
    }
    if !details.is_empty() {
        out.push_str("\n<ul>\n");
        for detail in details {
            let _ = writeln!(out, "<li>{}</li>", escape(detail));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</li>\n");
}

fn render_table(out: &mut String, table: &Table) {
    out.push_str("<div class=\"scroll\">\n<table>\n<thead>\n<tr>");
    // A column with an empty header continues the one before it: one header cell spans both.
    let mut idx = 0;
    while idx < table.columns.len() {
        let column = &table.columns[idx];
        let span = 1 + table.columns[idx + 1..]
            .iter()
            .take_while(|c| c.header.is_empty())
            .count();
        let class = if span == 1 { class(column) } else { "" };
        out.push_str("<th");
        if span > 1 {
            let _ = write!(out, " colspan=\"{span}\"");
        }
        out.push_str(class);
        let _ = write!(out, ">{}</th>", escape(&column.header));
        idx += span;
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str(match row.role {
            Role::Normal => "<tr>",
            Role::Total => "<tr class=\"total\">",
            Role::Result => "<tr class=\"result\">",
        });
        let mut idx = 0;
        while idx < row.cells.len() {
            let cell = &row.cells[idx];
            // In a total or result row, a label runs over the empty text cells after it.
            let span = match (row.role, cell) {
                (Role::Total | Role::Result, Cell::Text(_)) => {
                    1 + row.cells[idx + 1..]
                        .iter()
                        .zip(&table.columns[(idx + 1).min(table.columns.len())..])
                        .take_while(|(c, col)| **c == Cell::Empty && col.align == Align::Left)
                        .count()
                }
                _ => 1,
            };
            let class = match (cell, table.columns.get(idx)) {
                // Codes never break: `604A` over two lines reads as two codes.
                (Cell::Account(_), Some(column)) if column.align == Align::Left => {
                    " class=\"code\""
                }
                (_, column) => column.map_or("", class),
            };
            out.push_str("<td");
            if span > 1 {
                let _ = write!(out, " colspan=\"{span}\"");
            }
            let _ = write!(out, "{class}>{}</td>", cell_html(cell));
            idx += span;
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

fn class(column: &Column) -> &'static str {
    match column.align {
        Align::Left => "",
        Align::Right => " class=\"num\"",
    }
}

fn cell_html(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) | Cell::Account(t) => escape(t),
        Cell::Money(m) => m.to_french(),
        Cell::Date(d) => d.to_french(),
        Cell::Integer(n) => n.to_string(),
        Cell::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, render};
    use crate::model::{Date, Money};
    use crate::report::document::{Block, Cell, Column, Document, Fact, Inline, Item, Role, Table};

    const HOSTILE: [&str; 5] = [
        "<script>alert(1)</script>",
        "&amp;",
        "\"'",
        "**gras**",
        "| pipe",
    ];

    /// A document with every hostile text in every place input can reach.
    fn hostile_document() -> Document {
        let mut doc = Document::new();
        let mut table = Table::new(vec![Column::left("Libellé"), Column::right("Montant")]);
        for text in HOSTILE {
            doc.heading(2, text);
            doc.push(Block::Paragraph(vec![Inline::Text(text.into())]));
            doc.push(Block::Facts(vec![Fact {
                label: Some(text.into()),
                value: text.into(),
            }]));
            doc.push(Block::Note {
                title: text.into(),
                items: vec![text.into()],
            });
            doc.push(Block::Items(vec![Item {
                title: text.into(),
                text: text.into(),
                details: vec![text.into()],
            }]));
            table.push(
                Role::Normal,
                vec![Cell::text(text), Cell::Money(Money::from_cents(1))],
            );
            table.push(
                Role::Total,
                vec![
                    Cell::Account(text.into()),
                    Cell::Money(Money::from_cents(1)),
                ],
            );
        }
        doc.push(Block::Table(table));
        doc
    }

    #[test]
    fn hostile_labels_come_out_as_text() {
        let html = render("<b>titre</b> & \"co\"", &hostile_document());
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("<title>&lt;b&gt;titre&lt;/b&gt; &amp; &quot;co&quot;</title>"));
        let escaped = [
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "&amp;amp;",
            "&quot;&#39;",
            "**gras**",
            "| pipe",
        ];
        for text in escaped {
            // heading, paragraph, fact (label and value), note (title and item), item (title,
            // text and detail), two table cells.
            assert_eq!(html.matches(text).count(), 11, "{text} in {html}");
        }
        // Markdown characters are plain text: no backslash, no emphasis.
        assert!(!html.contains("\\*"));
        assert!(!html.contains("<em>"));
        // The only quotes left are the renderer's own attributes.
        let mut body = html[html.find("<body>").expect("body")..].to_owned();
        for attribute in ["num", "code", "total", "result", "scroll", "note"] {
            body = body.replace(&format!(" class=\"{attribute}\""), "");
        }
        assert!(!body.contains(['"', '\'']), "{body}");
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn the_page_needs_nothing_outside_itself() {
        let html = render("Titre", &hostile_document());
        assert!(html.starts_with(
            "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
        ));
        assert!(
            html.contains(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            )
        );
        assert!(html.ends_with("</html>\n"));
        let lower = html.to_lowercase();
        for needle in [
            "src=", "href=", "@import", "url(", "<script", "<link", "<img", "http:", "https:", "//",
        ] {
            assert!(!lower.contains(needle), "{needle}");
        }
        for rule in [
            "@page { size: A4;",
            "thead { display: table-header-group; }",
            "tr { break-inside: avoid;",
            "break-after: avoid",
        ] {
            assert!(html.contains(rule), "{rule}");
        }
    }

    #[test]
    fn tables_amounts_and_totals() {
        let mut doc = Document::new();
        doc.push(Block::Paragraph(vec![
            Inline::Text("Le ".into()),
            Inline::Date(Date::new(2024, 12, 31).expect("date")),
            Inline::Text(" : ".into()),
            Inline::Money(Money::from_cents(123_456)),
        ]));
        let mut table = Table::new(vec![
            Column::left("Charges"),
            Column::left(""),
            Column::right(""),
            Column::right("Solde"),
        ]);
        table.push(
            Role::Normal,
            vec![
                Cell::Account("604".into()),
                Cell::text("OVH"),
                Cell::Money(Money::from_cents(387_037)),
                Cell::Integer(3),
            ],
        );
        table.push(
            Role::Total,
            vec![
                Cell::text("Total"),
                Cell::Empty,
                Cell::Money(Money::from_cents(-5)),
                Cell::Empty,
            ],
        );
        table.push(
            Role::Result,
            vec![
                Cell::text("Résultat"),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
        );
        doc.push(Block::Table(table));
        let html = render("t", &doc);
        let body = &html[html.find("<body>").expect("body")..];
        assert_eq!(
            body,
            "<body>\n<p>Le 31/12/2024 : <span class=\"num\">1\u{202f}234,56\u{202f}€</span></p>\n\
             <div class=\"scroll\">\n<table>\n<thead>\n\
             <tr><th colspan=\"3\">Charges</th><th class=\"num\">Solde</th></tr>\n</thead>\n<tbody>\n\
             <tr><td class=\"code\">604</td><td>OVH</td><td class=\"num\">3\u{202f}870,37</td><td class=\"num\">3</td></tr>\n\
             <tr class=\"total\"><td colspan=\"2\">Total</td><td class=\"num\">-0,05</td><td class=\"num\"></td></tr>\n\
             <tr class=\"result\"><td colspan=\"2\">Résultat</td><td class=\"num\"></td><td class=\"num\"></td></tr>\n\
             </tbody>\n</table>\n</div>\n</body>\n</html>\n"
        );
    }
}
