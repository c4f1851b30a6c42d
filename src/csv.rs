//! CSV and JSON export writers (pure). CSV follows SARK's export rules (minimal quoting, CRLF)
//! and neutralises spreadsheet formula injection (OWASP): a cell starting with `=`, `+`, `-`,
//! `@`, tab or CR gets a leading `'` so Excel/Sheets show it as text instead of running it.

/// Whether a cell would be taken as a formula by a spreadsheet.
fn is_formula_like(cell: &str) -> bool {
    matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// One cell, neutralised and quoted when needed.
pub fn cell(raw: &str) -> String {
    let neutral = if is_formula_like(raw) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    if neutral.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A whole document: header row first, every row ending in CRLF.
pub fn write<R: AsRef<[String]>>(header: &[&str], rows: &[R]) -> String {
    let mut out = String::new();
    out.push_str(&header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(
            &row.as_ref()
                .iter()
                .map(|c| cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// JSON export: 2-space indentation like SARK's `pretty=true`.
pub fn json_pretty<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "[]".into())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    pub fn ext(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv;charset=utf-8",
            ExportFormat::Json => "application/json",
        }
    }
}

/// The file name from a `Content-Disposition` header, if it has a plain `filename="…"`.
pub fn disposition_filename(header: &str) -> Option<String> {
    let start = header.find("filename=")? + "filename=".len();
    let rest = header[start..].trim();
    let name = if let Some(q) = rest.strip_prefix('"') {
        q.split('"').next()?
    } else {
        rest.split(';').next()?
    };
    let name = name.trim();
    // Never let a header choose a path.
    (!name.is_empty() && !name.contains(['/', '\\'])).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed_and_doubles_quotes() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn neutralises_formula_injection() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("a=b"), "a=b");
    }

    #[test]
    fn document_has_header_and_crlf_rows() {
        let rows = vec![vec!["1".to_string(), "<b>html</b>, inc.".to_string()]];
        assert_eq!(
            write(&["id", "name"], &rows),
            "id,name\r\n1,\"<b>html</b>, inc.\"\r\n"
        );
    }

    #[test]
    fn filename_from_disposition() {
        assert_eq!(
            disposition_filename("attachment; filename=\"servers_20261122_161758.csv\""),
            Some("servers_20261122_161758.csv".into())
        );
        assert_eq!(
            disposition_filename("attachment; filename=x.json; size=3"),
            Some("x.json".into())
        );
        assert_eq!(
            disposition_filename("attachment; filename=\"../../etc/passwd\""),
            None
        );
        assert_eq!(disposition_filename("inline"), None);
    }
}
