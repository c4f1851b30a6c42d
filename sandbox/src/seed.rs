//! Deterministic demo data: a fleet of servers with tools and history, a month of audit events,
//! policies and API keys in every state. One transaction, fixed RNG seed.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use crate::auth::Caller;
use crate::errors::ApiError;
use crate::policy::detect;
use crate::state::AppState;
use crate::store::audit::{self, NewAudit};
use crate::store::keys::{self, KeyRow};
use crate::store::policies::{self, PolicyRow};
use crate::store::servers::{self as db, OverrideRow, ServerRow, ToolRow};
use crate::users::{COLLEAGUES, USERS};
use crate::util::{fmt_ts, now, sha256_hex, uuid_from_rng};

pub const RNG_SEED: u64 = 0x5A4B_2026_0001;
pub const AUDIT_EVENTS: usize = 5_200;

type ToolSpec = (&'static str, &'static str, bool);

struct Archetype {
    name: &'static str,
    description: &'static str,
    transport: &'static str,
    sensitivity: &'static str,
    team: &'static str,
    tags: &'static [&'static str],
    tools: &'static [ToolSpec],
}

const TEAMS: [(&str, u128); 6] = [
    ("platform", 0x1e6a0c52_4b7d_4f0e_8a11_7e2b00000001),
    ("data", 0x1e6a0c52_4b7d_4f0e_8a11_7e2b00000002),
    ("payments", 0x1e6a0c52_4b7d_4f0e_8a11_7e2b00000003),
    ("security", 0x1e6a0c52_4b7d_4f0e_8a11_7e2b00000004),
    ("support", 0x1e6a0c52_4b7d_4f0e_8a11_7e2b00000005),
    ("growth", 0x1e6a0c52_4b7d_4f0e_8a11_7e2b00000006),
];

