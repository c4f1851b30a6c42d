//! Audit log state, pure and host-tested: the filters as they appear in `/audit?...`, the
//! request they make, matching for live events and for servers that ignore the text filters,
//! export rows and file names, and the arithmetic of the windowed table.

use crate::api::audit::AuditQuery;
use crate::api::models::{AuditEvent, AuditEventType, Decision, Severity};
use crate::routes::parse_list;
use crate::time_fmt;

/// Preset periods: URL value, label, length in seconds. Also the audit metrics periods.
pub const PERIODS: &[(&str, &str, i64)] = &[
    ("1h", "Last hour", 3_600),
    ("24h", "Last 24 hours", 86_400),
    ("7d", "Last 7 days", 604_800),
    ("30d", "Last 30 days", 2_592_000),
];
pub const CUSTOM: &str = "custom";
pub const DEFAULT_PERIOD: &str = "24h";
pub const PAGE_SIZES: &[u32] = &[50, 100, 200, 500, 1000];
pub const DEFAULT_LIMIT: u32 = 50;

/// CSV columns of the audit export (CONTRACT §3.9).
pub const CSV_HEADER: [&str; 7] = [
    "timestamp",
    "event_type",
    "user_email",
    "server_name",
    "tool_name",
    "decision",
    "reason",
];

#[derive(Clone, Debug, PartialEq)]
pub struct AuditFilter {
    /// A `PERIODS` value or `custom`.
    pub period: String,
    /// Custom range bounds as typed, `YYYY-MM-DDTHH:MM` in UTC; empty = open.
    pub from: String,
    pub to: String,
    pub event_type: Option<AuditEventType>,
    pub decision: Option<Decision>,
    /// Not an API filter: applied in the browser.
    pub severity: Option<Severity>,
    pub user: String,
    pub server: String,
    pub limit: u32,
    pub offset: u64,
}

impl Default for AuditFilter {
    fn default() -> Self {
        AuditFilter {
            period: DEFAULT_PERIOD.into(),
            from: String::new(),
            to: String::new(),
            event_type: None,
            decision: None,
            severity: None,
            user: String::new(),
            server: String::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

/// Unix seconds of a custom bound (`YYYY-MM-DDTHH:MM[:SS]`, UTC).
pub fn parse_bound(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.len() == 16 {
        time_fmt::parse_unix(&format!("{s}:00"))
    } else {
        time_fmt::parse_unix(s)
    }
}

impl AuditFilter {
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let d = AuditFilter::default();
        let text = |k: &str| get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
        let bound = |k: &str| {
            get(k)
                .filter(|s| parse_bound(s).is_some())
                .unwrap_or_default()
        };
        let one = |k: &str| parse_list(get(k).as_deref(), |s| Some(s.to_owned())).pop();
        let limit = get("limit")
            .and_then(|l| l.parse().ok())
            .filter(|l| PAGE_SIZES.contains(l))
            .unwrap_or(d.limit);
        AuditFilter {
            period: get("period")
                .filter(|p| p == CUSTOM || PERIODS.iter().any(|(k, _, _)| k == p))
                .unwrap_or(d.period),
            from: bound("from"),
            to: bound("to"),
            event_type: one("type").and_then(|s| AuditEventType::parse_known(&s)),
            decision: one("decision").and_then(|s| Decision::parse_known(&s)),
            severity: one("severity").and_then(|s| Severity::parse_known(&s)),
            user: text("user"),
            server: text("server"),
            limit,
            // Always a whole number of pages.
            offset: get("offset")
                .and_then(|o| o.parse::<u64>().ok())
                .map_or(0, |o| o - o % u64::from(limit)),
        }
    }

    /// Defaults are left out so URLs stay short; custom bounds only with the custom period.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut put = |k: &str, v: &str| {
            if !v.is_empty() {
                out.push((k.to_owned(), v.to_owned()))
            }
        };
        if self.period != DEFAULT_PERIOD {
            put("period", &self.period);
        }
        if self.period == CUSTOM {
            put("from", &self.from);
            put("to", &self.to);
        }
        put("type", self.event_type.as_ref().map_or("", |t| t.as_str()));
        put(
            "decision",
            self.decision.as_ref().map_or("", |t| t.as_str()),
        );
        put(
            "severity",
            self.severity.as_ref().map_or("", |t| t.as_str()),
        );
        put("user", &self.user);
        put("server", &self.server);
        if self.limit != DEFAULT_LIMIT {
            put("limit", &self.limit.to_string());
        }
        if self.offset > 0 {
            put("offset", &self.offset.to_string());
        }
        out
    }

