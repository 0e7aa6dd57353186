//! Test helpers for workbooks: read every cell of an exported ledger, and write a copy with
//! some rows filled in, as a unit does in its spreadsheet program.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

/// Every sheet of a workbook: name, hidden, and its cells by (row, col).
pub type Cells = BTreeMap<(u32, u32), Data>;

pub fn read_book(path: &Path) -> Vec<(String, Cells)> {
    let mut wb = open_workbook_auto(path).expect("open workbook");
    let names = wb.sheet_names();
    let mut out = Vec::new();
    for n in names {
        let range = wb.worksheet_range(&n).expect("sheet");
        let mut cells = Cells::new();
        if let (Some(start), Some(_)) = (range.start(), range.end()) {
            for (r, row) in range.rows().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    if !matches!(v, Data::Empty) {
                        cells.insert((start.0 + r as u32, start.1 + c as u32), v.clone());
                    }
                }
            }
        }
        out.push((n, cells));
    }
    out
}

pub fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// The column of a header in row 2 of a unit sheet.
pub fn col(cells: &Cells, header: &str) -> u32 {
    cells
        .iter()
        .find(|((r, _), v)| *r == 1 && text(v) == header)
        .map(|((_, c), _)| *c)
        .unwrap_or_else(|| panic!("no header {header}"))
}

/// A filled row: the measure id, then header → value.
pub type Fill = (String, Vec<(&'static str, Data)>);

/// Writes a copy of `book` (the hidden sheet stays hidden) with `fills` applied to `sheet`:
/// what a unit does in its spreadsheet program.
pub fn write_filled(book: &[(String, Cells)], sheet: &str, fills: &[Fill], to: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, cells) in book {
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("name");
        if name == "_taskforce" {
            ws.set_hidden(true);
        }
        let mut cells = cells.clone();
        if name == sheet {
            for (id, values) in fills {
                let row = cells
                    .iter()
                    .find(|((r, c), v)| *c == 0 && *r > 1 && text(v) == *id)
                    .map(|((r, _), _)| *r)
                    .unwrap_or_else(|| panic!("{id} not on sheet {sheet}"));
                for (h, v) in values {
                    let c = col(&cells, h);
                    cells.insert((row, c), v.clone());
                }
            }
        }
        for ((r, c), v) in &cells {
            match v {
                Data::Float(f) => ws.write_number(*r, *c as u16, *f),
                Data::Int(i) => ws.write_number(*r, *c as u16, *i as f64),
                other => ws.write_string(*r, *c as u16, text(other)),
            }
            .expect("write cell");
        }
    }
    wb.save(to).expect("save");
}

pub fn s(t: &str) -> Data {
    Data::String(t.to_string())
}

pub fn ids_on(book: &[(String, Cells)], sheet: &str) -> Vec<String> {
    let cells = &book.iter().find(|(n, _)| n == sheet).expect("sheet").1;
    cells
        .iter()
        .filter(|((r, c), _)| *c == 0 && *r > 1)
        .map(|(_, v)| text(v))
        .collect()
}