const FLEET: &[Archetype] = &[
    Archetype {
        name: "github-connector",
        description: "Repositories, pull requests and issues for the engineering org",
        transport: "http",
        sensitivity: "medium",
        team: "platform",
        tags: &["scm", "internal"],
        tools: &[
            ("list_repos", "List repositories in the organisation", false),
            (
                "get_pull_request",
                "Fetch a pull request with its review state",
                false,
            ),
            ("create_issue", "Create an issue in a repository", false),
            ("merge_pull_request", "Merge an approved pull request", true),
            ("delete_branch", "Delete a branch after merge", false),
        ],
    },
    Archetype {
        name: "postgres-analytics",
        description: "Read replica of the analytics warehouse",
        transport: "stdio",
        sensitivity: "high",
        team: "data",
        tags: &["database", "pii"],
        tools: &[
            ("run_query", "Run a read-only SQL query", false),
            ("list_tables", "List tables in a schema", false),
            ("describe_table", "Describe the columns of a table", false),
            ("execute_sql", "Execute arbitrary SQL", true),
        ],
    },
    Archetype {
        name: "stripe-payments",
        description: "Card payments, refunds and payouts",
        transport: "sse",
        sensitivity: "critical",
        team: "payments",
        tags: &["pci", "customer-facing"],
        tools: &[
            ("process_payment", "Charge a credit card", true),
            ("refund_transaction", "Refund a previous transaction", true),
            ("list_invoices", "List invoices for a customer", false),
            ("get_balance", "Get the account balance", false),
        ],
    },
    Archetype {
        name: "vault-secrets",
        description: "HashiCorp Vault access for service credentials",
        transport: "http",
        sensitivity: "critical",
        team: "security",
        tags: &["secrets", "internal"],
        tools: &[
            ("read_secret", "Read a secret from a KV mount", true),
            ("rotate_credential", "Rotate a database credential", true),
            ("list_mounts", "List secret engines", false),
        ],
    },
    Archetype {
        name: "slack-notifier",
        description: "Posts to team channels and reads threads",
        transport: "http",
        sensitivity: "low",
        team: "support",
        tags: &["chat"],
        tools: &[
            ("send_message", "Send a message to a channel", false),
            ("list_channels", "List public channels", false),
            ("search_messages", "Search message history", false),
        ],
    },
    Archetype {
        name: "jira-tracker",
        description: "Tickets, sprints and boards",
        transport: "http",
        sensitivity: "medium",
        team: "platform",
        tags: &["tickets"],
        tools: &[
            ("create_ticket", "Create a ticket in a project", false),
            ("update_ticket", "Update ticket fields", false),
            ("search_issues", "Search issues with JQL", false),
            ("get_sprint", "Get the active sprint", false),
        ],
    },
    Archetype {
        name: "k8s-operator",
        description: "Cluster operations for the production Kubernetes fleet",
        transport: "stdio",
        sensitivity: "high",
        team: "platform",
        tags: &["infra", "prod"],
        tools: &[
            ("list_pods", "List pods in a namespace", false),
            ("get_logs", "Fetch container logs", false),
            ("restart_deployment", "Roll a deployment", false),
            ("delete_pod", "Delete a pod", false),
            ("exec_command", "Exec into a container", true),
        ],
    },
    Archetype {
        name: "s3-storage",
        description: "Object storage buckets for reports and exports",
        transport: "http",
        sensitivity: "medium",
        team: "data",
        tags: &["storage"],
        tools: &[
            ("list_buckets", "List buckets", false),
            ("get_object", "Download an object", false),
            ("upload_object", "Upload an object", false),
            ("delete_object", "Delete an object", false),
        ],
    },
    Archetype {
        name: "confluence-wiki",
        description: "Team knowledge base and runbooks",
        transport: "sse",
        sensitivity: "low",
        team: "support",
        tags: &["docs"],
        tools: &[
            ("search_pages", "Search wiki pages", false),
            ("get_page", "Read a page", false),
            ("edit_page", "Edit a page", false),
        ],
    },
    Archetype {
        name: "salesforce-crm",
        description: "Accounts, contacts and opportunities",
        transport: "http",
        sensitivity: "high",
        team: "growth",
        tags: &["crm", "pii", "customer-facing"],
        tools: &[
            ("query_accounts", "Query customer accounts", false),
            ("update_opportunity", "Update an opportunity stage", false),
            ("export_contacts", "Export contacts for a segment", false),
        ],
    },
    Archetype {
        name: "pagerduty-oncall",
        description: "Incidents and on-call schedules",
        transport: "http",
        sensitivity: "medium",
        team: "platform",
        tags: &["oncall"],
        tools: &[
            ("list_incidents", "List open incidents", false),
            ("acknowledge_incident", "Acknowledge an incident", false),
            ("trigger_incident", "Trigger a new incident", false),
        ],
    },
    Archetype {
        name: "snowflake-warehouse",
        description: "Enterprise data warehouse",
        transport: "stdio",
        sensitivity: "high",
        team: "data",
        tags: &["database", "pii"],
        tools: &[
            ("run_query", "Run a warehouse query", false),
            ("list_tables", "List tables", false),
            ("drop_table", "Drop a table", true),
        ],
    },
    Archetype {
        name: "email-gateway",
        description: "Transactional email delivery",
        transport: "http",
        sensitivity: "medium",
        team: "growth",
        tags: &["messaging", "customer-facing"],
        tools: &[
            ("send_email", "Send a templated email", false),
            ("list_templates", "List email templates", false),
            (
                "get_delivery_status",
                "Check delivery status of a message",
                false,
            ),
        ],
    },
    Archetype {
        name: "weather-api",
        description: "Forecasts for logistics planning — Zürich, Tokyo, São Paulo",
        transport: "sse",
        sensitivity: "low",
        team: "growth",
        tags: &["external"],
        tools: &[
            ("get_forecast", "Get a 7-day forecast", false),
            ("get_current_conditions", "Get current conditions", false),
        ],
    },
    Archetype {
        name: "filesystem-reader",
        description: "Reads files from the shared NFS in safe mode",
        transport: "stdio",
        sensitivity: "low",
        team: "platform",
        tags: &["files"],
        tools: &[
            ("read_file", "Read a file's contents", false),
            ("list_directory", "List a directory", false),
            ("write_file", "Write a file", false),
        ],
    },
    Archetype {
        name: "browser-automation",
        description: "Headless browser for QA flows",
        transport: "stdio",
        sensitivity: "medium",
        team: "growth",
        tags: &["qa"],
        tools: &[
            ("fetch_page", "Fetch a web page", false),
            ("take_screenshot", "Capture a screenshot", false),
            ("fill_form", "Fill and submit a form", false),
        ],
    },
    Archetype {
        name: "ldap-directory",
        description: "Corporate directory of people and groups",
        transport: "http",
        sensitivity: "high",
        team: "security",
        tags: &["identity", "pii"],
        tools: &[
            ("lookup_user", "Look up a user by email", false),
            ("reset_password", "Reset a user's password", true),
            ("disable_account", "Disable an account", true),
        ],
    },
    Archetype {
        name: "datadog-metrics",
        description: "Metrics, monitors and dashboards",
        transport: "http",
        sensitivity: "low",
        team: "platform",
        tags: &["observability"],
        tools: &[
            ("query_metrics", "Query a metric series", false),
            ("create_monitor", "Create a monitor", false),
            ("mute_monitor", "Mute a monitor", false),
        ],
    },
    Archetype {
        name: "okta-identity",
        description: "SSO applications and user lifecycle",
        transport: "sse",
        sensitivity: "critical",
        team: "security",
        tags: &["identity"],
        tools: &[
            ("list_users", "List users in the org", false),
            ("assign_admin_role", "Assign an admin role", true),
            ("revoke_token", "Revoke a user's token", true),
        ],
    },
    Archetype {
        name: "terraform-runner",
        description: "Plans and applies infrastructure changes",
        transport: "stdio",
        sensitivity: "high",
        team: "platform",
        tags: &["infra", "prod"],
        tools: &[
            ("plan_changes", "Show a plan for a workspace", false),
            ("apply_changes", "Apply a reviewed plan", true),
            ("destroy_stack", "Destroy a workspace", true),
        ],
    },
    Archetype {
        name: "billing-ledger",
        description: "Double-entry ledger for invoices and credits",
        transport: "http",
        sensitivity: "critical",
        team: "payments",
        tags: &["pci", "finance"],
        tools: &[
            ("get_invoice", "Fetch an invoice", false),
            ("create_transaction", "Post a ledger transaction", true),
            ("list_payments", "List payments for an account", false),
        ],
    },
    Archetype {
        name: "zendesk-support",
        description: "Customer tickets and macros",
        transport: "http",
        sensitivity: "medium",
        team: "support",
        tags: &["tickets", "customer-facing", "pii"],
        tools: &[
            ("search_tickets", "Search support tickets", false),
            ("update_ticket", "Update a ticket", false),
            ("send_reply", "Send a reply to a customer", false),
        ],
    },
    Archetype {
        name: "feature-flags",
        description: "LaunchDarkly-style flag management",
        transport: "sse",
        sensitivity: "medium",
        team: "growth",
        tags: &["release"],
        tools: &[
            ("list_flags", "List flags in a project", false),
            ("set_flag", "Set a flag's rollout", false),
            ("get_flag", "Get a flag", false),
        ],
    },
    Archetype {
        name: "ml-inference",
        description: "Model serving for ranking and embeddings",
        transport: "http",
        sensitivity: "low",
        team: "data",
        tags: &["ml", "beta"],
        tools: &[
            ("predict", "Score a batch of items", false),
            ("embed_text", "Embed text", false),
            ("get_model_status", "Get model status", false),
        ],
    },
];