    /// Start and end of the range in Unix seconds (presets end now and are open-ended).
    pub fn range(&self, now: i64) -> (Option<i64>, Option<i64>) {
        match PERIODS.iter().find(|(k, _, _)| *k == self.period) {
            Some((_, _, secs)) => (Some(now - secs), None),
            None => (parse_bound(&self.from), parse_bound(&self.to)),
        }
    }

    /// The request for one page; `offset` and `limit` are the caller's (paging, export).
    pub fn query(&self, now: i64, limit: u32, offset: u64) -> AuditQuery {
        let (start, end) = self.range(now);
        let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        AuditQuery {
            limit,
            offset,
            event_type: self.event_type.as_ref().map(|t| t.as_str().to_owned()),
            decision: self.decision.as_ref().map(|t| t.as_str().to_owned()),
            start_time: start.map(time_fmt::to_rfc3339),
            end_time: end.map(time_fmt::to_rfc3339),
            user_email: text(&self.user),
            server_name: text(&self.server),
        }
    }

    /// Whether any filter narrows the result (the empty state then offers "Clear filters").
    pub fn narrowed(&self) -> bool {
        self.event_type.is_some()
            || self.decision.is_some()
            || self.severity.is_some()
            || !self.user.is_empty()
            || !self.server.is_empty()
    }

    /// The page and filters in words, to name what failed: "page 3; decision Deny; user “bob”".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.offset > 0 {
            parts.push(format!(
                "page {}",
                self.offset / u64::from(self.limit.max(1)) + 1
            ));
        }
        if let Some(t) = &self.event_type {
            parts.push(format!("event type {}", t.label()));
        }
        if let Some(d) = &self.decision {
            parts.push(format!("decision {}", d.label()));
        }
        if let Some(s) = &self.severity {
            parts.push(format!("severity {}", s.label()));
        }
        if !self.user.is_empty() {
            parts.push(format!("user “{}”", self.user));
        }
        if !self.server.is_empty() {
            parts.push(format!("server “{}”", self.server));
        }
        parts.join("; ")
    }

    /// The user and server text filters (case-insensitive substrings).
    pub fn text_match(&self, e: &AuditEvent) -> bool {
        let has = |field: &Option<String>, needle: &str| {
            needle.is_empty()
                || field
                    .as_deref()
                    .is_some_and(|f| f.to_lowercase().contains(&needle.to_lowercase()))
        };
        has(&e.user_email, &self.user) && has(&e.server_name, &self.server)
    }

    /// Everything the server filters on (for live events), without severity.
    pub fn server_match(&self, e: &AuditEvent, now: i64) -> bool {
        let (start, end) = self.range(now);
        let t = time_fmt::parse_unix(&e.timestamp);
        self.event_type.as_ref().is_none_or(|x| *x == e.event_type)
            && self
                .decision
                .as_ref()
                .is_none_or(|x| Some(x) == e.decision.as_ref())
            && self.text_match(e)
            && t.is_none_or(|t| start.is_none_or(|s| t >= s) && end.is_none_or(|x| t < x))
    }

    /// Applied in the browser to every row.
    pub fn severity_match(&self, e: &AuditEvent) -> bool {
        self.severity
            .as_ref()
            .is_none_or(|s| Some(s) == e.severity.as_ref())
    }

    /// File name of an export, e.g. `audit-logs-24h-2026-11-22T15-13-26.csv`.
    pub fn file_name(&self, ext: &str, now: i64) -> String {
        format!(
            "audit-logs-{}-{}.{ext}",
            self.period,
            time_fmt::file_stamp(now)
        )
    }
}

/// One CSV row in `CSV_HEADER` order; missing values are empty cells.
pub fn csv_row(e: &AuditEvent) -> Vec<String> {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        e.timestamp.clone(),
        e.event_type.as_str().to_owned(),
        s(&e.user_email),
        s(&e.server_name),
        s(&e.tool_name),
        e.decision
            .as_ref()
            .map(|d| d.as_str().to_owned())
            .unwrap_or_default(),
        s(&e.reason),
    ]
}

/// The whole CSV document through `crate::csv` (quoting, formula neutralising, CRLF).
pub fn to_csv(events: &[AuditEvent]) -> String {
    let rows: Vec<Vec<String>> = events.iter().map(csv_row).collect();
    crate::csv::write(&CSV_HEADER, &rows)
}

/// Puts `ev` on top unless a row with its id is already there; `true` when it was added.
pub fn merge_top(rows: &mut Vec<AuditEvent>, ev: AuditEvent) -> bool {
    if !ev.event_id.is_empty() && rows.iter().any(|r| r.event_id == ev.event_id) {
        return false;
    }
    rows.insert(0, ev);
    true
}

