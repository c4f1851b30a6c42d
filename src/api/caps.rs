//! Capability detection (CONTRACT §6): which tier-D features this SARK server provides.
//! Verdicts are pure; the probes themselves live in `session.rs`.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Cap {
    /// Not probed yet, or the probe hit a 5xx/network error (treated as absent for now).
    #[default]
    Unknown,
    Present,
    Absent,
    /// Served, but this user may not use it.
    Forbidden,
}

impl Cap {
    pub fn is_present(self) -> bool {
        matches!(self, Cap::Present)
    }

    pub fn is_absent(self) -> bool {
        matches!(self, Cap::Absent)
    }
}

/// §6.1: classify a probe's response. `None` means "not a verdict" (401, CSRF): fix and re-probe.
pub fn verdict(status: u16, body: &str) -> Option<Cap> {
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let field = |k: &str| {
        json.as_ref()
            .and_then(|j| j.get(k))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    Some(match status {
        200..=299 | 400 | 409 | 422 => Cap::Present,
        404 if field("detail").as_deref() == Some("Not Found") => Cap::Absent,
        404 => Cap::Present,
        405 | 501 => Cap::Absent,
        403 if field("error").as_deref() == Some("CSRF token invalid") => return None,
        403 => Cap::Forbidden,
        401 => return None,
        _ => Cap::Unknown,
    })
}

/// The flags of §6.3, held in memory for one signed-in session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Capabilities {
    pub login_ldap: Cap,
    pub refresh: Cap,
    pub me: Cap,
    pub audit_events: Cap,
    pub audit_metrics: Cap,
    pub sessions: Cap,
    pub api_keys: Cap,
    pub policies_crud: Cap,
    pub server_tools: Cap,
    pub server_edit: Cap,
    pub tool_invoke: Cap,
    /// True after the first event frame on the channel since the last (re)connect.
    pub live_audit: bool,
    pub live_servers: bool,
    pub live_metrics: bool,
    /// `/health/` version, for the About line; never used to gate features.
    pub version: Option<String>,
    /// Whether the post-sign-in probes have finished.
    pub probed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    AuditEvents,
    AuditMetrics,
    Sessions,
    ApiKeys,
    PoliciesCrud,
    ServerTools,
    ServerEdit,
    ToolInvoke,
    Me,
}

impl Capabilities {
    pub fn get(&self, f: Feature) -> Cap {
        match f {
            Feature::AuditEvents => self.audit_events,
            Feature::AuditMetrics => self.audit_metrics,
            Feature::Sessions => self.sessions,
            Feature::ApiKeys => self.api_keys,
            Feature::PoliciesCrud => self.policies_crud,
            Feature::ServerTools => self.server_tools,
            Feature::ServerEdit => self.server_edit,
            Feature::ToolInvoke => self.tool_invoke,
            Feature::Me => self.me,
        }
    }

    pub fn set(&mut self, f: Feature, cap: Cap) {
        let slot = match f {
            Feature::AuditEvents => &mut self.audit_events,
            Feature::AuditMetrics => &mut self.audit_metrics,
            Feature::Sessions => &mut self.sessions,
            Feature::ApiKeys => &mut self.api_keys,
            Feature::PoliciesCrud => &mut self.policies_crud,
            Feature::ServerTools => &mut self.server_tools,
            Feature::ServerEdit => &mut self.server_edit,
            Feature::ToolInvoke => &mut self.tool_invoke,
            Feature::Me => &mut self.me,
        };
        *slot = cap;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_section_6_1() {
        assert_eq!(verdict(200, "{}"), Some(Cap::Present));
        assert_eq!(verdict(422, r#"{"detail":[]}"#), Some(Cap::Present));
        assert_eq!(verdict(404, r#"{"detail":"Not Found"}"#), Some(Cap::Absent));
        assert_eq!(
            verdict(404, r#"{"detail":"Server not found"}"#),
            Some(Cap::Present)
        );
        assert_eq!(
            verdict(405, r#"{"detail":"Method Not Allowed"}"#),
            Some(Cap::Absent)
        );
        assert_eq!(verdict(501, ""), Some(Cap::Absent));
        assert_eq!(
            verdict(403, r#"{"error":"CSRF token invalid","message":"x"}"#),
            None
        );
        assert_eq!(verdict(403, r#"{"detail":"no"}"#), Some(Cap::Forbidden));
        assert_eq!(verdict(401, "{}"), None);
        assert_eq!(verdict(503, "<html>"), Some(Cap::Unknown));
    }
}
