//! A format-neutral report document: what a report says, not how a format spells it.
//!
//! Builders (`report::bilan`, `report::write`'s statement table, `report::rejections`,
//! `report::ecarts`) turn domain
//! results into a [`Document`] or a [`Table`]; renderers (`report::render::markdown`,
//! `report::render::csv`) turn it into bytes. A new output format is one renderer over these
//! types, with no new walk of the domain (the model is hledger's `Hledger/Write/Spreadsheet.hs`:
//! one rich table type, several writers).
//!
//! Text held here is plain and unescaped: escaping (Markdown) and formula neutralisation (CSV)
//! belong to the renderers, so a builder can never forget them. Cells are typed so that a
//! spreadsheet renderer keeps amounts as numbers and a text renderer formats them the French way.

use crate::model::{Date, Money};

/// A report: blocks in reading order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The blocks, first to last.
    pub blocks: Vec<Block>,
}

impl Document {
    /// An empty document.
    pub fn new() -> Document {
        Document::default()
    }

    /// Appends a block.
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// Appends a heading (level 1 is the title).
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.push(Block::Heading {
            level,
            text: text.into(),
        });
    }

    /// Appends a paragraph of plain text.
    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.push(Block::Paragraph(vec![Inline::Text(text.into())]));
    }
}

/// One block of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 1 is the document's title.
    Heading {
        /// 1 to 6.
        level: u8,
        /// The heading's text.
        text: String,
    },
    /// A paragraph of running text, amounts and dates.
    Paragraph(Vec<Inline>),
    /// A list of facts, each an optional label and a value (« fichier : message »).
    Facts(Vec<Fact>),
    /// A highlighted note: a title and its items (« Attention : chiffres incomplets »).
    Note {
        /// The note's title, shown strongly.
        title: String,
        /// One item per point.
        items: Vec<String>,
    },
    /// A list of titled items, each with its details: « **Erreur** — message », then one
    /// indented line per piece of evidence.
    Items(Vec<Item>),
    /// A table.
    Table(Table),
}

/// A piece of running text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// An amount in euros, written with its currency sign in prose.
    Money(Money),
    /// A calendar date.
    Date(Date),
}

/// One item of a fact list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// What the fact is about (a file and line, a name), if anything.
    pub label: Option<String>,
    /// The fact itself.
    pub value: String,
}

/// One item of a titled list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Item {
    /// A short lead shown strongly (a severity, a status); empty for none.
    pub title: String,
    /// The item itself, after its title.
    pub text: String,
    /// Supporting lines (evidence), one sub-point each, in order.
    pub details: Vec<String>,
}

/// A table: its columns (with their header), then rows of typed cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The body rows; each has one cell per column.
    pub rows: Vec<Row>,
}

impl Table {
    /// A table with these columns and no rows.
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn push(&mut self, role: Role, cells: Vec<Cell>) {
        self.rows.push(Row { role, cells });
    }
}

/// A column: its header text and how its cells line up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The header; empty for a column that continues the one before it.
    pub header: String,
    /// Right for amounts, left otherwise.
    pub align: Align,
}

impl Column {
    /// A left-aligned column.
    pub fn left(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            align: Align::Left,
        }
    }

    /// A right-aligned column (amounts).
    pub fn right(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            align: Align::Right,
        }
    }
}

/// Horizontal alignment of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text, codes, dates.
    Left,
    /// Amounts.
    Right,
}

/// One row of a table body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// What the row is, for renderers that show totals apart.
    pub role: Role,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// What a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A line of data.
    Normal,
    /// A total of the lines above.
    Total,
    /// A result derived from totals (« Résultat de l'exercice »).
    Result,
}

/// A typed cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text, from input or rappro's own wording.
    Text(String),
    /// An amount in euros (a number in spreadsheets, French form for people).
    Money(Money),
    /// A calendar date.
    Date(Date),
    /// An account code (`604A`): text, never a number (leading zeros and letters matter).
    Account(String),
    /// A whole number: a count, a line number.
    Integer(u64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }
}

#[cfg(test)]
mod tests {
    use super::{Align, Block, Cell, Column, Document, Inline, Role, Table};
    use crate::model::Money;

    #[test]
    fn builders_append_in_order() {
        let mut doc = Document::new();
        doc.heading(1, "Titre");
        doc.paragraph("Texte.");
        let mut table = Table::new(vec![Column::left("Compte"), Column::right("Montant")]);
        table.push(
            Role::Total,
            vec![
                Cell::Account("604".into()),
                Cell::Money(Money::from_cents(5)),
            ],
        );
        doc.push(Block::Table(table));
        assert_eq!(doc.blocks.len(), 3);
        assert_eq!(
            doc.blocks[1],
            Block::Paragraph(vec![Inline::Text("Texte.".into())])
        );
        let Block::Table(table) = &doc.blocks[2] else {
            panic!("a table");
        };
        assert_eq!(table.columns[1].align, Align::Right);
        assert_eq!(table.rows[0].role, Role::Total);
    }
}
