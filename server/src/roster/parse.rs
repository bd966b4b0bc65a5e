//! Turning an uploaded GP roster (CSV or XLSX) into validated rows, each either a [`RosterRow`] or a [`RowError`]
//! listing every problem of that row. Pure: no database, no clock, no I/O beyond the bytes handed in.
//!
//! What the parser is lenient about, because municipalities export rosters from many tools:
//! - the format is chosen by the file extension (`.csv`, `.xlsx`, any case);
//! - CSV text may be UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or Windows-1252
//!   (what Excel writes by default on Norwegian Windows); the delimiter (`;`, `,` or tab) is detected from the header;
//! - headers are matched ignoring case, spaces, punctuation and anything in parentheses, in Norwegian or English,
//!   and the header may stand below a few title lines; unknown columns are ignored;
//! - the name may be one column or two (first name + last name);
//! - completely empty rows are skipped; line numbers are those the person sees in their program (header = 1).
//!
//! What makes the whole file fail is a [`RosterError`]; everything else is reported per row.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use legeting_shared::people::Employment;

use crate::error::FieldError;
use crate::people::model::{Email, HprNumber, PersonName, Phone, parse_count};

/// The most data rows one file may hold.
pub const MAX_ROWS: usize = 5_000;

/// How many non-empty rows from the top are searched for the header (title lines may stand above it).
const HEADER_SEARCH_ROWS: usize = 10;

/// The longest office name or address accepted, in characters.
const MAX_TEXT_CHARS: usize = 200;

/// One valid row of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// 1-based line (CSV) or row (XLSX) number as the person sees it in their program; the header is usually 1.
    pub line: usize,
    pub name: PersonName,
    pub email: Email,
    pub phone: Option<Phone>,
    pub hpr_number: Option<HprNumber>,
    /// The office name, trimmed and with inner white space folded.
    pub office: Option<String>,
    pub office_address: Option<String>,
    pub specialist: bool,
    pub list_size: Option<i64>,
    pub open_list_places: Option<i64>,
    pub employment: Option<Employment>,
}

/// A row that cannot be imported, with every problem it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line (CSV) or row (XLSX) number as the person sees it in their program.
    pub line: usize,
    /// Every problem in the row, in column order of the roster fields (name, email, phone, …).
    pub errors: Vec<FieldError>,
    /// The raw name as written in the file (first and last name joined), to show which row this is.
    pub name: Option<String>,
    /// The raw e-mail address as written in the file.
    pub email: Option<String>,
}

/// Why the whole file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    /// The file is neither `.csv` nor `.xlsx`.
    #[error("the file must be a CSV file (.csv) or an Excel workbook (.xlsx)")]
    UnsupportedFormat,
    /// No data rows (possibly a header alone).
    #[error("the file has no rows to import")]
    Empty,
    /// Required columns were not found in the header: `name` and/or `email`.
    #[error("required columns are missing: {}", .0.join(", "))]
    MissingColumns(Vec<&'static str>),
    /// More than [`MAX_ROWS`] data rows.
    #[error("the file has {0} rows; at most {max} can be imported at once", max = MAX_ROWS)]
    TooManyRows(usize),
    /// The bytes could not be read as the format the extension promises.
    #[error("the file could not be read: {0}")]
    Unreadable(String),
}

impl RosterError {
    /// A stable code the UI translates.
    pub fn code(&self) -> &'static str {
        match self {
            RosterError::UnsupportedFormat => "unsupported_format",
            RosterError::Empty => "empty",
            RosterError::MissingColumns(_) => "missing_columns",
            RosterError::TooManyRows(_) => "too_many_rows",
            RosterError::Unreadable(_) => "unreadable",
        }
    }
}

