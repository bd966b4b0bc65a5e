//! Tables as CSV or XLSX downloads. Cells that a spreadsheet would read as a formula (starting with `=`, `+`,
//! `-`, `@`, tab or carriage return) are neutralised with a leading apostrophe, so a name typed as a formula
//! can never run in a leader's spreadsheet.

use axum::response::Response;
use legeting_shared::participation::Participation;

use crate::download::download;
use crate::error::AppError;

/// A cell: text or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

/// A table with a header row.
pub struct Table {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// Text that a spreadsheet cannot mistake for a formula.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

/// Participation by GP (and who attended nothing), as a table.
pub fn participation_table(report: &Participation) -> Table {
    let mut rows: Vec<Vec<Cell>> = report
        .by_gp
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.label.clone()),
                Cell::Number(r.invited as f64),
                Cell::Number(r.attended as f64),
                Cell::Number(r.excused as f64),
                Cell::Number((r.rate * 1000.0).round() / 10.0),
            ]
        })
        .collect();
    for nothing in report.attended_nothing.iter().filter(|n| n.invited == 0) {
        rows.push(vec![
            Cell::Text(nothing.label.clone()),
            Cell::Number(0.0),
            Cell::Number(0.0),
            Cell::Number(0.0),
            Cell::Number(0.0),
        ]);
    }
    rows.sort_by(|a, b| match (&a[0], &b[0]) {
        (Cell::Text(x), Cell::Text(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    Table { header: vec!["Fastlege", "Invitert", "Deltatt", "Forfall", "Deltakelse %"], rows }
}

/// The table as CSV: semicolons, decimal commas and a BOM, as Norwegian Excel expects.
pub fn csv_bytes(table: &Table) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(&table.header).map_err(|e| AppError::Internal(e.into()))?;
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) => neutralise(text),
                Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
                Cell::Number(n) => format!("{n}").replace('.', ","),
            })
            .collect();
        writer.write_record(&cells).map_err(|e| AppError::Internal(e.into()))?;
    }
    writer.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}

/// A CSV download.
pub fn csv_response(table: &Table, file_name: &str) -> Result<Response, AppError> {
    Ok(download(csv_bytes(table)?, "text/csv; charset=utf-8", file_name))
}

/// The table as an XLSX workbook with one sheet.
pub fn xlsx_bytes(table: &Table, sheet_name: &str) -> Result<Vec<u8>, AppError> {
    let internal = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.into());
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).map_err(internal)?;
    for (column, title) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(column).unwrap_or(0), *title, &bold).map_err(internal)?;
    }
    for (index, row) in table.rows.iter().enumerate() {
        let row_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        for (column, cell) in row.iter().enumerate() {
            let column = u16::try_from(column).unwrap_or(0);
            match cell {
                Cell::Text(text) => sheet.write_string(row_number, column, neutralise(text)).map_err(internal)?,
                Cell::Number(n) => sheet.write_number(row_number, column, *n).map_err(internal)?,
            };
        }
    }
    sheet.autofit();
    workbook.save_to_buffer().map_err(internal)
}

/// An XLSX download.
pub fn xlsx_response(table: &Table, sheet_name: &str, file_name: &str) -> Result<Response, AppError> {
    Ok(download(
        xlsx_bytes(table, sheet_name)?,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_name,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_not() {
        assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralise("+47 999"), "'+47 999");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Kari Nordmann"), "Kari Nordmann");
    }

    #[test]
    fn csv_uses_semicolons_decimal_commas_and_neutralised_text() {
        let table = Table {
            header: vec!["Navn", "Prosent"],
            rows: vec![
                vec![Cell::Text("=1+1".into()), Cell::Number(33.3)],
                vec![Cell::Text("Ola".into()), Cell::Number(50.0)],
            ],
        };
        let text = String::from_utf8(csv_bytes(&table).expect("writes")).expect("UTF-8");
        assert_eq!(text, "\u{feff}Navn;Prosent\n'=1+1;33,3\nOla;50\n");
    }
}