/// Appends the rows of a later page that are not loaded yet.
pub fn append_new(rows: &mut Vec<AuditEvent>, page: Vec<AuditEvent>) {
    for ev in page {
        if !rows
            .iter()
            .rev()
            .take(2_000)
            .any(|r| r.event_id == ev.event_id)
        {
            rows.push(ev);
        }
    }
}

/// Fixed row height of the windowed table, in CSS pixels.
pub const ROW_HEIGHT: u32 = 40;
/// Rows rendered above and below the visible ones.
pub const OVERSCAN: usize = 10;

/// The rows to render: `[start, end)` of `total` for a scroll container showing `viewport`
/// pixels from `scroll_top`. Spacers fill `start * ROW_HEIGHT` and `(total - end) * ROW_HEIGHT`.
pub fn window(scroll_top: i32, viewport: i32, total: usize) -> (usize, usize) {
    let h = ROW_HEIGHT as usize;
    let top = scroll_top.max(0) as usize;
    let first = (top / h).min(total);
    let visible = (viewport.max(0) as usize).div_ceil(h) + 1;
    let start = first.saturating_sub(OVERSCAN);
    let end = (first + visible + OVERSCAN).min(total);
    (start, end.max(start))
}

/// Pixel height of `rows` table rows (spacers), as a CSS length. Set through `style:height`
/// (CSSOM), which the CSP allows, never as a `style` attribute, which it blocks.
pub fn spacer(rows: usize) -> String {
    format!("{}px", rows * ROW_HEIGHT as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> AuditFilter {
        AuditFilter::from_pairs(crate::routes::lookup(pairs))
    }

    fn round_trip(f: &AuditFilter) -> AuditFilter {
        let m: HashMap<String, String> = f.to_pairs().into_iter().collect();
        AuditFilter::from_pairs(|k| m.get(k).cloned())
    }

    fn event(id: &str) -> AuditEvent {
        serde_json::from_value(serde_json::json!({
            "event_id": id, "event_type": "authorization_denied",
            "timestamp": "2026-11-22T15:00:00+00:00", "severity": "medium",
            "user_email": "Alice@Example.com", "server_name": "payments-api",
            "tool_name": "refund", "decision": "deny", "reason": "=cmd|' /C calc'!A0",
        }))
        .expect("test event decodes")
    }

    #[test]
    fn url_round_trip_keeps_every_field() {
        let f = AuditFilter {
            period: CUSTOM.into(),
            from: "2026-11-01T08:00".into(),
            to: "2026-11-02T08:00".into(),
            event_type: Some(AuditEventType::PolicyUpdated),
            decision: Some(Decision::Deny),
            severity: Some(Severity::Critical),
            user: "zürich & co".into(),
            server: "pay,ments".into(),
            limit: 1000,
            offset: 3000,
        };
        assert_eq!(round_trip(&f), f);
        let preset = AuditFilter {
            period: "7d".into(),
            ..Default::default()
        };
        assert_eq!(round_trip(&preset), preset);
        assert!(AuditFilter::default().to_pairs().is_empty());
        // Custom bounds are dropped from the URL with a preset period.
        let stray = AuditFilter {
            from: "2026-11-01T08:00".into(),
            ..Default::default()
        };
        assert!(stray.to_pairs().is_empty());
    }

    #[test]
    fn bad_url_values_fall_back_to_defaults() {
        let f = from(&[
            ("period", "2y"),
            ("type", "tool_invocation"),
            ("decision", "maybe"),
            ("severity", "LOW"),
            ("limit", "77"),
            ("offset", "-5"),
            ("from", "yesterday"),
        ]);
        assert_eq!(f, AuditFilter::default());
        // Offsets snap to the page size.
        assert_eq!(from(&[("limit", "100"), ("offset", "250")]).offset, 200);
        assert_eq!(
            from(&[("type", "user_login")]).event_type,
            Some(AuditEventType::UserLogin)
        );
    }

    #[test]
    fn query_carries_range_and_filters() {
        let now = 1_795_364_277;
        let f = from(&[("period", "1h"), ("decision", "allow"), ("user", "bob")]);
        let q = f.query(now, 1000, 2000);
        assert_eq!(q.start_time.as_deref(), Some("2026-11-22T15:17:57Z"));
        assert_eq!(q.end_time, None);
        assert_eq!(q.decision.as_deref(), Some("allow"));
        assert_eq!(q.user_email.as_deref(), Some("bob"));
        assert_eq!(q.server_name, None);
        assert_eq!((q.limit, q.offset), (1000, 2000));
        let c = from(&[("period", "custom"), ("to", "2026-11-22T10:30")]);
        let q = c.query(now, 50, 0);
        assert_eq!(q.start_time, None);
        assert_eq!(q.end_time.as_deref(), Some("2026-11-22T10:30:00Z"));
    }

    #[test]
    fn matching_for_live_events_and_client_side_fallback() {
        let now = time_fmt::parse_unix("2026-11-22T15:30:00Z").unwrap_or(0);
        let e = event("e1");
        let f = from(&[
            ("user", "alice@"),
            ("server", "PAY"),
            ("type", "authorization_denied"),
        ]);
        assert!(f.server_match(&e, now));
        assert!(!from(&[("user", "bob")]).server_match(&e, now));
        assert!(!from(&[("decision", "allow")]).server_match(&e, now));
        // Outside the last hour (30 min old is inside).
        assert!(from(&[("period", "1h")]).server_match(&e, now));
        assert!(!from(&[("period", "1h")]).server_match(&e, now + 7200));
        assert!(!from(&[("period", "custom"), ("to", "2026-11-22T14:00")]).server_match(&e, now));
        assert!(from(&[("severity", "medium")]).severity_match(&e));
        assert!(!from(&[("severity", "high")]).severity_match(&e));
        let mut no_user = event("e2");
        no_user.user_email = None;
        assert!(!from(&[("user", "a")]).text_match(&no_user));
        assert!(AuditFilter::default().text_match(&no_user));
    }

    #[test]
    fn export_rows_and_file_names() {
        let e = event("e1");
        assert_eq!(
            csv_row(&e),
            vec![
                "2026-11-22T15:00:00+00:00",
                "authorization_denied",
                "Alice@Example.com",
                "payments-api",
                "refund",
                "deny",
                "=cmd|' /C calc'!A0"
            ]
        );
        let mut bare = event("e2");
        bare.user_email = None;
        bare.decision = None;
        let doc = to_csv(&[e, bare]);
        let mut lines = doc.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("timestamp,event_type,user_email,server_name,tool_name,decision,reason")
        );
        // Formula injection neutralised.
        assert_eq!(
            lines.next(),
            Some("2026-11-22T15:00:00+00:00,authorization_denied,Alice@Example.com,payments-api,refund,deny,'=cmd|' /C calc'!A0")
        );
        assert_eq!(
            lines.next(),
            Some("2026-11-22T15:00:00+00:00,authorization_denied,,payments-api,refund,,'=cmd|' /C calc'!A0")
        );
        assert_eq!(
            from(&[("period", "7d")]).file_name("json", 1_795_364_277),
            "audit-logs-7d-2026-11-22T16-17-57.json"
        );
        assert_eq!(
            from(&[("period", "custom")]).file_name("csv", 0),
            "audit-logs-custom-1970-01-01T00-00-00.csv"
        );
    }

    #[test]
    fn live_merge_dedupes_by_id() {
        let mut rows = vec![event("a"), event("b")];
        assert!(merge_top(&mut rows, event("c")));
        assert!(!merge_top(&mut rows, event("a")));
        assert_eq!(rows[0].event_id, "c");
        assert_eq!(rows.len(), 3);
        append_new(&mut rows, vec![event("b"), event("d")]);
        let ids: Vec<&str> = rows.iter().map(|r| r.event_id.as_str()).collect();
        assert_eq!(ids, vec!["c", "a", "b", "d"]);
    }

    #[test]
    fn windowing_arithmetic() {
        // Top of a 10 000-row table, 600 px viewport: 16 visible rows + 10 overscan.
        assert_eq!(window(0, 600, 10_000), (0, 26));
        // Scrolled to row 5 000.
        let (s, e) = window(200_000, 600, 10_000);
        assert_eq!((s, e), (4_990, 5_026));
        assert_eq!(spacer(s), "199600px");
        // The very bottom never runs past the end.
        assert_eq!(window(400_000, 600, 10_000), (9_990, 10_000));
        assert_eq!(window(999_999, 600, 10_000).1, 10_000);
        // Small and empty tables, odd inputs.
        assert_eq!(window(0, 600, 5), (0, 5));
        assert_eq!(window(0, 600, 0), (0, 0));
        assert_eq!(window(-30, -1, 3), (0, 3));
    }

    #[test]
    fn describe_names_page_and_filters() {
        let f = AuditFilter {
            offset: 100,
            limit: 50,
            decision: Some(Decision::Deny),
            user: "bob".into(),
            ..Default::default()
        };
        assert_eq!(f.describe(), "page 3; decision Deny; user “bob”");
        assert_eq!(AuditFilter::default().describe(), "");
    }
}