const VARIANTS: [(&str, &str); 2] = [("", "eu-west-1"), ("-staging", "us-east-1")];

fn params_schema(tool: &str) -> Value {
    let prop = if tool.contains("query") || tool.contains("search") || tool.contains("sql") {
        ("query", "string")
    } else if tool.contains("file") || tool.contains("object") || tool.contains("directory") {
        ("path", "string")
    } else if tool.contains("payment") || tool.contains("transaction") {
        ("amount_cents", "integer")
    } else {
        ("id", "string")
    };
    json!({"type": "object", "properties": {prop.0: {"type": prop.1}, "limit": {"type": "integer", "default": 20}}, "required": [prop.0]})
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn weighted(rng: &mut StdRng, items: &[(&'static str, u32)]) -> &'static str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (v, w) in items {
        if x < *w {
            return v;
        }
        x -= w;
    }
    items[0].0
}

struct Seeded {
    server: ServerRow,
    tools: Vec<ToolRow>,
}

pub fn seed(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN")?;
    match seed_in(conn) {
        Ok(()) => conn.execute_batch("COMMIT"),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// Inserts everything; the caller owns the transaction.
pub fn seed_in(conn: &Connection) -> rusqlite::Result<()> {
    let mut rng = StdRng::seed_from_u64(RNG_SEED);
    let t0 = now();
    let colleague_ids: Vec<String> = COLLEAGUES
        .iter()
        .map(|_| uuid_from_rng(&mut rng).to_string())
        .collect();
    let fleet = seed_servers(conn, &mut rng, t0, &colleague_ids)?;
    seed_policies(conn, t0)?;
    seed_keys(conn, &mut rng, t0)?;
    seed_audit(conn, &mut rng, t0, &fleet, &colleague_ids)?;
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded_at', ?1)",
        [fmt_ts(t0)],
    )?;
    Ok(())
}

fn seed_servers(
    conn: &Connection,
    rng: &mut StdRng,
    t0: OffsetDateTime,
    people: &[String],
) -> rusqlite::Result<Vec<Seeded>> {
    let statuses = [
        ("active", 58),
        ("inactive", 12),
        ("unhealthy", 10),
        ("registered", 11),
        ("decommissioned", 9),
    ];
    let mut fleet = Vec::new();
    for a in FLEET {
        for (suffix, region) in VARIANTS {
            let name = format!("{}{}", a.name, suffix);
            let id = uuid_from_rng(rng).to_string();
            // Spread creation over the last ~45 days so the 30-day series starts non-empty and grows.
            let created = t0 - Duration::seconds(rng.random_range(3_600..45 * 86_400));
            let created_ts = fmt_ts(created);
            let final_status = weighted(rng, &statuses).to_string();
            let team = TEAMS
                .iter()
                .find(|(t, _)| *t == a.team)
                .map(|(_, id)| uuid::Uuid::from_u128(*id).to_string());
            let owner = if rng.random_bool(0.5) {
                USERS[0].id.to_string()
            } else {
                pick(rng, people).clone()
            };
            let (endpoint, command) = match a.transport {
                "stdio" => (None, Some(format!("npx -y @acme/mcp-{}", a.name))),
                "sse" => (Some(format!("https://{name}.mcp.acme.internal/sse")), None),
                _ => (Some(format!("https://{name}.mcp.acme.internal/mcp")), None),
            };
            let mut tags: Vec<String> = a.tags.iter().map(|s| s.to_string()).collect();
            tags.push(if suffix.is_empty() {
                "prod".into()
            } else {
                "staging".into()
            });
            let s = ServerRow {
                id: id.clone(),
                name: name.clone(),
                description: if rng.random_bool(0.1) {
                    None
                } else {
                    Some(a.description.to_string())
                },
                transport: a.transport.to_string(),
                endpoint,
                command,
                version: "2025-06-18".into(),
                capabilities: json!(["tools"]),
                status: final_status.clone(),
                sensitivity_level: a.sensitivity.to_string(),
                signature: None,
                metadata: json!({"team": a.team, "region": region, "oncall": format!("#{}-oncall", a.team),
                                 "repo": format!("github.com/acme/mcp-{}", a.name)}),
                tags,
                team_id: team,
                owner_id: Some(owner),
                consul_id: None,
                created_at: created_ts.clone(),
                updated_at: created_ts.clone(),
            };
            let mut tools = Vec::new();
            for (i, (tname, tdesc, approval)) in a.tools.iter().enumerate() {
                let tts = fmt_ts(created + Duration::microseconds(i as i64 + 1));
                let (level, _, _) = detect(tname, Some(tdesc));
                tools.push(ToolRow {
                    id: uuid_from_rng(rng).to_string(),
                    server_id: id.clone(),
                    name: tname.to_string(),
                    description: Some(tdesc.to_string()),
                    parameters: params_schema(tname),
                    sensitivity_level: level.to_string(),
                    requires_approval: *approval,
                    signature: None,
                    is_overridden: false,
                    created_at: tts.clone(),
                    last_updated: tts,
                });
            }
            // Status history: registered → active after a few hours → flaps → final status.
            let n_tools = tools.len() as i64;
            let mut t = created;
            let mut rows = vec![(t, "registered".to_string())];
            if final_status != "registered" {
                let span = (t0 - created).whole_seconds();
                t += Duration::seconds(rng.random_range(600..(span / 4).max(601)));
                rows.push((t, "active".into()));
                for _ in 0..rng.random_range(0..4) {
                    let remaining = (t0 - t).whole_seconds();
                    if remaining < 7_200 {
                        break;
                    }
                    t += Duration::seconds(rng.random_range(1_800..remaining / 2));
                    let flap = *pick(rng, &["unhealthy", "inactive", "unhealthy"]);
                    rows.push((t, flap.to_string()));
                    let remaining = (t0 - t).whole_seconds();
                    if remaining < 3_600 {
                        break;
                    }
                    t += Duration::seconds(rng.random_range(300..remaining / 2));
                    rows.push((t, "active".into()));
                }
                if rows.last().map(|r| r.1.as_str()) != Some(final_status.as_str()) {
                    let remaining = (t0 - t).whole_seconds().max(2);
                    t += Duration::seconds(rng.random_range(1..remaining));
                    rows.push((t, final_status.clone()));
                }
            }
            let mut s = s;
            s.updated_at = fmt_ts(t);
            db::insert_server(conn, &s)?;
            for tool in &tools {
                db::insert_tool(conn, tool)?;
            }
            for (ts, st) in rows {
                db::record_history(conn, &id, &fmt_ts(ts), &st, n_tools)?;
            }
            fleet.push(Seeded { server: s, tools });
        }
    }
    // A handful of manual sensitivity overrides with their history.
    let reasons = [
        "Handles customer PII — reviewed by security",
        "Read-only in practice",
        "Escalated after incident INC-2291",
        "Downgraded: sandboxed credentials",
    ];
    for k in 0..8 {
        let si = (k * 7 + 3) % fleet.len();
        let ti = k % fleet[si].tools.len();
        let tool = fleet[si].tools[ti].clone();
        let new_level = if tool.sensitivity_level == "high" {
            "critical"
        } else {
            "high"
        };
        let when = fmt_ts(t0 - Duration::seconds(rng.random_range(3_600..20 * 86_400)));
        db::insert_override(
            conn,
            &tool.id,
            &OverrideRow {
                timestamp: when.clone(),
                previous_level: tool.sensitivity_level.clone(),
                new_level: new_level.into(),
                updated_by: USERS[0].id.to_string(),
                reason: Some(reasons[k % reasons.len()].into()),
            },
        )?;
        let updated = ToolRow {
            sensitivity_level: new_level.into(),
            is_overridden: true,
            last_updated: when,
            ..tool
        };
        db::update_tool(conn, &updated)?;
        fleet[si].tools[ti] = updated;
    }
    Ok(fleet)
}

const AUTHZ_REGO: &str = r#"package mcp.authorization

import rego.v1

# Deny by default; every rule below can only allow.
default allow := false

# Administrators may do anything.
allow if {
    "admin" in input.user.roles
}

# Non-admins may use tools below critical sensitivity that need no approval.
allow if {
    input.action == "tool:invoke"
    input.tool.sensitivity_level != "critical"
    not input.tool.requires_approval
}

# Registration of non-critical servers is open to every authenticated user.
allow if {
    input.action == "server:register"
    input.server.sensitivity_level != "critical"
}

deny contains msg if {
    input.tool.sensitivity_level == "critical"
    not "admin" in input.user.roles
    msg := "critical sensitivity requires admin role"
}

audit_reason := "Allowed: admin role" if "admin" in input.user.roles
"#;

const SENSITIVITY_REGO: &str = r#"package mcp.tool_sensitivity

import rego.v1

critical_keywords := {"payment", "transaction", "password", "secret", "credential", "token"}
high_keywords := {"delete", "drop", "exec", "execute", "admin", "root", "sudo", "kill"}

words := {w | some w in split(lower(input.tool.name), "_")}

level := "critical" if {
    some w in words
    w in critical_keywords
} else := "high" if {
    some w in words
    w in high_keywords
} else := "medium"

requires_approval if level == "critical"
"#;

const RATE_REGO: &str = r#"package mcp.rate_limiting

import rego.v1

default limit_per_minute := 60

limit_per_minute := 600 if "admin" in input.user.roles

limit_per_minute := 10 if input.tool.sensitivity_level == "critical"

exceeded if input.usage.requests_last_minute >= limit_per_minute

retry_after_seconds := 60 - input.usage.seconds_into_window if exceeded
"#;

const RESIDENCY_REGO: &str = r#"package mcp.data_residency

import rego.v1

eu_regions := {"eu-west-1", "eu-central-1"}

default allow := true

# Servers tagged "pii" must stay in the EU.
allow := false if {
    "pii" in input.server.tags
    not input.server.metadata.region in eu_regions
}

violation contains msg if {
    not allow
    msg := sprintf("server %s stores PII outside the EU", [input.server.name])
}
"#;

const HOURS_REGO: &str = r#"package mcp.business_hours

import rego.v1

# Destructive tools are only allowed Monday to Friday, 08:00-18:00 UTC.
default allow := true

weekday := time.weekday(time.now_ns())
hour := time.clock(time.now_ns())[0]

in_hours if {
    not weekday in {"Saturday", "Sunday"}
    hour >= 8
    hour < 18
}

allow := false if {
    input.tool.sensitivity_level in {"high", "critical"}
    not in_hours
    not "admin" in input.user.roles
}
"#;

fn seed_policies(conn: &Connection, t0: OffsetDateTime) -> rusqlite::Result<()> {
    let list = [
        (
            "mcp.authorization",
            "Main authorization policy for MCP governance",
            AUTHZ_REGO,
            40,
        ),
        (
            "mcp.tool_sensitivity",
            "Tool sensitivity classification policies",
            SENSITIVITY_REGO,
            39,
        ),
        (
            "mcp.rate_limiting",
            "Rate limiting policies for tool invocations",
            RATE_REGO,
            38,
        ),
        (
            "mcp.data_residency",
            "Keeps PII-tagged servers in EU regions",
            RESIDENCY_REGO,
            21,
        ),
        (
            "mcp.business_hours",
            "Restricts destructive tools to business hours",
            HOURS_REGO,
            9,
        ),
    ];
    for (id, desc, content, days) in list {
        let created = fmt_ts(t0 - Duration::days(days));
        policies::insert(
            conn,
            &PolicyRow {
                id: id.into(),
                name: id.into(),
                content: content.into(),
                description: Some(desc.into()),
                version: "1.0.0".into(),
                created_at: created.clone(),
                updated_at: created,
            },
        )?;
    }
    Ok(())
}

fn seed_keys(conn: &Connection, rng: &mut StdRng, t0: OffsetDateTime) -> rusqlite::Result<()> {
    let admin = Caller::from_user(&USERS[0]);
    let viewer = Caller::from_user(&USERS[1]);
    // (owner, name, scopes, state, created days ago)
    let specs: [(&Caller, &str, &[&str], &str, i64); 7] = [
        (
            &admin,
            "ci-pipeline",
            &["server:read", "server:write"],
            "active",
            60,
        ),
        (
            &admin,
            "grafana-exporter",
            &["server:read", "audit:read"],
            "active",
            25,
        ),
        (&admin, "legacy-sync", &["server:read"], "disabled", 90),
        (
            &admin,
            "incident-debug",
            &["server:read", "policy:read", "audit:read"],
            "expired",
            40,
        ),
        (
            &admin,
            "old-deploy-bot",
            &["server:write", "server:delete"],
            "revoked",
            120,
        ),
        (&viewer, "viewer-dashboard", &["server:read"], "active", 12),
        (&viewer, "viewer-notebook", &["audit:read"], "revoked", 30),
    ];
    for (owner, name, scopes, state, days) in specs {
        let created = t0 - Duration::days(days);
        let prefix: String = (0..8)
            .map(|_| (b'a' + rng.random_range(0..26u8)) as char)
            .collect();
        let secret: String = (0..32)
            .map(|_| (b'a' + rng.random_range(0..26u8)) as char)
            .collect();
        let used = fmt_ts(t0 - Duration::seconds(rng.random_range(600..days * 86_400)));
        keys::insert(
            conn,
            &KeyRow {
                id: uuid_from_rng(rng).to_string(),
                user_id: owner.user_id.to_string(),
                team_id: None,
                name: name.into(),
                description: Some(format!("{name} ({state})")),
                key_prefix: prefix.clone(),
                // The secret is discarded: seeded keys can be listed and managed but not used.
                key_hash: sha256_hex(&format!("sark_sk_live_{prefix}_{secret}")),
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
                rate_limit: 1000,
                is_active: state != "disabled" && state != "revoked",
                expires_at: match state {
                    "expired" => Some(fmt_ts(t0 - Duration::days(3))),
                    "active" if name == "grafana-exporter" => Some(fmt_ts(t0 + Duration::days(65))),
                    _ => None,
                },
                last_used_at: Some(used),
                last_used_ip: Some("10.20.4.17".into()),
                usage_count: rng.random_range(3..25_000),
                created_at: fmt_ts(created),
                updated_at: fmt_ts(created + Duration::days(1)),
                revoked_at: (state == "revoked").then(|| fmt_ts(t0 - Duration::days(days / 3))),
                environment: "live".into(),
                owner: owner.owner_json(),
            },
        )?;
    }
    Ok(())
}

fn seed_audit(
    conn: &Connection,
    rng: &mut StdRng,
    t0: OffsetDateTime,
    fleet: &[Seeded],
    people: &[String],
) -> rusqlite::Result<()> {
    let types = [
        ("tool_invoked", 34),
        ("authorization_allowed", 24),
        ("authorization_denied", 8),
        ("user_login", 9),
        ("user_logout", 4),
        ("server_updated", 7),
        ("server_registered", 2),
        ("server_decommissioned", 1),
        ("policy_created", 1),
        ("policy_updated", 2),
        ("policy_activated", 1),
        ("security_violation", 3),
        ("configuration_changed", 4),
    ];
    // (id, email) pool; admin and viewer appear most.
    let mut pool: Vec<(String, String)> = vec![
        (USERS[0].id.to_string(), USERS[0].email.to_string()),
        (USERS[0].id.to_string(), USERS[0].email.to_string()),
        (USERS[1].id.to_string(), USERS[1].email.to_string()),
    ];
    for (i, (_, email)) in COLLEAGUES.iter().enumerate() {
        pool.push((people[i].clone(), email.to_string()));
    }
    let ips = [
        "10.20.4.17",
        "10.20.7.3",
        "192.168.14.22",
        "172.16.3.40",
        "10.31.0.8",
    ];
    let denial = [
        "Denied: critical sensitivity requires admin role",
        "Denied: tool requires approval",
    ];
    let violations = [
        "Prompt injection pattern detected in tool arguments",
        "Secret-like value in tool parameters",
        "Repeated denied invocations from one client",
    ];
    let policy_ids = [
        "mcp.authorization",
        "mcp.tool_sensitivity",
        "mcp.rate_limiting",
        "mcp.data_residency",
        "mcp.business_hours",
    ];
    let span = 30 * 86_400_000_000i64;
    for _ in 0..AUDIT_EVENTS {
        // Skewed towards recent days so "last 24h" views are busy.
        let u: f64 = rng.random();
        let ago = (u * u * span as f64) as i64;
        let ts = fmt_ts(t0 - Duration::microseconds(ago.max(1)));
        let ty = weighted(rng, &types);
        let (uid, email) = pick(rng, &pool).clone();
        let s = pick(rng, fleet);
        let tool = pick(rng, &s.tools);
        let mut ev = NewAudit::new(ty, "low", "");
        ev.event_id = Some(uuid_from_rng(rng).to_string());
        ev.timestamp = Some(ts);
        ev.user_id = Some(uid);
        ev.user_email = Some(email);
        ev.ip_address = Some(pick(rng, &ips).to_string());
        let with_server = |ev: &mut NewAudit| {
            ev.server_id = Some(s.server.id.clone());
            ev.server_name = Some(s.server.name.clone());
        };
        match ty {
            "tool_invoked" | "authorization_allowed" | "authorization_denied" => {
                with_server(&mut ev);
                ev.tool_name = Some(tool.name.clone());
                ev.action = "tool:invoke".into();
                ev.parameters = Some(
                    json!({"limit": rng.random_range(1..100), "dry_run": rng.random_bool(0.3)}),
                );
                match ty {
                    "tool_invoked" => {
                        ev.decision = Some("allow");
                        ev.duration_ms =
                            Some((rng.random_range(4.0..900.0f64) * 1000.0).round() / 1000.0);
                        ev.details = Some(json!({"sensitivity_level": tool.sensitivity_level}));
                    }
                    "authorization_allowed" => {
                        ev.decision = Some("allow");
                        ev.reason = Some(
                            if ev.user_email.as_deref() == Some(USERS[0].email) {
                                "Allowed: admin role"
                            } else {
                                "Allowed by sandbox policy"
                            }
                            .into(),
                        );
                    }
                    _ => {
                        ev.severity = "medium";
                        ev.decision = Some("deny");
                        ev.reason = Some(pick(rng, &denial).to_string());
                    }
                }
            }
            "user_login" => {
                ev.action = "user:login".into();
                if rng.random_bool(0.12) {
                    ev.severity = "medium";
                    ev.decision = Some("deny");
                    ev.reason = Some("Invalid username or password".into());
                } else {
                    ev.decision = Some("allow");
                }
                ev.details = Some(json!({"provider": "ldap"}));
            }
            "user_logout" => ev.action = "user:logout".into(),
            "server_updated" => {
                with_server(&mut ev);
                ev.action = "server:update".into();
                let new = *pick(rng, &["active", "inactive", "unhealthy", "active"]);
                ev.details = Some(json!({"status_change": {"new": new}, "bulk_operation": true}));
            }
            "server_registered" => {
                with_server(&mut ev);
                ev.severity = "medium";
                ev.action = "server:register".into();
                ev.details = Some(
                    json!({"server_name": s.server.name, "transport": s.server.transport,
                                         "tool_count": s.tools.len(), "sensitivity_level": s.server.sensitivity_level}),
                );
            }
            "server_decommissioned" => {
                with_server(&mut ev);
                ev.severity = "medium";
                ev.action = "server:delete".into();
            }
            "policy_created" | "policy_updated" | "policy_activated" => {
                ev.severity = "medium";
                ev.action = "policy:write".into();
                ev.details = Some(json!({"policy_id": pick(rng, &policy_ids)}));
            }
            "security_violation" => {
                with_server(&mut ev);
                ev.tool_name = Some(tool.name.clone());
                ev.severity = if rng.random_bool(0.3) {
                    "critical"
                } else {
                    "high"
                };
                ev.decision = Some("deny");
                ev.action = "tool:invoke".into();
                ev.reason = Some(pick(rng, &violations).to_string());
            }
            _ => {
                ev.severity = "medium";
                ev.action = "api_key:update".into();
                ev.details = Some(json!({"api_key_id": uuid_from_rng(rng).to_string(),
                                         "change": *pick(rng, &["created", "updated", "rotated", "revoked"])}));
            }
        }
        audit::insert(conn, &ev)?;
    }
    Ok(())
}

/// Wipes and reseeds in one transaction (the test admin API's reset).
pub fn reseed(st: &AppState) -> Result<(), ApiError> {
    let c = st.conn();
    c.execute_batch("BEGIN")?;
    let r = crate::store::wipe(&c).and_then(|_| seed_in(&c));
    match r {
        Ok(()) => {
            c.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(e) => {
            let _ = c.execute_batch("ROLLBACK");
            Err(e.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(c: &Connection) -> (Vec<(String, String)>, i64, i64, i64) {
        let servers = db::all_servers(c)
            .expect("servers")
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).expect("count");
        (
            servers,
            n("SELECT COUNT(*) FROM audit_events"),
            n("SELECT COUNT(DISTINCT state) FROM (SELECT CASE WHEN revoked_at IS NOT NULL THEN 'revoked' WHEN expires_at < '2000' OR expires_at <= strftime('%Y-%m-%dT%H:%M:%S', 'now') THEN 'expired' WHEN is_active = 0 THEN 'disabled' ELSE 'active' END AS state FROM api_keys)"),
            n("SELECT COUNT(*) FROM policies"),
        )
    }

    #[test]
    fn seeding_is_fast_deterministic_and_complete() {
        let a = crate::store::open(":memory:").expect("open");
        let t = std::time::Instant::now();
        seed(&a).expect("seed");
        assert!(
            t.elapsed().as_secs_f64() < 2.0,
            "seeding took {:?}",
            t.elapsed()
        );
        let b = crate::store::open(":memory:").expect("open");
        seed(&b).expect("seed");
        let (sa, na, states, policies) = snapshot(&a);
        assert_eq!(sa.len(), 48);
        assert!(na >= 5000);
        assert_eq!(states, 4, "keys in every state");
        assert_eq!(policies, 5);
        assert_eq!(snapshot(&b).0, sa, "same ids and names on every run");
        let statuses: std::collections::HashSet<String> = db::all_servers(&a)
            .expect("servers")
            .into_iter()
            .map(|s| s.status)
            .collect();
        assert_eq!(statuses.len(), 5, "every status represented");
    }
}
