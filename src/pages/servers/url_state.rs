//! List state in the URL (shareable, survives reload, back/forward): pure conversions between
//! query-string pairs and typed list queries.

use crate::api::models::{Sensitivity, ServerStatus};
use crate::api::servers::ServerQuery;
use crate::routes::{parse_list, put_list};

pub const PAGE_SIZES: &[u32] = &[25, 50, 100, 200];
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// Server list state as it appears in `/servers?...`.
pub fn servers_from_pairs(get: impl Fn(&str) -> Option<String>) -> ServerQuery {
    let limit = get("limit")
        .and_then(|l| l.parse::<u32>().ok())
        .filter(|l| PAGE_SIZES.contains(l))
        .unwrap_or(DEFAULT_PAGE_SIZE);
    ServerQuery {
        limit,
        cursor: get("cursor").filter(|c| !c.is_empty()),
        ascending: get("sort").as_deref() == Some("asc"),
        status: parse_list(get("status").as_deref(), ServerStatus::parse_known),
        sensitivity: parse_list(get("sensitivity").as_deref(), Sensitivity::parse_known),
        tags: parse_list(get("tags").as_deref(), |s| Some(s.to_owned())),
        search: get("q").unwrap_or_default(),
        include_total: true,
    }
}

/// The pairs to put in the URL; defaults are left out so URLs stay short.
pub fn servers_to_pairs(q: &ServerQuery) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !q.search.trim().is_empty() {
        out.push(("q".to_owned(), q.search.clone()));
    }
    let status: Vec<&str> = q.status.iter().map(|s| s.as_str()).collect();
    let sensitivity: Vec<&str> = q.sensitivity.iter().map(|s| s.as_str()).collect();
    put_list(&mut out, "status", &status);
    put_list(&mut out, "sensitivity", &sensitivity);
    put_list(&mut out, "tags", &q.tags);
    let mut put = |k: &str, v: String| out.push((k.to_owned(), v));
    if q.ascending {
        put("sort", "asc".into());
    }
    if q.limit != DEFAULT_PAGE_SIZE {
        put("limit", q.limit.to_string());
    }
    if let Some(c) = &q.cursor {
        put("cursor", c.clone());
    }
    out
}

/// What a failed list request was, in words: "servers — a later page, search “db”, tags pci".
pub fn describe_request(q: &ServerQuery) -> String {
    let mut parts = Vec::new();
    if q.cursor.is_some() {
        parts.push("a later page".to_owned());
    }
    if !q.search.trim().is_empty() {
        parts.push(format!("search “{}”", q.search.trim()));
    }
    if !q.tags.is_empty() {
        parts.push(format!("tag filter {}", q.tags.join(", ")));
    }
    if !q.status.is_empty() {
        let s: Vec<String> = q.status.iter().map(|s| s.label()).collect();
        parts.push(format!("status {}", s.join(", ")));
    }
    if !q.sensitivity.is_empty() {
        let s: Vec<String> = q.sensitivity.iter().map(|s| s.label()).collect();
        parts.push(format!("sensitivity {}", s.join(", ")));
    }
    if parts.is_empty() {
        "servers".to_owned()
    } else {
        format!("servers — {}", parts.join("; "))
    }
}

/// Adds `item` to a filter list, or takes it out when it is there (a filter chip).
pub fn toggle<T: PartialEq + Clone>(list: &mut Vec<T>, item: &T) {
    match list.iter().position(|x| x == item) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(item.clone()),
    }
}

/// The same query on its first page without any filter (sort and page size kept).
pub fn without_filters(q: &ServerQuery) -> ServerQuery {
    ServerQuery {
        limit: q.limit,
        ascending: q.ascending,
        include_total: true,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> ServerQuery {
        servers_from_pairs(crate::routes::lookup(pairs))
    }

    #[test]
    fn chips_toggle() {
        let mut v = vec![ServerStatus::Active];
        toggle(&mut v, &ServerStatus::Inactive);
        toggle(&mut v, &ServerStatus::Active);
        assert_eq!(v, vec![ServerStatus::Inactive]);
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let q = ServerQuery {
            limit: 100,
            cursor: Some("abc".into()),
            ascending: true,
            status: vec![ServerStatus::Active, ServerStatus::Unhealthy],
            sensitivity: vec![Sensitivity::Critical],
            tags: vec!["pci".into(), "eu".into()],
            search: "zürich, inc".into(),
            include_total: true,
        };
        let pairs = servers_to_pairs(&q);
        let m: HashMap<String, String> = pairs.into_iter().collect();
        assert_eq!(servers_from_pairs(|k| m.get(k).cloned()), q);
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let q = from(&[
            ("limit", "9999"),
            ("status", "active,bogus,,error"),
            ("sort", "sideways"),
        ]);
        assert_eq!(q.limit, DEFAULT_PAGE_SIZE);
        assert_eq!(q.status, vec![ServerStatus::Active]);
        assert!(!q.ascending);
        assert!(servers_to_pairs(&from(&[])).is_empty());
    }

    #[test]
    fn failures_are_named_by_page_and_filter() {
        assert_eq!(describe_request(&from(&[])), "servers");
        assert_eq!(
            describe_request(&from(&[("cursor", "x"), ("tags", "pci,eu"), ("q", " db ")])),
            "servers — a later page; search “db”; tag filter pci, eu"
        );
        assert_eq!(
            describe_request(&from(&[("status", "active"), ("sensitivity", "high")])),
            "servers — status Active; sensitivity High"
        );
        let q = from(&[
            ("cursor", "x"),
            ("tags", "pci"),
            ("limit", "100"),
            ("sort", "asc"),
        ]);
        let clear = without_filters(&q);
        assert!(clear.cursor.is_none() && !clear.has_filters());
        assert_eq!((clear.limit, clear.ascending), (100, true));
    }
}