/// Parse an uploaded roster. `file_name` picks the format by its extension.
///
/// The outer error refuses the whole file; otherwise there is one entry per non-empty data row, in file order.
pub fn parse_roster(file_name: &str, bytes: &[u8]) -> Result<Vec<Result<RosterRow, RowError>>, RosterError> {
    let rows = match format_of(file_name).ok_or(RosterError::UnsupportedFormat)? {
        Format::Csv => read_csv(bytes)?,
        Format::Xlsx => read_xlsx(bytes)?,
    };
    let (header_index, columns) = find_header(&rows)?;
    let data = &rows[header_index + 1..];
    if data.is_empty() {
        return Err(RosterError::Empty);
    }
    if data.len() > MAX_ROWS {
        return Err(RosterError::TooManyRows(data.len()));
    }
    let mut seen = Seen::default();
    Ok(data.iter().map(|row| parse_row(&columns, row, &mut seen)).collect())
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the file into raw rows

enum Format {
    Csv,
    Xlsx,
}

fn format_of(file_name: &str) -> Option<Format> {
    let (_, extension) = file_name.trim().rsplit_once('.')?;
    match extension.to_ascii_lowercase().as_str() {
        "csv" => Some(Format::Csv),
        "xlsx" => Some(Format::Xlsx),
        _ => None,
    }
}

/// A non-empty row: its line number as the person sees it and its cells, trimmed.
struct RawRow {
    line: usize,
    cells: Vec<String>,
}

impl RawRow {
    /// `None` when every cell is blank.
    fn new(line: usize, cells: impl IntoIterator<Item = String>) -> Option<RawRow> {
        let cells: Vec<String> = cells.into_iter().map(|cell| cell.trim().to_owned()).collect();
        cells.iter().any(|cell| !cell.is_empty()).then_some(RawRow { line, cells })
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<RawRow>, RosterError> {
    let text = decode_text(bytes)?;
    let delimiter = detect_delimiter(&text);
    let lines = LineIndex::new(&text);
    let mut rows = Vec::new();
    for record in csv_reader(&text, delimiter).into_records() {
        let record = record.map_err(|e| RosterError::Unreadable(e.to_string()))?;
        let line = record.position().map_or(0, |position| lines.line_at(position.byte() as usize));
        rows.extend(RawRow::new(line, record.iter().map(str::to_owned)));
    }
    Ok(rows)
}

/// Turns a record's byte offset into the line number a text editor or Excel shows. The csv crate's own line
/// count is not used: it stands before the previous record's `\r\n` and before skipped blank lines.
struct LineIndex<'a> {
    text: &'a [u8],
    /// The byte offset where each line starts: 0, and after every `\n`, `\r\n` or lone `\r`.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> LineIndex<'a> {
        let text = text.as_bytes();
        let mut starts = vec![0];
        for (index, &byte) in text.iter().enumerate() {
            if byte == b'\n' || (byte == b'\r' && text.get(index + 1) != Some(&b'\n')) {
                starts.push(index + 1);
            }
        }
        LineIndex { text, starts }
    }

    /// The 1-based line of the first character at or after `offset` that is not a line break.
    fn line_at(&self, offset: usize) -> usize {
        let rest = self.text.get(offset..).unwrap_or_default();
        let start = offset + rest.iter().take_while(|&&byte| byte == b'\r' || byte == b'\n').count();
        self.starts.partition_point(|&line_start| line_start <= start)
    }
}

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes())
}

/// UTF-8 or UTF-16 when a byte-order mark says so, else UTF-8 when valid, else Windows-1252.
fn decode_text(bytes: &[u8]) -> Result<String, RosterError> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        if had_errors {
            return Err(RosterError::Unreadable(format!("the text is not valid {}", encoding.name())));
        }
        return Ok(text.into_owned());
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(RosterError::Unreadable("this is an Excel workbook, not a CSV file; name it .xlsx".into()));
    }
    if bytes.contains(&0) {
        return Err(RosterError::Unreadable("the file is not text".into()));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned()),
    }
}

const DELIMITERS: [u8; 3] = [b';', b',', b'\t'];

/// The delimiter that splits the header into the most known columns with the required ones present; failing
/// that, the one that occurs most often (outside quotes) in the first non-empty line; failing that, a comma.
fn detect_delimiter(text: &str) -> u8 {
    let by_header = DELIMITERS
        .into_iter()
        .filter_map(|delimiter| {
            let rows = csv_reader(text, delimiter)
                .into_records()
                .map_while(Result::ok)
                .filter_map(|record| RawRow::new(0, record.iter().map(str::to_owned)))
                .take(HEADER_SEARCH_ROWS);
            let best = rows
                .map(|row| Columns::from_header(&row.cells))
                .filter(|c| c.missing().is_empty())
                .map(|c| c.0.len())
                .max()?;
            Some((best, delimiter))
        })
        // On a tie the delimiter listed first wins.
        .max_by_key(|&(known, delimiter)| (known, std::cmp::Reverse(DELIMITERS.iter().position(|&d| d == delimiter))));
    if let Some((_, delimiter)) = by_header {
        return delimiter;
    }
    let Some(first_line) = text.lines().find(|line| !line.trim().is_empty()) else {
        return b',';
    };
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for byte in first_line.bytes() {
        quoted ^= byte == b'"';
        if let (false, Some(index)) = (quoted, DELIMITERS.iter().position(|&d| d == byte)) {
            counts[index] += 1;
        }
    }
    let (index, count) = counts.iter().enumerate().rev().max_by_key(|&(_, count)| *count).unwrap_or((1, &0));
    if *count == 0 { b',' } else { DELIMITERS[index] }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<RawRow>, RosterError> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| RosterError::Unreadable(format!("not a valid Excel workbook ({e})")))?;
    let range = match workbook.worksheet_range_at(0) {
        None => return Err(RosterError::Empty),
        Some(range) => range.map_err(|e| RosterError::Unreadable(e.to_string()))?,
    };
    let Some((first_row, _)) = range.start() else {
        return Err(RosterError::Empty);
    };
    Ok(range
        .rows()
        .enumerate()
        .filter_map(|(index, cells)| RawRow::new(first_row as usize + index + 1, cells.iter().map(cell_text)))
        .collect())
}

