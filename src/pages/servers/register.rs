//! Register wizard: basics → tools → review. Each step is validated before moving on; the
//! server's 422 items land on their field and step; the draft lives outside the page, so
//! nothing typed is lost on an error or a sign-in round trip.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use serde_json::Value;
use std::cell::RefCell;

use super::validate;
use crate::api::models::{Sensitivity, ServerRegistration, ToolDefinition, Transport};
use crate::api::{servers, ApiError};
use crate::components::form::{describedby, Field};
use crate::components::PageHeader;
use crate::hooks::page::use_page;

#[derive(Clone, Debug, PartialEq)]
pub struct ToolDraft {
    pub name: String,
    pub description: String,
    pub sensitivity: Sensitivity,
    pub requires_approval: bool,
    /// JSON Schema of the arguments, as typed.
    pub parameters: String,
}

impl Default for ToolDraft {
    fn default() -> Self {
        ToolDraft {
            name: String::new(),
            description: String::new(),
            sensitivity: Sensitivity::Medium,
            requires_approval: false,
            parameters: "{}".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The user who typed it: another user starts afresh.
    pub owner: String,
    pub step: usize,
    pub name: String,
    pub description: String,
    pub transport: Transport,
    pub endpoint: String,
    pub command: String,
    pub sensitivity: Sensitivity,
    pub tools: Vec<ToolDraft>,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            owner: String::new(),
            step: 0,
            name: String::new(),
            description: String::new(),
            transport: Transport::Http,
            endpoint: String::new(),
            command: String::new(),
            sensitivity: Sensitivity::Medium,
            tools: Vec::new(),
        }
    }
}

thread_local! {
    /// The draft outlives the page (a 401 sends the user to sign in and back).
    static DRAFT: RefCell<Option<ArcRwSignal<Draft>>> = const { RefCell::new(None) };
}

fn draft_store() -> ArcRwSignal<Draft> {
    DRAFT.with_borrow_mut(|d| {
        d.get_or_insert_with(|| ArcRwSignal::new(Draft::default()))
            .clone()
    })
}

/// Field errors as (path, message); paths are the server's (`name`, `tools[0].name`).
pub type Errors = Vec<(String, String)>;

pub const STEPS: [&str; 3] = ["Basics", "Tools", "Review"];

/// `tools[3].name` → `(3, "name")`.
fn tool_path(path: &str) -> Option<(usize, &str)> {
    let (i, field) = path.strip_prefix("tools[")?.split_once("].")?;
    Some((i.parse().ok()?, field))
}

/// The step a field (error path) belongs to.
pub fn step_of(path: &str) -> usize {
    if path.starts_with("tools") {
        1
    } else {
        0
    }
}

pub use super::validate::is_http_url;

/// The parameters text as a JSON object (empty text = `{}`).
pub fn parse_parameters(text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Ok(Value::Object(Default::default()));
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => Err("Parameters must be a JSON object, e.g. {\"type\": \"object\"}".into()),
        Err(e) => Err(format!("Not valid JSON: {e}")),
    }
}

/// Client-side checks of one step (0 basics, 1 tools); the review step checks both.
pub fn validate_step(d: &Draft, step: usize) -> Errors {
    let mut e = Errors::new();
    let mut put = |p: String, m: &str| e.push((p, m.to_owned()));
    if step == 0 {
        if let Some(m) = validate::name(&d.name) {
            put("name".into(), &m);
        }
        if let Some(m) = validate::description(&d.description) {
            put("description".into(), &m);
        }
        // The server's 500-character limit is left to the server (its 422 maps back here).
        match d.transport {
            Transport::Stdio if d.command.trim().is_empty() => put(
                "command".into(),
                "Enter the command that starts the server.",
            ),
            Transport::Stdio => {}
            _ => {
                if let Some(m) = validate::endpoint(&d.endpoint, true) {
                    put("endpoint".into(), &m);
                }
            }
        }
    }
    if step == 1 {
        for (i, t) in d.tools.iter().enumerate() {
            if t.name.trim().is_empty() {
                put(format!("tools[{i}].name"), "Enter the tool name.");
            }
            if let Err(m) = parse_parameters(&t.parameters) {
                put(format!("tools[{i}].parameters"), &m);
            }
        }
    }
    e
}

