//! CSV and JSON exports (contract 3.9).

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::RawQuery;
use crate::errors::ApiResult;
use crate::state::AppState;
use crate::store::servers::{self as db, ServerRow};
use crate::util::{now, now_ts, SERVER_STATUSES};
use crate::validate::Query;

/// Python `csv` QUOTE_MINIMAL: quote only fields containing `,`, `"`, CR or LF.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(header: &str, rows: Vec<Vec<String>>) -> String {
    let mut out = String::from(header);
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

fn filename(kind: &str, ext: &str) -> String {
    let t = now();
    format!(
        "{kind}_{:04}{:02}{:02}_{:02}{:02}{:02}.{ext}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn attach(body: String, content_type: &'static str, name: String) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

fn filtered_servers(st: &AppState, q: &Query) -> ApiResult<Vec<ServerRow>> {
    let statuses = q.enum_list("status_filter", &SERVER_STATUSES);
    let rows = st.read(|c| Ok(db::all_servers(c)?))?;
    Ok(rows
        .into_iter()
        .filter(|s| statuses.is_empty() || statuses.contains(&s.status))
        .collect())
}

pub async fn servers_csv(State(st): State<AppState>, q: RawQuery) -> ApiResult<Response> {
    let q = Query::new(q.0);
    let rows = filtered_servers(&st, &q)?
        .into_iter()
        .map(|s| {
            vec![
                s.id,
                s.name,
                s.description.unwrap_or_default(),
                s.transport,
                s.endpoint.unwrap_or_default(),
                s.status,
                s.sensitivity_level,
                s.created_at,
            ]
        })
        .collect();
    Ok(attach(
        csv(
            "id,name,description,transport,endpoint,status,sensitivity_level,created_at",
            rows,
        ),
        "text/csv; charset=utf-8",
        filename("servers", "csv"),
    ))
}

fn pretty(q: &mut Query) -> bool {
    q.boolean("pretty", false)
}

fn json_body(v: &Value, pretty: bool) -> String {
    if pretty {
        serde_json::to_string_pretty(v).unwrap_or_default()
    } else {
        v.to_string()
    }
}

/// A JSON export document: `export_type`, `exported_at`, `total_records` and the items under
/// the kind's own key, as an attachment.
fn json_export(kind: &str, items: Vec<Value>, pretty: bool) -> Response {
    let mut v = json!({"export_type": kind, "exported_at": now_ts(), "total_records": items.len()});
    v[kind] = Value::Array(items);
    attach(
        json_body(&v, pretty),
        "application/json",
        filename(kind, "json"),
    )
}

pub async fn servers_json(State(st): State<AppState>, q: RawQuery) -> ApiResult<Response> {
    let mut q = Query::new(q.0);
    let p = pretty(&mut q);
    let rows = filtered_servers(&st, &q)?;
    q.finish()?;
    let items: Vec<Value> = rows
        .iter()
        .map(|s| json!({"id": s.id, "name": s.name, "description": s.description, "transport": s.transport,
                        "endpoint": s.endpoint, "status": s.status, "sensitivity_level": s.sensitivity_level,
                        "created_at": s.created_at, "updated_at": s.updated_at, "metadata": s.metadata}))
        .collect();
    Ok(json_export("servers", items, p))
}

pub async fn tools_csv(State(st): State<AppState>) -> ApiResult<Response> {
    let (tools, names) = st.read(|c| {
        let names: HashMap<String, String> = db::all_servers(c)?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        Ok((db::all_tools(c)?, names))
    })?;
    let rows = tools
        .into_iter()
        .map(|t| {
            let server_name = names.get(&t.server_id).cloned().unwrap_or_default();
            vec![
                t.id,
                t.name,
                t.description.unwrap_or_default(),
                t.server_id,
                server_name,
                t.sensitivity_level,
                if t.requires_approval { "True" } else { "False" }.to_string(),
                t.created_at,
            ]
        })
        .collect();
    Ok(attach(
        csv("id,name,description,server_id,server_name,sensitivity_level,requires_approval,created_at", rows),
        "text/csv; charset=utf-8",
        filename("tools", "csv"),
    ))
}

pub async fn tools_json(State(st): State<AppState>, q: RawQuery) -> ApiResult<Response> {
    let mut q = Query::new(q.0);
    let p = pretty(&mut q);
    q.finish()?;
    let tools = st.read(|c| Ok(db::all_tools(c)?))?;
    let items: Vec<Value> = tools
        .iter()
        .map(|t| json!({"id": t.id, "name": t.name, "description": t.description, "server_id": t.server_id,
                        "sensitivity_level": t.sensitivity_level, "parameters": t.parameters,
                        "created_at": t.created_at}))
        .collect();
    Ok(json_export("tools", items, p))
}