/// A cell as text. Numbers that are whole (HPR numbers, list sizes) are written without a decimal part.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(value) if value.fract() == 0.0 && value.abs() < 1e15 => format!("{}", *value as i64),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The header

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    FirstName,
    LastName,
    Email,
    Phone,
    Hpr,
    Office,
    OfficeAddress,
    Specialist,
    ListSize,
    OpenListPlaces,
    Employment,
}

/// Accepted headers, normalised by [`normalise_header`] (lower case, letters and digits only).
const HEADERS: &[(Column, &[&str])] = &[
    (Column::Name, &["navn", "fulltnavn", "name", "fullname"]),
    (Column::FirstName, &["fornavn", "firstname", "givenname"]),
    (Column::LastName, &["etternavn", "lastname", "surname", "familyname"]),
    (Column::Email, &["epost", "epostadresse", "email", "emailaddress"]),
    (
        Column::Phone,
        &[
            "telefon",
            "mobil",
            "tlf",
            "phone",
            "mobile",
            "telefonnummer",
            "mobilnummer",
            "tlfnr",
            "mobiltelefon",
            "phonenumber",
        ],
    ),
    (Column::Hpr, &["hpr", "hprnummer", "hprnr", "hprnumber", "hprno"]),
    (Column::Office, &["legekontor", "kontor", "office", "gpoffice"]),
    (Column::OfficeAddress, &["adresse", "kontoradresse", "address", "officeaddress", "besøksadresse"]),
    (Column::Specialist, &["spesialist", "spesialistiallmennmedisin", "specialist"]),
    (Column::ListSize, &["listelengde", "listestørrelse", "listsize"]),
    (Column::OpenListPlaces, &["ledigeplasser", "lediglistekapasitet", "openplaces", "openlistplaces"]),
    (Column::Employment, &["tilknytning", "driftsform", "employment", "tilknytningsform"]),
];

/// Lower case, letters and digits only, and nothing from the first parenthesis on: "E-post (jobb)" → "epost".
fn normalise_header(header: &str) -> String {
    let before_parenthesis = header.split('(').next().unwrap_or_default();
    before_parenthesis.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn column_for(header: &str) -> Option<Column> {
    let header = normalise_header(header);
    HEADERS.iter().find(|(_, names)| names.contains(&header.as_str())).map(|(column, _)| *column)
}

/// The known columns of a header: which field, at which cell index, in header order.
struct Columns(Vec<(Column, usize)>);

impl Columns {
    fn from_header(cells: &[String]) -> Columns {
        Columns(cells.iter().enumerate().filter_map(|(index, cell)| Some((column_for(cell)?, index))).collect())
    }

    fn has(&self, column: Column) -> bool {
        self.0.iter().any(|(c, _)| *c == column)
    }

    fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        let has_name = self.has(Column::Name) || (self.has(Column::FirstName) && self.has(Column::LastName));
        if !has_name {
            missing.push("name");
        }
        if !self.has(Column::Email) {
            missing.push("email");
        }
        missing
    }

    /// The first non-empty cell of the row under a header for `column` (a file may have both "Telefon" and "Mobil").
    fn value<'a>(&self, cells: &'a [String], column: Column) -> Option<&'a str> {
        self.0
            .iter()
            .filter(|(c, _)| *c == column)
            .filter_map(|(_, index)| cells.get(*index))
            .map(String::as_str)
            .find(|value| !value.is_empty())
    }
}