/// The request body, or every error of every step.
pub fn registration(d: &Draft) -> Result<ServerRegistration, Errors> {
    let mut errs = validate_step(d, 0);
    errs.extend(validate_step(d, 1));
    if !errs.is_empty() {
        return Err(errs);
    }
    let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let stdio = d.transport == Transport::Stdio;
    Ok(ServerRegistration {
        name: d.name.trim().to_owned(),
        transport: d.transport.clone(),
        endpoint: if stdio { None } else { opt(&d.endpoint) },
        command: if stdio { opt(&d.command) } else { None },
        description: opt(&d.description),
        sensitivity_level: d.sensitivity.clone(),
        tools: d
            .tools
            .iter()
            .map(|t| ToolDefinition {
                name: t.name.trim().to_owned(),
                description: opt(&t.description),
                parameters: parse_parameters(&t.parameters).unwrap_or(Value::Null),
                sensitivity_level: t.sensitivity.clone(),
                requires_approval: t.requires_approval,
            })
            .collect(),
        metadata: Value::Object(Default::default()),
    })
}

/// One draft field as text, by error path (so server errors and inputs share their names).
fn get(d: &Draft, path: &str) -> String {
    match path {
        "name" => d.name.clone(),
        "description" => d.description.clone(),
        "transport" => d.transport.as_str().to_owned(),
        "endpoint" => d.endpoint.clone(),
        "command" => d.command.clone(),
        "sensitivity_level" => d.sensitivity.as_str().to_owned(),
        p => match tool_path(p).and_then(|(i, f)| Some((d.tools.get(i)?, f))) {
            Some((t, "name")) => t.name.clone(),
            Some((t, "description")) => t.description.clone(),
            Some((t, "sensitivity_level")) => t.sensitivity.as_str().to_owned(),
            Some((t, "requires_approval")) => t.requires_approval.to_string(),
            Some((t, "parameters")) => t.parameters.clone(),
            _ => String::new(),
        },
    }
}

fn set(d: &mut Draft, path: &str, v: String) {
    match path {
        "name" => d.name = v,
        "description" => d.description = v,
        "transport" => d.transport = Transport::parse(&v),
        "endpoint" => d.endpoint = v,
        "command" => d.command = v,
        "sensitivity_level" => d.sensitivity = Sensitivity::parse(&v),
        p => {
            if let Some((t, f)) = tool_path(p).and_then(|(i, f)| Some((d.tools.get_mut(i)?, f))) {
                match f {
                    "name" => t.name = v,
                    "description" => t.description = v,
                    "sensitivity_level" => t.sensitivity = Sensitivity::parse(&v),
                    "requires_approval" => t.requires_approval = v == "true",
                    "parameters" => t.parameters = v,
                    _ => {}
                }
            }
        }
    }
}

/// Whether the form shows a field for this path (else its error goes to the summary alert).
fn is_field(path: &str) -> bool {
    matches!(
        path,
        "name" | "description" | "transport" | "endpoint" | "command" | "sensitivity_level"
    ) || tool_path(path).is_some_and(|(_, f)| {
        matches!(
            f,
            "name" | "description" | "sensitivity_level" | "requires_approval" | "parameters"
        )
    })
}

fn dom_id(path: &str) -> String {
    let s: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("reg-{s}")
}

