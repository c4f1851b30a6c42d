//! Serde models of the SARK API contract (`shared/sark-api/CONTRACT.md`), shared by every page.
//! Unknown fields are ignored and optional fields default, so SARK 2.0 and the sandbox both decode.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

use crate::wire_enum;

wire_enum!(
    /// §4 ServerStatus.
    ServerStatus {
        Registered = "registered" / "Registered",
        Active = "active" / "Active",
        Inactive = "inactive" / "Inactive",
        Unhealthy = "unhealthy" / "Unhealthy",
        Decommissioned = "decommissioned" / "Decommissioned",
    }
);

wire_enum!(
    /// §4 Transport.
    Transport {
        Http = "http" / "HTTP",
        Stdio = "stdio" / "stdio",
        Sse = "sse" / "SSE",
    }
);

wire_enum!(
    /// §4 SensitivityLevel (servers and tools) and audit Severity share these values.
    Sensitivity {
        Low = "low" / "Low",
        Medium = "medium" / "Medium",
        High = "high" / "High",
        Critical = "critical" / "Critical",
    }
);

wire_enum!(
    /// §4 AuditEventType.
    AuditEventType {
        ServerRegistered = "server_registered" / "Server registered",
        ServerUpdated = "server_updated" / "Server updated",
        ServerDecommissioned = "server_decommissioned" / "Server decommissioned",
        ToolInvoked = "tool_invoked" / "Tool invoked",
        AuthorizationAllowed = "authorization_allowed" / "Authorization allowed",
        AuthorizationDenied = "authorization_denied" / "Authorization denied",
        PolicyCreated = "policy_created" / "Policy created",
        PolicyUpdated = "policy_updated" / "Policy updated",
        PolicyActivated = "policy_activated" / "Policy activated",
        UserLogin = "user_login" / "User login",
        UserLogout = "user_logout" / "User logout",
        SecurityViolation = "security_violation" / "Security violation",
        ConfigurationChanged = "configuration_changed" / "Configuration changed",
    }
);

wire_enum!(
    /// §4 Decision.
    Decision {
        Allow = "allow" / "Allow",
        Deny = "deny" / "Deny",
    }
);

wire_enum!(
    /// §4 ApiKeyScope.
    ApiKeyScope {
        ServerRead = "server:read" / "server:read",
        ServerWrite = "server:write" / "server:write",
        ServerDelete = "server:delete" / "server:delete",
        PolicyRead = "policy:read" / "policy:read",
        PolicyWrite = "policy:write" / "policy:write",
        AuditRead = "audit:read" / "audit:read",
        Admin = "admin" / "admin",
    }
);

/// Audit severity uses the same four words as sensitivity.
pub type Severity = Sensitivity;

// ---------------------------------------------------------------- health (§3.1)

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct HealthInfo {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub environment: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct HealthReady {
    #[serde(default)]
    pub ready: bool,
    #[serde(default)]
    pub database: bool,
    #[serde(default)]
    pub redis: bool,
    #[serde(default)]
    pub opa: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct DependencyStatus {
    #[serde(default)]
    pub healthy: bool,
    #[serde(default)]
    pub latency_ms: Option<f64>,
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct DetailedHealth {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub environment: String,
    #[serde(default)]
    pub dependencies: BTreeMap<String, DependencyStatus>,
    #[serde(default)]
    pub overall_healthy: bool,
}

// ---------------------------------------------------------------- auth (§2)

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct UserInfo {
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub teams: Vec<String>,
    #[serde(default)]
    pub permissions: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub token_type: String,
    #[serde(default)]
    pub expires_in: Option<i64>,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub user: Option<UserInfo>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LoginRequest<'a> {
    pub username: &'a str,
    pub password: &'a str,
}

/// Body of refresh and logout (§2.3, §2.5): `{}` uses the sandbox's refresh cookie (§2.6).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RefreshRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// `PATCH /api/v1/servers/{id}` (§3.4): only the fields that are sent change.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ServerChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity_level: Option<Sensitivity>,
}

/// `PATCH /api/v1/bulk/servers/status` (§3.5).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BulkStatusRequest<'a> {
    pub updates: &'a [StatusUpdate],
    pub fail_on_first_error: bool,
}

/// `POST /api/v1/policy/validate` (§3.6).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValidateRequest<'a> {
    pub policy_content: &'a str,
}

/// `POST /api/v1/policies` and `PUT /api/v1/policies/{id}` (§3.6): `id` only on create.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyWrite<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    pub name: Option<&'a str>,
    pub content: &'a str,
}