/// The first of the top rows that has every required column; if none has, the whole file is refused with the
/// columns missing from the row that came closest.
fn find_header(rows: &[RawRow]) -> Result<(usize, Columns), RosterError> {
    let mut closest: Option<Vec<&'static str>> = None;
    for (index, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let columns = Columns::from_header(&row.cells);
        let missing = columns.missing();
        if missing.is_empty() {
            return Ok((index, columns));
        }
        if closest.as_ref().is_none_or(|closest| missing.len() < closest.len()) {
            closest = Some(missing);
        }
    }
    Err(closest.map_or(RosterError::Empty, RosterError::MissingColumns))
}

// ---------------------------------------------------------------------------------------------------------------
// The rows

/// E-mail addresses and HPR numbers already met, with the line they were first met on.
#[derive(Default)]
struct Seen {
    emails: HashMap<Email, usize>,
    hpr_numbers: HashMap<HprNumber, usize>,
}

fn parse_row(columns: &Columns, row: &RawRow, seen: &mut Seen) -> Result<RosterRow, RowError> {
    let get = |column| columns.value(&row.cells, column);
    let mut errors = Vec::new();

    let raw_name = get(Column::Name).map(str::to_owned).or_else(|| {
        let parts: Vec<&str> = [Column::FirstName, Column::LastName].into_iter().filter_map(get).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    let raw_email = get(Column::Email).map(str::to_owned);

    let name = keep(&mut errors, PersonName::parse(raw_name.as_deref().unwrap_or_default()));
    let email = match raw_email.as_deref() {
        Some(value) => keep(&mut errors, Email::parse(value)),
        None => {
            errors.push(field_error("email", "required", "an e-mail address is required"));
            None
        }
    };
    let phone = optional(&mut errors, get(Column::Phone), Phone::parse);
    let hpr_number = optional(&mut errors, get(Column::Hpr), HprNumber::parse);
    let office = optional(&mut errors, get(Column::Office), |value| text("office", value));
    let office_address = optional(&mut errors, get(Column::OfficeAddress), |value| text("office_address", value));
    let specialist = optional(&mut errors, get(Column::Specialist), parse_specialist).unwrap_or(false);
    let list_size = optional(&mut errors, get(Column::ListSize), |value| count("list_size", value));
    let open_list_places = optional(&mut errors, get(Column::OpenListPlaces), |value| count("open_list_places", value));
    let employment = optional(&mut errors, get(Column::Employment), parse_employment).flatten();

    if let Some(email) = &email {
        match seen.emails.entry(email.clone()) {
            Entry::Occupied(first) => errors.push(duplicate("email", "e-mail address", *first.get())),
            Entry::Vacant(slot) => {
                slot.insert(row.line);
            }
        }
    }
    if let Some(hpr_number) = &hpr_number {
        match seen.hpr_numbers.entry(hpr_number.clone()) {
            Entry::Occupied(first) => errors.push(duplicate("hpr_number", "HPR number", *first.get())),
            Entry::Vacant(slot) => {
                slot.insert(row.line);
            }
        }
    }

    match (name, email) {
        (Some(name), Some(email)) if errors.is_empty() => Ok(RosterRow {
            line: row.line,
            name,
            email,
            phone,
            hpr_number,
            office,
            office_address,
            specialist,
            list_size,
            open_list_places,
            employment,
        }),
        _ => Err(RowError { line: row.line, errors, name: raw_name, email: raw_email }),
    }
}

/// The value, or `None` with its error recorded.
fn keep<T>(errors: &mut Vec<FieldError>, result: Result<T, FieldError>) -> Option<T> {
    result.map_err(|error| errors.push(error)).ok()
}

/// An optional cell: `None` when empty or invalid (the error is recorded).
fn optional<T>(
    errors: &mut Vec<FieldError>,
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Option<T> {
    keep(errors, value.map(parse)?)
}

fn field_error(field: &'static str, code: &'static str, message: impl Into<String>) -> FieldError {
    FieldError { field, code, message: message.into() }
}

fn duplicate(field: &'static str, what: &str, first_line: usize) -> FieldError {
    field_error(field, "duplicate_in_file", format!("the same {what} is already on line {first_line}"))
}

/// Free text such as an office name: white space folded, at most [`MAX_TEXT_CHARS`] characters.
fn text(field: &'static str, value: &str) -> Result<String, FieldError> {
    let folded = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() > MAX_TEXT_CHARS || folded.chars().any(char::is_control) {
        return Err(field_error(field, "invalid_text", format!("the {field} is too long or has invalid characters")));
    }
    Ok(folded)
}

/// A whole, non-negative number; spaces (also non-breaking ones, as Norwegian thousands separators) are ignored.
fn count(field: &'static str, value: &str) -> Result<i64, FieldError> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let number = compact
        .parse::<i64>()
        .map_err(|_| field_error(field, "invalid_number", format!("{value:?} is not a whole number")))?;
    parse_count(field, number)
}

fn parse_specialist(value: &str) -> Result<bool, FieldError> {
    match value.trim().to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" | "x" | "1" | "true" => Ok(true),
        "nei" | "n" | "no" | "0" | "false" | "" => Ok(false),
        _ => Err(field_error("specialist", "invalid_boolean", format!("{value:?} is neither yes nor no"))),
    }
}

fn parse_employment(value: &str) -> Result<Option<Employment>, FieldError> {
    let key: String = value.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    match key.as_str() {
        "" => Ok(None),
        "fastlønn" | "fastlønnet" | "fastlonn" | "fastlonnet" | "salaried" | "ansatt" | "kommunaltansatt" => {
            Ok(Some(Employment::Salaried))
        }
        "næringsdrivende"
        | "naeringsdrivende"
        | "selvstendig"
        | "selvstendignæringsdrivende"
        | "selvstendignaeringsdrivende"
        | "privat"
        | "privatpraktiserende"
        | "selfemployed" => Ok(Some(Employment::SelfEmployed)),
        _ => Err(field_error(
            "employment",
            "invalid_employment",
            format!("{value:?} is neither salaried (fastlønn) nor self-employed (næringsdrivende)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(file_name: &str, bytes: &[u8]) -> Vec<Result<RosterRow, RowError>> {
        parse_roster(file_name, bytes).expect("the file is accepted")
    }

    fn valid(rows: &[Result<RosterRow, RowError>]) -> Vec<&RosterRow> {
        rows.iter().map(|row| row.as_ref().expect("every row is valid")).collect()
    }

    fn codes(error: &RowError) -> Vec<(&'static str, &'static str)> {
        error.errors.iter().map(|e| (e.field, e.code)).collect()
    }

    fn xlsx(rows: &[&[Cell]]) -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::Text(text) => sheet.write_string(r, c, *text).map(|_| ()),
                    Cell::Number(number) => sheet.write_number(r, c, *number).map(|_| ()),
                    Cell::Blank => Ok(()),
                }
                .expect("cell written");
            }
        }
        workbook.save_to_buffer().expect("workbook saved")
    }

    enum Cell {
        Text(&'static str),
        Number(f64),
        Blank,
    }

    #[test]
    fn semicolon_csv_with_norwegian_headers_and_bom_is_parsed() {
        let csv = "\u{feff}Navn;E-post;Mobil;HPR-nummer;Legekontor;Adresse;Spesialist i allmennmedisin;Listelengde;Ledige plasser;Driftsform\r\n\
                   Kari Nordmann;Kari@Baerum.Kommune.no;+47 912 34 567;1234567;  Sandvika  legesenter ;Rådhustorget 2, 1337 Sandvika;ja;1 200;15;Næringsdrivende\r\n\
                   Ola Hansen;ola@baerum.kommune.no;;;;;nei;;;fastlønn\r\n";
        let rows = parse_ok("fastleger.csv", csv.as_bytes());
        let rows = valid(&rows);
        assert_eq!(rows.len(), 2);
        let kari = rows[0];
        assert_eq!(kari.line, 2);
        assert_eq!(kari.name.as_str(), "Kari Nordmann");
        assert_eq!(kari.email.as_str(), "kari@baerum.kommune.no");
        assert_eq!(kari.phone.as_ref().map(Phone::as_str), Some("+4791234567"));
        assert_eq!(kari.hpr_number.as_ref().map(HprNumber::as_str), Some("1234567"));
        assert_eq!(kari.office.as_deref(), Some("Sandvika legesenter"));
        assert_eq!(kari.office_address.as_deref(), Some("Rådhustorget 2, 1337 Sandvika"));
        assert!(kari.specialist);
        assert_eq!((kari.list_size, kari.open_list_places), (Some(1200), Some(15)));
        assert_eq!(kari.employment, Some(Employment::SelfEmployed));
        let ola = rows[1];
        assert_eq!(ola.line, 3);
        assert_eq!((ola.phone.clone(), ola.hpr_number.clone(), ola.office.clone()), (None, None, None));
        assert!(!ola.specialist);
        assert_eq!((ola.list_size, ola.employment), (None, Some(Employment::Salaried)));
    }

    #[test]
    fn comma_csv_with_english_headers_is_parsed() {
        let csv = "Name,E-mail,Phone,HPR number,GP office,Address,Specialist,List size,Open list places,Employment\n\
                   Kari Nordmann,kari@example.no,91234567,1234567,Sandvika legesenter,\"Rådhustorget 2, 1337 Sandvika\",yes,1000,0,self-employed\n\
                   Ola Hansen,ola@example.no,,,,,,,,salaried\n";
        let rows = parse_ok("roster.CSV", csv.as_bytes());
        let rows = valid(&rows);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].office_address.as_deref(), Some("Rådhustorget 2, 1337 Sandvika"));
        assert_eq!((rows[0].list_size, rows[0].open_list_places), (Some(1000), Some(0)));
        assert_eq!(rows[0].employment, Some(Employment::SelfEmployed));
        assert_eq!(rows[1].employment, Some(Employment::Salaried));
        assert!(rows[0].specialist && !rows[1].specialist);
    }

    #[test]
    fn tab_separated_csv_is_detected() {
        let csv = "navn\tepost\ttlf\nKari Nordmann\tkari@example.no\t91234567\n";
        let rows = parse_ok("roster.csv", csv.as_bytes());
        assert_eq!(valid(&rows)[0].phone.as_ref().map(Phone::as_str), Some("91234567"));
    }

    #[test]
    fn windows_1252_csv_keeps_norwegian_letters() {
        // "Listestørrelse", "Bjørn Ærlig Åsen", "Blå legekontor" and "æøå" in Windows-1252.
        let mut bytes = b"Navn;E-post;Legekontor;Listest\xf8rrelse\r\nBj\xf8rn \xc6rlig \xc5sen;bjorn@example.no;Bl\xe5 legekontor;900\r\n".to_vec();
        bytes.extend_from_slice(b"\xe6\xf8\xe5 Test;test@example.no;;\r\n");
        let rows = parse_ok("roster.csv", &bytes);
        let rows = valid(&rows);
        assert_eq!(rows[0].name.as_str(), "Bjørn Ærlig Åsen");
        assert_eq!(rows[0].office.as_deref(), Some("Blå legekontor"));
        assert_eq!(rows[0].list_size, Some(900));
        assert_eq!(rows[1].name.as_str(), "æøå Test");
    }

    #[test]
    fn xlsx_numbers_such_as_hpr_numbers_are_read_as_whole_numbers() {
        let bytes = xlsx(&[
            &[
                Cell::Text("Navn"),
                Cell::Text("E-post"),
                Cell::Text("HPR-nr"),
                Cell::Text("Listelengde"),
                Cell::Text("Spesialist"),
            ],
            &[
                Cell::Text("Kari Nordmann"),
                Cell::Text("kari@example.no"),
                Cell::Number(1234567.0),
                Cell::Number(1500.0),
                Cell::Text("x"),
            ],
            &[Cell::Blank, Cell::Blank, Cell::Blank, Cell::Blank, Cell::Blank],
            &[
                Cell::Text("Ola Hansen"),
                Cell::Text("ola@example.no"),
                Cell::Number(7654321.0),
                Cell::Number(12.5),
                Cell::Blank,
            ],
        ]);
        let rows = parse_ok("Fastleger.XLSX", &bytes);
        assert_eq!(rows.len(), 2, "the empty row is skipped");
        let kari = rows[0].as_ref().expect("Kari is valid");
        assert_eq!(kari.line, 2);
        assert_eq!(kari.hpr_number.as_ref().map(HprNumber::as_str), Some("1234567"));
        assert_eq!(kari.list_size, Some(1500));
        assert!(kari.specialist);
        let ola = rows[1].as_ref().expect_err("12.5 is not a list size");
        assert_eq!(ola.line, 4, "the line number counts the skipped empty row");
        assert_eq!(codes(ola), [("list_size", "invalid_number")]);
    }

    #[test]
    fn a_header_below_title_lines_is_found() {
        let bytes = xlsx(&[
            &[Cell::Text("Fastleger i Bærum kommune")],
            &[Cell::Blank],
            &[Cell::Text("Fornavn"), Cell::Text("Etternavn"), Cell::Text("E-postadresse")],
            &[Cell::Text("Kari"), Cell::Text("Nordmann"), Cell::Text("kari@example.no")],
        ]);
        let rows = parse_ok("roster.xlsx", &bytes);
        let rows = valid(&rows);
        assert_eq!((rows[0].line, rows[0].name.as_str()), (4, "Kari Nordmann"));
    }

    #[test]
    fn first_and_last_name_columns_are_joined() {
        let csv = "Fornavn;Etternavn;Epost\nKari;Nordmann;kari@example.no\nOla;;ola@example.no\n";
        let rows = parse_ok("roster.csv", csv.as_bytes());
        let rows = valid(&rows);
        assert_eq!(rows[0].name.as_str(), "Kari Nordmann");
        assert_eq!(rows[1].name.as_str(), "Ola");
    }

    #[test]
    fn missing_required_columns_are_listed() {
        assert_eq!(
            parse_roster("roster.csv", b"Telefon;Legekontor\n91234567;Sandvika\n"),
            Err(RosterError::MissingColumns(vec!["name", "email"]))
        );
        assert_eq!(
            parse_roster("roster.csv", b"Fornavn;E-post\nKari;kari@example.no\n"),
            Err(RosterError::MissingColumns(vec!["name"]))
        );
        let error = parse_roster("roster.csv", b"Navn;Telefon\nKari;91234567\n").expect_err("no e-mail column");
        assert_eq!(
            (error.code(), error.to_string().as_str()),
            ("missing_columns", "required columns are missing: email")
        );
    }

    #[test]
    fn other_extensions_are_unsupported() {
        for name in ["roster.xls", "roster.txt", "roster", "roster.csv.pdf", ""] {
            assert_eq!(
                parse_roster(name, b"Navn;E-post\nKari;kari@example.no\n"),
                Err(RosterError::UnsupportedFormat),
                "{name}"
            );
        }
    }

    #[test]
    fn bytes_that_do_not_match_the_extension_are_unreadable() {
        let error = parse_roster("roster.xlsx", b"Navn;E-post\nKari;kari@example.no\n").expect_err("not a workbook");
        assert_eq!(error.code(), "unreadable");
        let workbook = xlsx(&[&[Cell::Text("Navn"), Cell::Text("E-post")]]);
        assert_eq!(parse_roster("roster.csv", &workbook).map_err(|e| e.code()), Err("unreadable"));
    }

    #[test]
    fn a_row_reports_every_problem_not_just_the_first() {
        let csv = "Navn;E-post;Listelengde;Spesialist;Tilknytning;HPR\n\
                   Kari Nordmann;kari(at)example.no;mange;kanskje;vikar;12x\n\
                   ;;;ja;;\n";
        let rows = parse_ok("roster.csv", csv.as_bytes());
        let kari = rows[0].as_ref().expect_err("Kari's row is wrong");
        assert_eq!(kari.line, 2);
        assert_eq!(
            codes(kari),
            [
                ("email", "invalid_email"),
                ("hpr_number", "invalid_hpr"),
                ("specialist", "invalid_boolean"),
                ("list_size", "invalid_number"),
                ("employment", "invalid_employment"),
            ]
        );
        assert_eq!((kari.name.as_deref(), kari.email.as_deref()), (Some("Kari Nordmann"), Some("kari(at)example.no")));
        let nameless = rows[1].as_ref().expect_err("no name, no e-mail");
        assert_eq!(codes(nameless), [("name", "required"), ("email", "required")]);
        assert_eq!((nameless.name.as_deref(), nameless.email.as_deref()), (None, None));
    }

    #[test]
    fn list_sizes_must_be_sensible_counts() {
        let csv = "Navn;E-post;Listelengde;Ledige plasser\nKari;kari@example.no;-5;1000000\n";
        let rows = parse_ok("roster.csv", csv.as_bytes());
        let error = rows[0].as_ref().expect_err("negative and huge counts");
        assert_eq!(codes(error), [("list_size", "invalid_number"), ("open_list_places", "invalid_number")]);
    }

    #[test]
    fn later_duplicates_of_an_email_or_hpr_number_in_the_file_are_refused() {
        let csv = "Navn;E-post;HPR\n\
                   Kari Nordmann;kari@example.no;1234567\n\
                   Kari N.;KARI@example.no;7654321\n\
                   Ola Hansen;ola@example.no;1234 567\n\
                   Per Olsen;per@example.no;\n";
        let rows = parse_ok("roster.csv", csv.as_bytes());
        assert!(rows[0].is_ok());
        let same_email = rows[1].as_ref().expect_err("same e-mail as line 2");
        assert_eq!(codes(same_email), [("email", "duplicate_in_file")]);
        assert!(same_email.errors[0].message.contains("line 2"), "{}", same_email.errors[0].message);
        let same_hpr = rows[2].as_ref().expect_err("same HPR number as line 2");
        assert_eq!(codes(same_hpr), [("hpr_number", "duplicate_in_file")]);
        assert!(rows[3].is_ok(), "rows without an HPR number are no duplicates of each other");
    }

    #[test]
    fn an_empty_file_or_a_header_alone_is_empty() {
        for bytes in [&b""[..], b"\xef\xbb\xbf", b"\n\n;;;\n", b"Navn;E-post\n", b"Navn;E-post\n;\n"] {
            assert_eq!(parse_roster("roster.csv", bytes), Err(RosterError::Empty), "{bytes:?}");
        }
        assert_eq!(parse_roster("roster.xlsx", &xlsx(&[])), Err(RosterError::Empty));
    }

    #[test]
    fn more_than_max_rows_is_refused() {
        let mut csv = String::from("Navn;E-post\n");
        for n in 0..=MAX_ROWS {
            csv.push_str(&format!("Lege {n};lege{n}@example.no\n"));
        }
        let error = parse_roster("roster.csv", csv.as_bytes()).expect_err("one row too many");
        assert_eq!(error, RosterError::TooManyRows(MAX_ROWS + 1));
        assert_eq!(error.code(), "too_many_rows");

        let exactly_max = csv.lines().take(MAX_ROWS + 1).collect::<Vec<_>>().join("\n");
        assert_eq!(parse_ok("roster.csv", exactly_max.as_bytes()).len(), MAX_ROWS);
    }

    #[test]
    fn blank_lines_are_skipped_but_line_numbers_stay_true() {
        let csv = "Navn,E-post\n\nKari,kari@example.no\n,\nOla,ola@example.no\n";
        let rows = parse_ok("roster.csv", csv.as_bytes());
        let lines: Vec<usize> = valid(&rows).iter().map(|row| row.line).collect();
        assert_eq!(lines, [3, 5]);

        let windows = "\r\nNavn;E-post;Adresse\r\n\r\nKari;kari@example.no;\"Storgata 1\r\n1337 Sandvika\"\r\nOla;ola@example.no;\r\n";
        let rows = parse_ok("roster.csv", windows.as_bytes());
        let rows = valid(&rows);
        assert_eq!(rows.iter().map(|row| row.line).collect::<Vec<_>>(), [4, 6], "a quoted line break counts");
        assert_eq!(rows[0].office_address.as_deref(), Some("Storgata 1 1337 Sandvika"));
    }

    #[test]
    fn the_delimiter_is_the_one_that_splits_the_header_into_known_columns() {
        let csv = "Fastleger, Bærum, 2025\nNavn;E-post\nKari;kari@example.no\n";
        let rows = parse_ok("roster.csv", csv.as_bytes());
        assert_eq!(valid(&rows)[0].line, 3);
    }

    #[test]
    fn utf16_csv_with_a_byte_order_mark_is_read() {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend("Navn\tE-post\r\nKåre Ås\tkare@example.no\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let rows = parse_ok("roster.csv", &bytes);
        assert_eq!(valid(&rows)[0].name.as_str(), "Kåre Ås");
    }

    #[test]
    fn headers_ignore_case_punctuation_parentheses_and_unknown_columns() {
        let csv = "  NAVN ;Notat;E-POST (jobb);Tlf.;HPR-Nr.;Spesialist?\nKari;hei;kari@example.no;91234567;1234567;J\n";
        let rows = parse_ok("roster.csv", csv.as_bytes());
        let kari = valid(&rows)[0];
        assert_eq!(kari.phone.as_ref().map(Phone::as_str), Some("91234567"));
        assert_eq!(kari.hpr_number.as_ref().map(HprNumber::as_str), Some("1234567"));
        assert!(kari.specialist);
    }

    #[test]
    fn error_codes_are_stable() {
        let all = [
            RosterError::UnsupportedFormat,
            RosterError::Empty,
            RosterError::MissingColumns(vec!["name"]),
            RosterError::TooManyRows(5001),
            RosterError::Unreadable("x".into()),
        ];
        let codes: Vec<&str> = all.iter().map(RosterError::code).collect();
        assert_eq!(codes, ["unsupported_format", "empty", "missing_columns", "too_many_rows", "unreadable"]);
        assert!(all.iter().all(|error| !error.to_string().is_empty()));
    }
}