#[derive(Clone, Copy)]
enum Kind {
    Text(&'static str),
    Area(u8),
    Select(&'static [(&'static str, &'static str)]),
    Check,
}

const TRANSPORTS: &[(&str, &str)] = &[("http", "HTTP"), ("stdio", "stdio"), ("sse", "SSE")];
const LEVELS: &[(&str, &str)] = &[
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
];

/// One labelled control bound to `path` of the draft, with its error line.
fn field(
    draft: RwSignal<Draft>,
    errs: RwSignal<Errors>,
    path: String,
    label: &'static str,
    kind: Kind,
    help: &'static str,
) -> AnyView {
    let id = dom_id(&path);
    let p2 = path.clone();
    let err =
        Memo::new(move |_| errs.with(|e| e.iter().find(|(p, _)| *p == p2).map(|(_, m)| m.clone())));
    let value = {
        let path = path.clone();
        move || draft.with(|d| get(d, &path))
    };
    let put = move |v: String| draft.update(|d| set(d, &path, v));
    let invalid = move || err.with(Option::is_some).to_string();
    let described = describedby(&id, !help.is_empty());
    let control = match kind {
        Kind::Text(t) => view! {
            <input id=id.clone() class="input mt-1" type=t prop:value=value aria-invalid=invalid aria-describedby=described
                on:input=move |ev| put(event_target_value(&ev))/>
        }
        .into_any(),
        Kind::Area(rows) => view! {
            <textarea id=id.clone() class="input mt-1 font-mono" rows=rows prop:value=value aria-invalid=invalid aria-describedby=described
                on:input=move |ev| put(event_target_value(&ev))></textarea>
        }
        .into_any(),
        Kind::Select(opts) => view! {
            <select id=id.clone() class="input mt-1" prop:value=value aria-invalid=invalid aria-describedby=described
                on:change=move |ev| put(event_target_value(&ev))>
                {opts.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        Kind::Check => view! {
            <input id=id.clone() type="checkbox" class="mr-2" prop:checked=move || value() == "true" aria-describedby=described
                on:change=move |ev| put(event_target_checked(&ev).to_string())/>
        }
        .into_any(),
    };
    view! { <Field id=id label=label error=err help=help>{control}</Field> }.into_any()
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let (client, session, toasts) = use_page();
    let navigate = use_navigate();
    let store = draft_store();
    let uid = session.identity().map(|i| i.user_id).unwrap_or_default();
    if store.with_untracked(|d| d.owner != uid) {
        store.set(Draft {
            owner: uid,
            ..Default::default()
        });
    }
    let draft: RwSignal<Draft> = store.clone().into();
    let errs = RwSignal::new(Errors::new());
    let general = RwSignal::new(None::<String>);
    let step = Memo::new(move |_| draft.with(|d| d.step.min(2)));

    // Shows `e` on its fields and moves to the step of the first one.
    let show_errors = move |e: Errors| {
        if let Some((p, _)) = e.first() {
            let (first, s) = (dom_id(p), step_of(p));
            draft.update(|d| d.step = s);
            request_animation_frame(move || crate::dom::focus_by_id(&first));
        }
        errs.set(e);
    };
    let go = move |to: usize| {
        let from = step.get_untracked();
        if to > from {
            let e = validate_step(&draft.get_untracked(), from);
            if !e.is_empty() {
                return show_errors(e);
            }
        }
        errs.set(Vec::new());
        general.set(None);
        draft.update(|d| d.step = to);
        request_animation_frame(|| crate::dom::focus_by_id("reg-step"));
    };

    let submit = Action::new_local(move |reg: &ServerRegistration| {
        let (store, navigate, reg) = (store.clone(), navigate.clone(), reg.clone());
        async move {
            match servers::register(client, &reg).await {
                Ok(r) => {
                    store.set(Draft::default());
                    toasts.success(format!(
                        "Server {} registered",
                        crate::components::bidi::quoted(&reg.name)
                    ));
                    navigate(&crate::routes::server(&r.server_id), Default::default());
                }
                Err(ApiError::Validation { fields }) => {
                    let e: Errors = fields
                        .iter()
                        .map(|f| (f.path.clone(), f.msg.clone()))
                        .collect();
                    if e.iter().any(|(p, _)| !is_field(p)) {
                        general.set(Some(ApiError::Validation { fields }.message()));
                    }
                    show_errors(e.into_iter().filter(|(p, _)| is_field(p)).collect());
                }
                // The session ended: the draft waits for the user's return.
                Err(ApiError::Unauthorized { .. } | ApiError::Aborted) => {}
                Err(e) => general.set(Some(e.message())),
            }
        }
    });
    let pending = submit.pending();
    let register = move |_| {
        general.set(None);
        match registration(&draft.get_untracked()) {
            Ok(reg) => {
                errs.set(Vec::new());
                if !pending.get_untracked() {
                    submit.dispatch(reg);
                }
            }
            Err(e) => show_errors(e),
        }
    };

    let f =
        move |path: &str, label, kind, help| field(draft, errs, path.to_owned(), label, kind, help);
    let tool_count = Memo::new(move |_| draft.with(|d| d.tools.len()));
    let transport = Memo::new(move |_| draft.with(|d| d.transport.clone()));

    let basics = move || {
        view! {
            <div class="space-y-4">
                {f("name", "Server name", Kind::Text("text"), "")}
                {f("description", "Description", Kind::Area(3), "What this server does (optional, up to 1000 characters).")}
                {f("transport", "Transport", Kind::Select(TRANSPORTS), "")}
                {move || if transport.get() == Transport::Stdio {
                    f("command", "Command", Kind::Text("text"), "The command that starts the server, e.g. /usr/bin/node server.js")
                } else {
                    f("endpoint", "Endpoint URL", Kind::Text("url"), "For example https://mcp.example.com/mcp")
                }}
                {f("sensitivity_level", "Sensitivity level", Kind::Select(LEVELS), "Decides the authorization requirements for this server's tools.")}
            </div>
        }
        .into_any()
    };
    let tools = move || {
        view! {
            <div class="space-y-4">
                <p class="text-sm text-slate-600 dark:text-slate-300">"Add the tools this server provides. You can also register it without tools."</p>
                {move || (0..tool_count.get()).map(|i| view! {
                    <fieldset class="rounded-md border border-slate-200 p-4 dark:border-slate-700">
                        <legend class="px-1 text-sm font-medium">{format!("Tool #{}", i + 1)}</legend>
                        <div class="space-y-3">
                            {f(&format!("tools[{i}].name"), "Tool name", Kind::Text("text"), "")}
                            {f(&format!("tools[{i}].description"), "Tool description", Kind::Area(2), "")}
                            {f(&format!("tools[{i}].sensitivity_level"), "Tool sensitivity", Kind::Select(LEVELS), "")}
                            {f(&format!("tools[{i}].requires_approval"), "Requires approval", Kind::Check, "")}
                            {f(&format!("tools[{i}].parameters"), "Parameters (JSON Schema)", Kind::Area(4), "A JSON object describing the tool's arguments; {} for none.")}
                        </div>
                        <button type="button" class="btn-secondary mt-3" on:click=move |_| { errs.set(Vec::new()); draft.update(|d| { if i < d.tools.len() { d.tools.remove(i); } }) }>
                            {format!("Remove tool #{}", i + 1)}
                        </button>
                    </fieldset>
                }).collect_view()}
                <button type="button" class="btn-secondary w-full border-dashed" on:click=move |_| draft.update(|d| d.tools.push(ToolDraft::default()))>"+ Add tool"</button>
            </div>
        }
        .into_any()
    };
    let review = move || {
        let d = draft.get();
        let target = match d.transport {
            Transport::Stdio => ("Command", d.command.clone()),
            _ => ("Endpoint", d.endpoint.clone()),
        };
        let rows = [
            ("Name", d.name.clone()),
            ("Description", d.description.clone()),
            ("Transport", d.transport.label()),
            target,
            ("Sensitivity", d.sensitivity.label()),
        ];
        view! {
            <div class="space-y-4">
                <dl class="divide-y divide-slate-100 dark:divide-slate-800">
                    {rows.into_iter().map(|(k, v)| view! { <crate::components::Field label=k value=Some(v)/> }).collect_view()}
                </dl>
                <div>
                    <p class="text-sm font-medium">{format!("Tools ({})", d.tools.len())}</p>
                    <ul class="mt-1 list-disc pl-5 text-sm">
                        {d.tools.iter().map(|t| view! {
                            <li>{format!("{} ({}){}", t.name, t.sensitivity.label(), if t.requires_approval { ", requires approval" } else { "" })}</li>
                        }).collect_view()}
                    </ul>
                </div>
                <p class="rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800">"By registering this server you confirm that it complies with your organization's security policies and has appropriate authorization controls."</p>
            </div>
        }
        .into_any()
    };

    view! {
        <PageHeader title="Register MCP server">
            <A href="/servers" attr:class="btn-secondary">"← Back to servers"</A>
        </PageHeader>
        <ol class="mb-6 flex flex-wrap items-center gap-3" aria-label="Steps">
            {STEPS.iter().enumerate().map(|(i, label)| view! {
                <li class="flex items-center gap-2 text-sm" aria-current=move || (step.get() == i).then_some("step")>
                    <span class=move || format!("inline-flex h-7 w-7 items-center justify-center rounded-full text-xs font-semibold {}",
                        if step.get() >= i { "bg-indigo-600 text-white" } else { "bg-slate-200 text-slate-600 dark:bg-slate-700 dark:text-slate-300" })>
                        {i + 1}
                    </span>
                    <span class=move || if step.get() == i { "font-semibold" } else { "text-muted" }>{*label}</span>
                    {(i < 2).then(|| view! { <span class="h-px w-8 bg-slate-300 dark:bg-slate-600" aria-hidden="true"></span> })}
                </li>
            }).collect_view()}
        </ol>
        <form class="card max-w-3xl" novalidate on:submit=move |ev| ev.prevent_default()>
            <h2 id="reg-step" tabindex="-1" class="mb-4 text-lg font-semibold outline-none">
                {move || format!("Step {} of 3: {}", step.get() + 1, STEPS[step.get()])}
            </h2>
            {move || match step.get() {
                0 => basics(),
                1 => tools(),
                _ => review(),
            }}
            {move || general.get().map(|m| view! {
                <p role="alert" class="mt-4 whitespace-pre-line rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100">{m}</p>
            })}
            <div class="mt-6 flex flex-wrap gap-2">
                {move || (step.get() > 0).then(|| view! {
                    <button type="button" class="btn-secondary" on:click=move |_| go(step.get_untracked() - 1)>"← Back"</button>
                })}
                <button type="button" class="btn-ghost text-sm" on:click=move |_| {
                    let owner = draft.with_untracked(|d| d.owner.clone());
                    draft.set(Draft { owner, ..Default::default() });
                    errs.set(Vec::new());
                    general.set(None);
                }>"Start over"</button>
                <span class="flex-1"></span>
                {move || if step.get() < 2 {
                    view! {
                        <button type="button" class="btn-primary" on:click=move |_| go(step.get_untracked() + 1)>
                            {if step.get() == 0 { "Next: Tools →" } else { "Next: Review →" }}
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="btn-primary" disabled=pending on:click=register>
                            {move || if pending.get() { "Registering…" } else { "Register server" }}
                        </button>
                    }.into_any()
                }}
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basics() -> Draft {
        Draft {
            name: "Payments".into(),
            endpoint: "https://pay.example.com/mcp".into(),
            ..Default::default()
        }
    }

    fn paths(e: &Errors) -> Vec<&str> {
        e.iter().map(|(p, _)| p.as_str()).collect()
    }

    #[test]
    fn urls() {
        assert!(is_http_url("https://pay.example.com/mcp"));
        assert!(is_http_url("http://localhost:8080"));
        assert!(is_http_url("HTTPS://x.example"));
        assert!(!is_http_url("ftp://x.example"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://:80/x"));
        assert!(!is_http_url("https://a b.example"));
        assert!(!is_http_url("pay.example.com"));
    }

    #[test]
    fn basics_step_checks_name_endpoint_command_and_description() {
        assert!(validate_step(&basics(), 0).is_empty());
        let d = Draft {
            name: "  ".into(),
            description: "x".repeat(1001),
            endpoint: "not a url".into(),
            ..Default::default()
        };
        assert_eq!(
            paths(&validate_step(&d, 0)),
            ["name", "description", "endpoint"]
        );
        let d = Draft {
            name: "n".repeat(256),
            transport: Transport::Stdio,
            ..basics()
        };
        assert_eq!(paths(&validate_step(&d, 0)), ["name", "command"]);
        // The 500-character endpoint limit is the server's (its 422 is mapped back).
        let d = Draft {
            endpoint: format!("https://x.example/{}", "a".repeat(600)),
            ..basics()
        };
        assert!(validate_step(&d, 0).is_empty());
    }

    #[test]
    fn tools_step_checks_names_and_parameters() {
        let mut d = basics();
        d.tools = vec![
            ToolDraft {
                name: "read".into(),
                ..Default::default()
            },
            ToolDraft {
                parameters: "[1]".into(),
                ..Default::default()
            },
            ToolDraft {
                name: "x".into(),
                parameters: "{oops".into(),
                ..Default::default()
            },
        ];
        assert_eq!(
            paths(&validate_step(&d, 1)),
            [
                "tools[1].name",
                "tools[1].parameters",
                "tools[2].parameters"
            ]
        );
        assert!(parse_parameters("").is_ok_and(|v| v.is_object()));
    }

    #[test]
    fn registration_body_follows_the_contract() {
        let mut d = basics();
        d.description = "  ".into();
        d.command = "ignored for http".into();
        d.tools = vec![ToolDraft {
            name: " query ".into(),
            requires_approval: true,
            parameters: r#"{"type":"object"}"#.into(),
            ..Default::default()
        }];
        let r = registration(&d).expect("valid");
        let json = serde_json::to_value(&r).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({
                "name": "Payments", "transport": "http", "endpoint": "https://pay.example.com/mcp",
                "sensitivity_level": "medium", "metadata": {},
                "tools": [{"name": "query", "parameters": {"type": "object"},
                           "sensitivity_level": "medium", "requires_approval": true}]
            })
        );
        let stdio = Draft {
            transport: Transport::Stdio,
            command: "/usr/bin/node s.js".into(),
            ..basics()
        };
        let r = registration(&stdio).expect("valid");
        assert_eq!(
            (r.endpoint, r.command.as_deref()),
            (None, Some("/usr/bin/node s.js"))
        );
        let bad = Draft {
            tools: vec![ToolDraft::default()],
            ..Default::default()
        };
        assert_eq!(
            paths(&registration(&bad).unwrap_err()),
            ["name", "endpoint", "tools[0].name"]
        );
    }

    #[test]
    fn server_error_paths_map_to_fields_and_steps() {
        let mut d = basics();
        d.tools.push(ToolDraft::default());
        set(&mut d, "tools[0].name", "q".into());
        set(&mut d, "tools[0].requires_approval", "true".into());
        set(&mut d, "transport", "sse".into());
        assert_eq!(get(&d, "tools[0].name"), "q");
        assert_eq!(get(&d, "tools[0].requires_approval"), "true");
        assert_eq!(get(&d, "transport"), "sse");
        assert_eq!(get(&d, "tools[5].name"), "");
        assert_eq!(step_of("tools[0].name"), 1);
        assert_eq!(step_of("endpoint"), 0);
        assert!(is_field("endpoint") && is_field("tools[2].parameters"));
        assert!(!is_field("metadata") && !is_field("tools[0]"));
        assert_eq!(dom_id("tools[0].name"), "reg-tools-0--name");
    }
}
