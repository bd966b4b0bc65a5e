//! Numbers, money and rates the way they are written in Norway (and in English for the English UI), plus the
//! small encoders the pages need. Pure functions, tested off the browser.
//!
//! - Money is øre in `i64` on the wire. [`format_kroner`] shows it as `1 230,00 kr`; [`parse_kroner`] reads what a
//!   person typed (`1 230,50`, `1230.5`, `1 230 kr`) into øre exactly, with integer arithmetic only.
//! - Rates are computed from counts ([`format_rate`]), not from the floating-point rate the server also sends,
//!   so a table and a chart never disagree by a rounding.
//!
//! Group separators and the space before a unit are no-break spaces (U+00A0), so `1 230,00 kr` never breaks
//! across lines.

use crate::i18n::Lang;

/// The no-break space used between digit groups and before units.
pub const NBSP: char = '\u{a0}';

/// Digits of `n` (non-negative) with a no-break space between groups of three: `1 230 000`.
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(c);
    }
    out
}

/// A whole number with Norwegian digit grouping: `1 230`.
pub fn format_number(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group_digits(n.unsigned_abs()))
}

/// An amount in øre as kroner: `1 230,00 kr` (123 000 øre).
pub fn format_kroner(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    format!("{sign}{},{:02}{NBSP}kr", group_digits(abs / 100), abs % 100)
}

/// What a person typed as an amount in kroner, in øre: `1 230,50` → 123 050. Spaces (also no-break and thin
/// spaces) between digit groups and a leading or trailing `kr` are allowed; the decimal separator is a comma
/// or a point, with at most two decimals. No floating point is involved. Negative or empty amounts, several
/// separators and anything else are refused.
pub fn parse_kroner(typed: &str) -> Option<i64> {
    let mut text = typed.trim();
    for unit in ["kr.", "kr", "NOK"] {
        if let Some(rest) = text.strip_suffix(unit) {
            text = rest.trim_end();
        }
        if let Some(rest) = text.strip_prefix(unit) {
            text = rest.trim_start();
        }
    }
    let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')).collect();
    let (whole, fraction) = match compact.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (compact.as_str(), None),
    };
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || whole.len() > 12 {
        return None;
    }
    let kroner: i64 = whole.parse().ok()?;
    let ore = match fraction {
        None => 0,
        Some(f) if f.is_empty() || f.len() > 2 || !f.chars().all(|c| c.is_ascii_digit()) => return None,
        Some(f) if f.len() == 1 => f.parse::<i64>().ok()? * 10,
        Some(f) => f.parse::<i64>().ok()?,
    };
    kroner.checked_mul(100)?.checked_add(ore)
}

/// An amount in øre as it is typed back into a field: `1 230,50` (no unit).
pub fn kroner_input(ore: i64) -> String {
    let abs = ore.unsigned_abs();
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", group_digits(abs / 100), abs % 100)
}

/// `part` of `whole` as a percentage with one decimal, rounded half up: `33,3 %` in Norwegian (bokmål and
/// nynorsk), `33.3%` in English. Nothing of nothing is `0 %`.
pub fn format_rate(part: i64, whole: i64, lang: Lang) -> String {
    let tenths = if whole <= 0 { 0 } else { (part.max(0) * 2000 + whole) / (2 * whole) };
    let (integer, decimal) = (tenths / 10, tenths % 10);
    match (lang, decimal) {
        (Lang::Nb | Lang::Nn, 0) => format!("{integer}{NBSP}%"),
        (Lang::Nb | Lang::Nn, d) => format!("{integer},{d}{NBSP}%"),
        (Lang::En, 0) => format!("{integer}%"),
        (Lang::En, d) => format!("{integer}.{d}%"),
    }
}

/// `part` of `whole` in per mille (0–1000), for drawing bars.
pub fn per_mille(part: i64, whole: i64) -> i64 {
    if whole <= 0 { 0 } else { (part.clamp(0, whole) * 1000 + whole / 2) / whole }
}

/// A duration in minutes as hours and minutes: `2 t 30 min` (nb, nn) or `2 h 30 min` (en).
pub fn format_minutes(minutes: i64, lang: Lang) -> String {
    let hour = match lang {
        Lang::Nb | Lang::Nn => "t",
        Lang::En => "h",
    };
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}{NBSP}min"),
        (h, 0) => format!("{h}{NBSP}{hour}"),
        (h, m) => format!("{h}{NBSP}{hour} {m}{NBSP}min"),
    }
}

/// A file size: `830 B`, `12 kB`, `3,4 MB` (nb, nn) / `3.4 MB` (en).
pub fn format_bytes(bytes: i64, lang: Lang) -> String {
    let separator = if lang == Lang::En { '.' } else { ',' };
    if bytes < 1000 {
        format!("{bytes}{NBSP}B")
    } else if bytes < 1_000_000 {
        format!("{}{NBSP}kB", (bytes + 500) / 1000)
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        format!("{}{separator}{}{NBSP}MB", tenths / 10, tenths % 10)
    }
}

