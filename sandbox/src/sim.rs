//! `--demo`: a background simulator that drives the same code paths as the API, so audit events
//! and WebSocket frames keep flowing.

use std::time::Duration;

use rand::Rng;
use serde_json::json;

use crate::auth::Caller;
use crate::routes::{policies, servers, tools};
use crate::state::AppState;
use crate::store::servers as db;
use crate::users::USERS;

pub async fn run(st: AppState) {
    let mut shutdown = st.shutdown.clone();
    let every = Duration::from_millis(st.cfg.demo_interval_ms.max(100));
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = crate::state::stopped(&mut shutdown) => return,
        }
        if let Err(e) = step(&st) {
            tracing::debug!(?e, "simulator step failed");
        }
    }
}

fn step(st: &AppState) -> Result<(), crate::errors::ApiError> {
    let mut rng = rand::rng();
    let caller = Caller::from_user(&USERS[if rng.random_bool(0.6) { 0 } else { 1 }]);
    let admin = Caller::from_user(&USERS[0]);
    let servers = st.read(|c| Ok(db::all_servers(c)?))?;
    if servers.is_empty() {
        return Ok(());
    }
    let roll: f64 = rng.random();
    if roll < 0.55 {
        // Tool invocation on an active server (denials are expected for the viewer).
        let active: Vec<_> = servers.iter().filter(|s| s.status == "active").collect();
        let Some(s) = active.get(rng.random_range(0..active.len().max(1))) else {
            return Ok(());
        };
        let tools = st.read(|c| Ok(db::tools_of(c, &s.id)?))?;
        if tools.is_empty() {
            return Ok(());
        }
        let t = &tools[rng.random_range(0..tools.len())];
        let args = json!({"limit": rng.random_range(1..50), "source": "demo"});
        let _ = tools::invoke_run(st, &caller, &s.id, &t.name, &args);
    } else if roll < 0.80 {
        // Status flap.
        let candidates: Vec<_> = servers
            .iter()
            .filter(|s| s.status != "decommissioned")
            .collect();
        let s = candidates[rng
            .random_range(0..candidates.len().max(1))
            .min(candidates.len().saturating_sub(1))];
        let next = match s.status.as_str() {
            "active" => ["unhealthy", "inactive", "unhealthy"][rng.random_range(0..3)],
            _ => "active",
        };
        servers::bulk_status_run(st, &admin, &[(s.id.clone(), next.to_string())], false)?;
    } else if roll < 0.92 {
        let s = &servers[rng.random_range(0..servers.len())];
        policies::evaluate_run(
            st,
            &caller,
            None,
            "server:update",
            None,
            uuid::Uuid::parse_str(&s.id).ok(),
            Default::default(),
        )?;
    } else {
        // Occasional registration; keep the simulated population small by retiring the oldest.
        let sims: Vec<_> = servers
            .iter()
            .filter(|s| s.name.starts_with("demo-"))
            .collect();
        if sims.len() >= 4 {
            st.write(|c, out| servers::delete_in(c, &admin, &sims[0].id, out))?;
        }
        let n: u32 = rng.random_range(1000..9999);
        let reg = servers::Registration {
            name: format!("demo-scratch-{n}"),
            transport: "http".into(),
            endpoint: Some(format!("https://demo-{n}.mcp.acme.internal/mcp")),
            command: None,
            version: "2025-06-18".into(),
            capabilities: vec!["tools".into()],
            tools: vec![servers::ToolDef {
                name: "list_items".into(),
                description: Some("List items".into()),
                parameters: json!({"type": "object"}),
                sensitivity_level: "low".into(),
                signature: None,
                requires_approval: false,
            }],
            description: Some("Registered by the demo simulator".into()),
            sensitivity_level: "low".into(),
            signature: None,
            metadata: serde_json::Map::new(),
        };
        let _ = servers::register_one(st, &caller, &reg);
    }
    Ok(())
}
