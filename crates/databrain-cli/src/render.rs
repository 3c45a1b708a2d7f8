//! Printing management results: a table for lists on a terminal, one JSON document per result
//! with `--json` (a list is one array, written page by page as pages arrive), and plain values
//! for scripts otherwise (a list: one tab-separated line per item, no header).

use std::io::{IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value};

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `--json`.
    Json,
    /// A table (lists on a terminal, or `--table`).
    Table,
    /// Plain values: lines of tab-separated cells.
    Plain,
}

impl Mode {
    /// `--json`, else `--table` or a terminal, else plain.
    pub fn pick(json: bool, table: bool) -> Mode {
        if json {
            Mode::Json
        } else if table || std::io::stdout().is_terminal() {
            Mode::Table
        } else {
            Mode::Plain
        }
    }
}

/// Longest cell of a table before it is cut (nested values are summarised anyway).
const MAX_CELL_CHARS: usize = 48;

/// The terminal's width (stdout's), else `COLUMNS`, so the table wraps to fit.
fn terminal_width() -> Option<u16> {
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(terminal_size::Width(w), _)| w)
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
}

/// A single result: compact JSON with `--json`; otherwise a lone scalar field as itself, an
/// object of scalars as one tab-separated line, anything else (exports, query answers) as
/// indented JSON.
pub fn value(v: &Value, mode: Mode) {
    if mode == Mode::Json {
        println!("{v}");
        return;
    }
    match v {
        Value::Object(map) if !map.is_empty() && map.values().all(is_scalar) => {
            let cells: Vec<String> = map.values().map(plain_cell).collect();
            println!("{}", cells.join("\t"));
        }
        other if is_scalar(other) => println!("{}", plain_cell(other)),
        other => println!("{}", serde_json::to_string_pretty(other).unwrap_or_default()),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

/// A cell for scripts: strings as themselves, nested values as compact JSON, null empty.
fn plain_cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.replace(['\t', '\n'], " "),
        other => other.to_string(),
    }
}

/// A cell for people: nested values summarised (`--json` has them whole).
fn table_cell(v: &Value) -> String {
    let text = match v {
        Value::Array(items) => format!("[{} items]", items.len()),
        Value::Object(map) => format!("{{{} fields}}", map.len()),
        other => plain_cell(other),
    };
    if text.chars().count() > MAX_CELL_CHARS {
        let cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Writes a list as its pages arrive.
pub struct ListWriter {
    mode: Mode,
    columns: Vec<String>,
    rows: Vec<Map<String, Value>>,
    written: usize,
}

impl ListWriter {
    /// A list; nothing is printed before its first page.
    pub fn new(mode: Mode) -> Self {
        ListWriter { mode, columns: Vec::new(), rows: Vec::new(), written: 0 }
    }

    /// Whether any item has been printed or kept.
    pub fn started(&self) -> bool {
        self.written > 0
    }

    /// One page of items.
    pub fn page(&mut self, items: Vec<Value>) {
        let mut out = std::io::stdout().lock();
        if self.mode == Mode::Json && self.written == 0 {
            let _ = write!(out, "[");
        }
        for item in items {
            let map = match item {
                Value::Object(map) => map,
                other => Map::from_iter([("value".to_owned(), other)]),
            };
            for key in map.keys() {
                if !self.columns.contains(key) {
                    self.columns.push(key.clone());
                }
            }
            match self.mode {
                Mode::Json => {
                    let sep = if self.written == 0 { "" } else { "," };
                    let _ = write!(out, "{sep}\n{}", Value::Object(map));
                }
                Mode::Plain => {
                    let cells: Vec<String> = self.columns.iter().map(|c| map.get(c).map(plain_cell).unwrap_or_default()).collect();
                    let _ = writeln!(out, "{}", cells.join("\t"));
                }
                Mode::Table => self.rows.push(map),
            }
            self.written += 1;
        }
        let _ = out.flush();
    }

    /// Ends the list (`]` for JSON, the table itself for people).
    pub fn finish(self) {
        match self.mode {
            Mode::Json if self.written == 0 => println!("[]"),
            Mode::Json => println!("\n]"),
            Mode::Plain => {}
            Mode::Table if self.rows.is_empty() => eprintln!("(no items)"),
            Mode::Table => println!("{}", self.table()),
        }
    }

    fn table(&self) -> Table {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        if let Some(width) = terminal_width() {
            table.set_width(width).set_content_arrangement(ContentArrangement::Dynamic);
        }
        table.set_header(self.columns.clone());
        for row in &self.rows {
            table.add_row(self.columns.iter().map(|c| row.get(c).map(table_cell).unwrap_or_default()).collect::<Vec<_>>());
        }
        table
    }
}
