//! The sandbox decision rule (contract 3.6) and keyword-based sensitivity detection (3.7).

use rusqlite::Connection;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::events::Event;
use crate::store::audit::{self, NewAudit};

pub struct Decision {
    pub allow: bool,
    pub reason: &'static str,
    /// Which rule decided (1..4), for logs and details.
    pub rule: u8,
}

pub fn decide(
    is_admin: bool,
    action: &str,
    target_level: Option<&str>,
    requires_approval: bool,
) -> Decision {
    if is_admin {
        return Decision {
            allow: true,
            reason: "Allowed: admin role",
            rule: 1,
        };
    }
    if target_level == Some("critical") {
        return Decision {
            allow: false,
            reason: "Denied: critical sensitivity requires admin role",
            rule: 2,
        };
    }
    if action == "tool:invoke" && requires_approval {
        return Decision {
            allow: false,
            reason: "Denied: tool requires approval",
            rule: 3,
        };
    }
    Decision {
        allow: true,
        reason: "Allowed by sandbox policy",
        rule: 4,
    }
}

/// What a decision was about, for its audit event.
#[derive(Default)]
pub struct Subject {
    pub action: String,
    pub server_id: Option<String>,
    pub server_name: Option<String>,
    pub tool_name: Option<String>,
    pub parameters: Option<Value>,
    pub resource_type: Option<&'static str>,
    pub resource_id: Option<String>,
}

/// Writes `authorization_allowed` (low) or `authorization_denied` (medium); returns the event id.
pub fn record(
    c: &Connection,
    caller: &Caller,
    d: &Decision,
    s: Subject,
    out: &mut Vec<Event>,
) -> rusqlite::Result<String> {
    let (ty, sev, decision) = if d.allow {
        ("authorization_allowed", "low", "allow")
    } else {
        ("authorization_denied", "medium", "deny")
    };
    let mut ev = caller.audit(NewAudit::new(ty, sev, s.action.clone()));
    ev.server_id = s.server_id;
    ev.server_name = s.server_name;
    ev.tool_name = s.tool_name;
    ev.decision = Some(decision);
    ev.parameters = s.parameters;
    ev.reason = Some(d.reason.to_string());
    ev.details = Some(json!({"action": s.action, "rule": d.rule}));
    ev.resource_type = s.resource_type;
    ev.resource_id = s.resource_id;
    audit::record(c, ev, out)
}

pub const CRITICAL_KEYWORDS: &[&str] = &[
    "payment",
    "transaction",
    "credit_card",
    "password",
    "secret",
    "key",
    "token",
    "credential",
    "private_key",
    "api_key",
    "ssn",
    "bank",
    "billing",
    "encrypt",
    "decrypt",
];
pub const HIGH_KEYWORDS: &[&str] = &[
    "delete",
    "drop",
    "exec",
    "execute",
    "admin",
    "root",
    "sudo",
    "kill",
    "remove",
    "destroy",
    "terminate",
    "shutdown",
    "purge",
    "truncate",
    "grant",
    "revoke",
];
pub const MEDIUM_KEYWORDS: &[&str] = &[
    "write", "update", "modify", "change", "edit", "create", "insert", "save", "upload", "send",
    "post", "put", "patch", "set", "move", "rename",
];
pub const LOW_KEYWORDS: &[&str] = &[
    "read", "get", "list", "fetch", "view", "show", "display", "query", "search", "find",
    "describe", "lookup", "status", "check", "ping",
];

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whole-word match on the word sequence (`credit_card` matches "credit card"). A keyword ending in
/// `e` also matches its `-s`/`-d` verb forms ("removes", "deleted"); plurals of nouns do not match,
/// so `list_transactions` reads as a listing, not a transaction.
fn matches(ws: &[String], kw: &str) -> bool {
    let parts: Vec<&str> = kw.split('_').collect();
    if parts.is_empty() || ws.len() < parts.len() {
        return false;
    }
    (0..=ws.len() - parts.len()).any(|i| {
        parts.iter().enumerate().all(|(j, p)| {
            let w = ws[i + j].as_str();
            let last = j + 1 == parts.len();
            w == *p || (last && p.ends_with('e') && (w == format!("{p}s") || w == format!("{p}d")))
        })
    })
}

/// (level, keywords matched or None, detection method).
pub fn detect(
    name: &str,
    description: Option<&str>,
) -> (&'static str, Option<Vec<String>>, &'static str) {
    let ws = words(&format!("{name} {}", description.unwrap_or("")));
    let cats: [(&str, &[&str], &str); 4] = [
        ("critical", CRITICAL_KEYWORDS, "critical_keywords"),
        ("high", HIGH_KEYWORDS, "high_keywords"),
        ("medium", MEDIUM_KEYWORDS, "medium_keywords"),
        ("low", LOW_KEYWORDS, "low_keywords"),
    ];
    for (level, kws, method) in cats {
        let hits: Vec<String> = kws
            .iter()
            .filter(|k| matches(&ws, k))
            .map(|k| k.to_string())
            .collect();
        if !hits.is_empty() {
            return (level, Some(hits), method);
        }
    }
    ("medium", None, "default")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_matches_recorded_examples() {
        assert_eq!(
            detect("delete_user", Some("Permanently removes a user account")).1,
            Some(vec!["delete".into(), "remove".into()])
        );
        assert_eq!(detect("frobnicate", None), ("medium", None, "default"));
        assert_eq!(
            detect("refund_transaction", Some("Refund a previous transaction")).0,
            "critical"
        );
        assert_eq!(
            detect("list_transactions", Some("List recent transactions")).0,
            "low"
        );
        assert_eq!(
            detect("process_payment", Some("Charge a credit card")).0,
            "critical"
        );
        assert_eq!(detect("export_contacts", None).0, "medium");
    }

    #[test]
    fn decision_rule_order() {
        assert_eq!(
            decide(true, "tool:invoke", Some("critical"), true).reason,
            "Allowed: admin role"
        );
        assert!(!decide(false, "server:register", Some("critical"), false).allow);
        assert_eq!(
            decide(false, "tool:invoke", Some("high"), true).reason,
            "Denied: tool requires approval"
        );
        assert_eq!(
            decide(false, "tool:invoke", Some("high"), false).reason,
            "Allowed by sandbox policy"
        );
    }
}