/// `POST /api/v1/tools/{tool_id}/sensitivity` (§3.7).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SensitivityOverride<'a> {
    pub sensitivity_level: &'a Sensitivity,
    pub reason: Option<&'a str>,
}

/// `POST /api/auth/api-keys` (§3.12, `APIKeyCreate`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ApiKeyCreate {
    pub name: String,
    pub description: Option<String>,
    pub scopes: Vec<ApiKeyScope>,
    pub rate_limit: u64,
    /// `None` = never expires (sent as `null`, the contract's default).
    pub expires_in_days: Option<u32>,
}

/// `PATCH /api/auth/api-keys/{key_id}` (§3.12): only the fields that are sent change.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ApiKeyChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<ApiKeyScope>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
}

// ---------------------------------------------------------------- servers (§3.2)

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ServerListItem {
    pub id: String,
    pub name: String,
    pub transport: Transport,
    pub status: ServerStatus,
    pub sensitivity_level: Sensitivity,
    #[serde(default)]
    pub created_at: String,
    /// Not in SARK 2.0's list; shown when a server provides it.
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ServerPage {
    #[serde(default)]
    pub items: Vec<ServerListItem>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub has_more: bool,
    #[serde(default)]
    pub total: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ToolSummary {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub sensitivity_level: Sensitivity,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ServerDetail {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub transport: Transport,
    #[serde(default)]
    pub endpoint: Option<String>,
    pub status: ServerStatus,
    pub sensitivity_level: Sensitivity,
    #[serde(default)]
    pub tools: Vec<ToolSummary>,
    #[serde(default)]
    pub metadata: Value,
    #[serde(default)]
    pub created_at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct ToolDefinition {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub parameters: Value,
    pub sensitivity_level: Sensitivity,
    #[serde(default)]
    pub requires_approval: bool,
}

// The macro-generated enum cannot carry `#[default]`; the contract's default is medium.
#[allow(clippy::derivable_impls)]
impl Default for Sensitivity {
    fn default() -> Self {
        Sensitivity::Medium
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ServerRegistration {
    pub name: String,
    pub transport: Transport,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub sensitivity_level: Sensitivity,
    pub tools: Vec<ToolDefinition>,
    #[serde(default)]
    pub metadata: Value,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct RegisterResponse {
    pub server_id: String,
    pub status: ServerStatus,
    #[serde(default)]
    pub consul_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusUpdate {
    pub server_id: String,
    pub status: ServerStatus,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct BulkSucceeded {
    #[serde(default)]
    pub server_id: String,
    #[serde(default)]
    pub name: String,
    pub status: ServerStatus,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct BulkFailed {
    #[serde(default)]
    pub server_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub error: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct BulkResult {
    pub total: u64,
    pub succeeded: u64,
    pub failed: u64,
    #[serde(default)]
    pub succeeded_items: Vec<BulkSucceeded>,
    #[serde(default)]
    pub failed_items: Vec<BulkFailed>,
}

// ---------------------------------------------------------------- per-server tools (§3.3, D)

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Tool {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub parameters: Value,
    pub sensitivity_level: Sensitivity,
    #[serde(default)]
    pub requires_approval: bool,
    #[serde(default)]
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ToolList {
    #[serde(default)]
    pub tools: Vec<Tool>,
    #[serde(default)]
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct InvokeResult {
    #[serde(default)]
    pub success: bool,
    #[serde(default)]
    pub result: Value,
    #[serde(default)]
    pub audit_id: String,
    #[serde(default)]
    pub policy_decision: String,
}

// ---------------------------------------------------------------- policy (§3.6)

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct PolicyInfo {
    pub name: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct PolicyList {
    #[serde(default)]
    pub policies: Vec<PolicyInfo>,
    #[serde(default)]
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Policy {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub package: String,
    /// Documented alias of `package`.
    #[serde(default)]
    pub package_name: Option<String>,
    #[serde(default)]
    pub rules: Vec<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Policies {
    #[serde(default)]
    pub policies: Vec<Policy>,
    #[serde(default)]
    pub total: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct EvaluateRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<String>,
    pub parameters: Value,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct EvaluateResponse {
    pub decision: Decision,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub filtered_parameters: Option<Value>,
    #[serde(default)]
    pub audit_id: Option<String>,
    #[serde(default)]
    pub requires_approval: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct TestResults {
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub passed: u64,
    #[serde(default)]
    pub failed: u64,
    #[serde(default)]
    pub details: Vec<Value>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ValidateResponse {
    pub valid: bool,
    #[serde(default)]
    pub errors: Vec<String>,
    #[serde(default)]
    pub warnings: Vec<String>,
    #[serde(default)]
    pub test_results: Option<TestResults>,
}

// ---------------------------------------------------------------- tool sensitivity (§3.7)

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct SensitivityCounts {
    #[serde(default)]
    pub low: u64,
    #[serde(default)]
    pub medium: u64,
    #[serde(default)]
    pub high: u64,
    #[serde(default)]
    pub critical: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ToolStatistics {
    #[serde(default)]
    pub total_tools: u64,
    #[serde(default)]
    pub by_sensitivity: SensitivityCounts,
    #[serde(default)]
    pub overridden_count: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct SensitivityInfo {
    pub tool_id: String,
    #[serde(default)]
    pub tool_name: String,
    pub sensitivity_level: Sensitivity,
    #[serde(default)]
    pub is_overridden: bool,
    #[serde(default)]
    pub last_updated: String,
}

/// One entry of a tool's sensitivity history; `Other` keeps unknown entry types decodable.
/// Decoded through a flat struct: much less wasm than serde's internally tagged enums.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(from = "RawHistoryEntry")]
pub enum HistoryEntry {
    ManualOverride {
        timestamp: String,
        previous_level: Sensitivity,
        new_level: Sensitivity,
        #[serde(default)]
        updated_by: Option<String>,
        #[serde(default)]
        reason: Option<String>,
    },
    Current {
        timestamp: String,
        level: Sensitivity,
    },
    Other,
}

#[derive(Deserialize)]
struct RawHistoryEntry {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    timestamp: String,
    #[serde(default)]
    previous_level: Option<Sensitivity>,
    #[serde(default)]
    new_level: Option<Sensitivity>,
    #[serde(default)]
    updated_by: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    level: Option<Sensitivity>,
}

impl From<RawHistoryEntry> for HistoryEntry {
    fn from(r: RawHistoryEntry) -> Self {
        match (r.kind.as_str(), r.previous_level, r.new_level, r.level) {
            ("manual_override", Some(previous_level), Some(new_level), _) => {
                HistoryEntry::ManualOverride {
                    timestamp: r.timestamp,
                    previous_level,
                    new_level,
                    updated_by: r.updated_by,
                    reason: r.reason,
                }
            }
            ("current", _, _, Some(level)) => HistoryEntry::Current {
                timestamp: r.timestamp,
                level,
            },
            _ => HistoryEntry::Other,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ToolByLevel {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub server_id: String,
    pub sensitivity_level: Sensitivity,
    #[serde(default)]
    pub is_overridden: bool,
    #[serde(default)]
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct DetectResponse {
    pub detected_level: Sensitivity,
    #[serde(default)]
    pub keywords_matched: Option<Vec<String>>,
    #[serde(default)]
    pub detection_method: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct DetectAllResponse {
    pub server_id: String,
    #[serde(default)]
    pub tool_count: u64,
    #[serde(default)]
    pub detections: BTreeMap<String, Sensitivity>,
}

// ---------------------------------------------------------------- metrics (§3.8)

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct MetricsSummary {
    #[serde(default)]
    pub total_servers: u64,
    #[serde(default)]
    pub active_servers: u64,
    #[serde(default)]
    pub inactive_servers: u64,
    #[serde(default)]
    pub unhealthy_servers: u64,
    #[serde(default)]
    pub total_tools: u64,
    #[serde(default)]
    pub servers_by_transport: BTreeMap<String, u64>,
    #[serde(default)]
    pub servers_by_sensitivity: BTreeMap<String, u64>,
    #[serde(default)]
    pub average_tools_per_server: f64,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ServerMetrics {
    pub server_id: String,
    #[serde(default)]
    pub server_name: String,
    pub status: ServerStatus,
    pub transport: Transport,
    pub sensitivity_level: Sensitivity,
    #[serde(default)]
    pub total_tools: u64,
    #[serde(default)]
    pub tools_by_sensitivity: BTreeMap<String, u64>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub last_health_check: Option<String>,
    #[serde(default)]
    pub uptime_percentage: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct PointMetadata {
    #[serde(default)]
    pub interval: String,
    #[serde(default)]
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct DataPoint {
    pub timestamp: String,
    pub value: f64,
    #[serde(default)]
    pub metadata: Option<PointMetadata>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct TimeSeries {
    #[serde(default)]
    pub metric_name: String,
    #[serde(default)]
    pub time_range: String,
    #[serde(default)]
    pub interval: String,
    #[serde(default)]
    pub data_points: Vec<DataPoint>,
}

impl TimeSeries {
    /// B7: SARK 2.0 fills the series with placeholders marked `source: "calculated"`.
    pub fn is_placeholder(&self) -> bool {
        self.data_points.iter().any(|p| {
            p.metadata
                .as_ref()
                .is_some_and(|m| m.source == "calculated")
        })
    }
}

// ---------------------------------------------------------------- export (§3.9)

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ExportedServer {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub transport: Transport,
    #[serde(default)]
    pub endpoint: Option<String>,
    pub status: ServerStatus,
    pub sensitivity_level: Sensitivity,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub metadata: Value,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ExportedTool {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub server_id: String,
    pub sensitivity_level: Sensitivity,
    #[serde(default)]
    pub parameters: Option<Value>,
    #[serde(default)]
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ServersExport {
    pub export_type: String,
    #[serde(default)]
    pub exported_at: String,
    #[serde(default)]
    pub total_records: u64,
    #[serde(default)]
    pub servers: Vec<ExportedServer>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ToolsExport {
    pub export_type: String,
    #[serde(default)]
    pub exported_at: String,
    #[serde(default)]
    pub total_records: u64,
    #[serde(default)]
    pub tools: Vec<ExportedTool>,
}

// ---------------------------------------------------------------- audit (§3.10, D)

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(from = "RawAuditEvent")]
pub struct AuditEvent {
    pub event_id: String,
    pub event_type: AuditEventType,
    pub timestamp: String,
    pub severity: Option<Severity>,
    pub user_id: Option<String>,
    pub user_email: Option<String>,
    pub server_id: Option<String>,
    pub server_name: Option<String>,
    pub tool_name: Option<String>,
    pub decision: Option<Decision>,
    pub parameters: Value,
    pub reason: Option<String>,
    pub duration_ms: Option<f64>,
    pub details: Option<Value>,
}

/// Wire form: WebSocket frames carry `id`/`action` beside (or instead of) `event_id`/`event_type`.
#[derive(Deserialize)]
struct RawAuditEvent {
    #[serde(default)]
    event_id: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    event_type: Option<AuditEventType>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    timestamp: String,
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    user_email: Option<String>,
    #[serde(default)]
    server_id: Option<String>,
    #[serde(default)]
    server_name: Option<String>,
    #[serde(default)]
    tool_name: Option<String>,
    #[serde(default)]
    decision: Option<Decision>,
    #[serde(default)]
    parameters: Value,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    duration_ms: Option<f64>,
    #[serde(default)]
    details: Option<Value>,
}

impl From<RawAuditEvent> for AuditEvent {
    fn from(r: RawAuditEvent) -> Self {
        AuditEvent {
            // §3.13: map id → event_id and action → event_type only when the latter are absent.
            event_id: r.event_id.or(r.id).unwrap_or_default(),
            event_type: r
                .event_type
                .or_else(|| r.action.map(|a| AuditEventType::parse(&a)))
                .unwrap_or_else(|| AuditEventType::Unknown(String::new())),
            timestamp: r.timestamp,
            severity: r.severity,
            user_id: r.user_id,
            user_email: r.user_email,
            server_id: r.server_id,
            server_name: r.server_name,
            tool_name: r.tool_name,
            decision: r.decision,
            parameters: if r.parameters.is_null() {
                Value::Object(Default::default())
            } else {
                r.parameters
            },
            reason: r.reason,
            duration_ms: r.duration_ms,
            details: r.details,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct AuditPage {
    #[serde(default)]
    pub events: Vec<AuditEvent>,
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub limit: u64,
    #[serde(default)]
    pub offset: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct TopTool {
    pub tool_name: String,
    pub invocations: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct TopUser {
    pub user_email: String,
    pub actions: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct AuditMetrics {
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub total_events: u64,
    #[serde(default)]
    pub by_event_type: BTreeMap<String, u64>,
    #[serde(default)]
    pub by_decision: BTreeMap<String, u64>,
    #[serde(default)]
    pub top_tools: Vec<TopTool>,
    #[serde(default)]
    pub top_users: Vec<TopUser>,
}

// ---------------------------------------------------------------- sessions (§3.11, D)

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct SessionInfo {
    pub session_id: String,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub expires_at: String,
    #[serde(default)]
    pub last_activity: String,
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default)]
    pub ip_address: Option<String>,
    #[serde(default)]
    pub user_agent: Option<String>,
    #[serde(default)]
    pub is_expired: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct SessionList {
    #[serde(default)]
    pub sessions: Vec<SessionInfo>,
    #[serde(default)]
    pub total: u64,
}

// ---------------------------------------------------------------- API keys (§3.12, D)

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ApiKey {
    pub id: String,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub team_id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub key_prefix: String,
    #[serde(default)]
    pub scopes: Vec<ApiKeyScope>,
    #[serde(default)]
    pub rate_limit: u64,
    #[serde(default = "yes")]
    pub is_active: bool,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// Documented alias of `last_used_at`.
    #[serde(default)]
    pub last_used: Option<String>,
    #[serde(default)]
    pub last_used_ip: Option<String>,
    #[serde(default)]
    pub usage_count: u64,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub revoked_at: Option<String>,
    /// Documented alias of `revoked_at != null`.
    #[serde(default)]
    pub revoked: Option<bool>,
}

fn yes() -> bool {
    true
}

/// The list answers either a bare array (SARK's code) or `{api_keys, total}` (documented API).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum ApiKeyListBody {
    Bare(Vec<ApiKey>),
    Wrapped {
        api_keys: Vec<ApiKey>,
        #[serde(default)]
        total: Option<u64>,
    },
}

impl ApiKeyListBody {
    pub fn into_keys(self) -> Vec<ApiKey> {
        match self {
            ApiKeyListBody::Bare(v) => v,
            ApiKeyListBody::Wrapped { api_keys, .. } => api_keys,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ApiKeySecret {
    pub api_key: ApiKey,
    pub key: String,
    #[serde(default)]
    pub message: String,
}

// ---------------------------------------------------------------- WebSockets (§3.13)

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ChannelCount {
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub channel: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct WsConnections {
    #[serde(default)]
    pub total_connections: u64,
    #[serde(default)]
    pub channels: BTreeMap<String, ChannelCount>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct StatusChange {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub status: ServerStatus,
    #[serde(default)]
    pub previous_status: Option<ServerStatus>,
    #[serde(default)]
    pub health_check_result: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct LiveMetrics {
    #[serde(default)]
    pub total_servers: u64,
    #[serde(default)]
    pub active_servers: u64,
    #[serde(default)]
    pub unhealthy_servers: u64,
    #[serde(default)]
    pub inactive_servers: u64,
    #[serde(default)]
    pub total_tools: u64,
    #[serde(default)]
    pub recent_policy_decisions: u64,
    #[serde(default)]
    pub policy_allow_rate: f64,
}

/// A server → client frame. Unknown types decode as `Other` and are ignored. Decoded through a
/// flat struct: much less wasm than serde's internally tagged enums.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(from = "RawFrame")]
pub enum WsFrame {
    Connected {
        message: String,
    },
    Ping,
    AuditEvent {
        timestamp: String,
        event: Box<AuditEvent>,
    },
    ServerStatusChange {
        timestamp: String,
        server: StatusChange,
    },
    MetricsUpdate {
        timestamp: String,
        metrics: LiveMetrics,
    },
    Other,
}

#[derive(Deserialize)]
struct RawFrame {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    timestamp: String,
    #[serde(default)]
    event: Option<Box<AuditEvent>>,
    #[serde(default)]
    server: Option<StatusChange>,
    #[serde(default)]
    metrics: Option<LiveMetrics>,
}

impl From<RawFrame> for WsFrame {
    fn from(r: RawFrame) -> Self {
        let timestamp = r.timestamp;
        match (r.kind.as_str(), r.event, r.server, r.metrics) {
            ("connected", ..) => WsFrame::Connected { message: r.message },
            ("ping", ..) => WsFrame::Ping,
            ("audit_event", Some(event), ..) => WsFrame::AuditEvent { timestamp, event },
            ("server_status_change", _, Some(server), _) => {
                WsFrame::ServerStatusChange { timestamp, server }
            }
            ("metrics_update", .., Some(metrics)) => WsFrame::MetricsUpdate { timestamp, metrics },
            _ => WsFrame::Other,
        }
    }
}

impl WsFrame {
    /// §3.13: parse only frames that look like JSON objects; the text `pong` is not a frame.
    pub fn parse(text: &str) -> Option<WsFrame> {
        if !text.trim_start().starts_with('{') {
            return None;
        }
        serde_json::from_str(text).ok()
    }
}