/// Standard base64 (RFC 4648, with padding), for `data:` URLs.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An SVG document as a `data:` URL for an `<img src>` (the CSP allows `img-src data:`; the markup is never
/// put into the page itself).
pub fn svg_data_url(svg: &str) -> String {
    format!("data:image/svg+xml;base64,{}", base64(svg.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: String) -> String {
        text.replace(NBSP, " ")
    }

    #[test]
    fn kroner_are_written_the_norwegian_way() {
        assert_eq!(plain(format_kroner(123_000)), "1 230,00 kr");
        assert_eq!(plain(format_kroner(107_500)), "1 075,00 kr");
        assert_eq!(plain(format_kroner(5)), "0,05 kr");
        assert_eq!(plain(format_kroner(0)), "0,00 kr");
        assert_eq!(plain(format_kroner(123_456_789)), "1 234 567,89 kr");
        assert_eq!(plain(format_kroner(-150)), "-1,50 kr");
        assert!(format_kroner(123_000).contains('\u{a0}'), "groups are held together by no-break spaces");
    }

    #[test]
    fn typed_kroner_become_exact_ore() {
        assert_eq!(parse_kroner("1 230,50"), Some(123_050));
        assert_eq!(parse_kroner("1\u{a0}230,50"), Some(123_050));
        assert_eq!(parse_kroner("1230.5"), Some(123_050));
        assert_eq!(parse_kroner("1230"), Some(123_000));
        assert_eq!(parse_kroner(" 1 075 kr "), Some(107_500));
        assert_eq!(parse_kroner("kr 1 075,00"), Some(107_500));
        assert_eq!(parse_kroner("0,01"), Some(1));
        assert_eq!(parse_kroner("0,1"), Some(10));
        // 0.29 is not exactly representable as a float; here it must still be 29 øre.
        assert_eq!(parse_kroner("0,29"), Some(29));
        assert_eq!(parse_kroner("1 230,505"), None);
        assert_eq!(parse_kroner("1.230,50"), None);
        assert_eq!(parse_kroner("-5"), None);
        assert_eq!(parse_kroner(""), None);
        assert_eq!(parse_kroner("12a"), None);
        assert_eq!(parse_kroner(",50"), None);
        assert_eq!(parse_kroner("12,"), None);
        assert_eq!(parse_kroner("9999999999999"), None);
    }

    #[test]
    fn amounts_round_trip_through_the_input_format() {
        for ore in [0, 1, 99, 100, 123_050, 107_500, 99_999_999] {
            assert_eq!(parse_kroner(&kroner_input(ore)), Some(ore), "{ore}");
        }
        assert_eq!(plain(kroner_input(123_050)), "1 230,50");
    }

    #[test]
    fn numbers_get_digit_groups() {
        assert_eq!(plain(format_number(0)), "0");
        assert_eq!(plain(format_number(999)), "999");
        assert_eq!(plain(format_number(1000)), "1 000");
        assert_eq!(plain(format_number(5400)), "5 400");
        assert_eq!(plain(format_number(-1_234_567)), "-1 234 567");
    }

    #[test]
    fn rates_come_from_counts_with_one_decimal() {
        assert_eq!(plain(format_rate(1, 3, Lang::Nb)), "33,3 %");
        assert_eq!(format_rate(1, 3, Lang::En), "33.3%");
        assert_eq!(plain(format_rate(2, 3, Lang::Nb)), "66,7 %");
        assert_eq!(plain(format_rate(3, 10, Lang::Nb)), "30 %");
        assert_eq!(plain(format_rate(0, 0, Lang::Nb)), "0 %");
        assert_eq!(format_rate(7, 7, Lang::En), "100%");
        // 1/8 = 12.5 % exactly; 1/16 = 6.25 % rounds half up to 6.3 %.
        assert_eq!(plain(format_rate(1, 8, Lang::Nb)), "12,5 %");
        assert_eq!(plain(format_rate(1, 16, Lang::Nb)), "6,3 %");
    }

    #[test]
    fn per_mille_is_clamped_and_rounded() {
        assert_eq!(per_mille(1, 3), 333);
        assert_eq!(per_mille(2, 3), 667);
        assert_eq!(per_mille(5, 0), 0);
        assert_eq!(per_mille(9, 3), 1000);
    }

    #[test]
    fn durations_and_sizes_read_naturally() {
        assert_eq!(plain(format_minutes(150, Lang::Nb)), "2 t 30 min");
        assert_eq!(plain(format_minutes(120, Lang::En)), "2 h");
        assert_eq!(plain(format_minutes(45, Lang::Nb)), "45 min");
        assert_eq!(plain(format_bytes(830, Lang::Nb)), "830 B");
        assert_eq!(plain(format_bytes(12_345, Lang::Nb)), "12 kB");
        assert_eq!(plain(format_bytes(3_400_000, Lang::Nb)), "3,4 MB");
        assert_eq!(plain(format_bytes(3_400_000, Lang::En)), "3.4 MB");
        assert_eq!(plain(format_bytes(3_400_000, Lang::Nn)), "3,4 MB");
        assert_eq!(plain(format_minutes(150, Lang::Nn)), "2 t 30 min");
        assert_eq!(plain(format_rate(1, 3, Lang::Nn)), "33,3 %");
    }

    #[test]
    fn base64_matches_the_rfc_examples() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(b"fooba"), "Zm9vYmE=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(svg_data_url("<svg/>"), "data:image/svg+xml;base64,PHN2Zy8+");
    }
}
