//! Server detail: overview, tools (sorted by name) with per-tool sensitivity override and
//! history, server-reported metrics, status changes through bulk status, live status over the
//! `servers/status` channel, and — where the server provides them — tool parameters, Edit and
//! Delete. Unknown and malformed ids get a "Server not found" page.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::validate;
use crate::api::models::{
    HistoryEntry, Sensitivity, ServerDetail, ServerMetrics, ServerStatus, StatusUpdate, Tool,
    ToolSummary, WsFrame,
};
use crate::api::{metrics, servers, tools, ApiError};
use crate::components::bidi::{quoted, show_controls};
use crate::components::dialog::{ConfirmDialog, Dialog};
use crate::components::form::{describedby, Field as FormField};
use crate::components::live::ConnectionIndicator;
use crate::components::table::{Head, SR_ONLY};
use crate::components::text::LongText;
use crate::components::{ErrorPanel, Field, PageHeader, SensitivityBadge, Skeleton, StatusBadge};
use crate::hooks::live_refetch::{use_live_refetch, Poll};
use crate::hooks::page::use_page;
use crate::hooks::permissions::{use_can_admin, AdminNote, NEEDS_ADMIN};
use crate::time_fmt::{display, one_decimal};
use crate::ws::Channel;

/// Everything the page shows, loaded together.
type Loaded = (
    Result<ServerDetail, ApiError>,
    Result<ServerMetrics, ApiError>,
    (Option<Vec<Tool>>, bool),
);

/// The status actions of §3.5, each with its button label.
pub const STATUS_ACTIONS: [(ServerStatus, &str); 4] = [
    (ServerStatus::Active, "Activate"),
    (ServerStatus::Inactive, "Deactivate"),
    (ServerStatus::Unhealthy, "Mark unhealthy"),
    (ServerStatus::Decommissioned, "Decommission"),
];

/// Tools by name, case-insensitively (SARK's order is not stable), joined with the tier-D
/// records by id.
pub fn tool_rows(
    summary: &[ToolSummary],
    full: Option<&[Tool]>,
) -> Vec<(ToolSummary, Option<Tool>)> {
    let mut rows: Vec<(ToolSummary, Option<Tool>)> = summary
        .iter()
        .map(|t| {
            let extra = full.and_then(|f| f.iter().find(|x| x.id == t.id)).cloned();
            (t.clone(), extra)
        })
        .collect();
    rows.sort_by(|a, b| {
        a.0.name
            .to_ascii_lowercase()
            .cmp(&b.0.name.to_ascii_lowercase())
            .then_with(|| a.0.name.cmp(&b.0.name))
    });
    rows
}

/// One history entry in words.
pub fn history_line(e: &HistoryEntry) -> String {
    match e {
        HistoryEntry::ManualOverride {
            timestamp,
            previous_level,
            new_level,
            reason,
            ..
        } => format!(
            "{}: changed from {} to {}{}",
            display(timestamp),
            previous_level.label(),
            new_level.label(),
            reason
                .as_deref()
                .filter(|r| !r.is_empty())
                .map(|r| format!(" — “{r}”"))
                .unwrap_or_default()
        ),
        HistoryEntry::Current { timestamp, level } => {
            format!("{}: current level {}", display(timestamp), level.label())
        }
        HistoryEntry::Other => "Unrecognised entry".into(),
    }
}

/// The tools table's columns; approval and parameters only where the server reports them.
fn tool_columns(full: bool) -> Vec<(&'static str, &'static str)> {
    let mut cols = vec![("Name", ""), ("Description", ""), ("Sensitivity", "")];
    if full {
        cols.extend([("Approval", ""), ("Parameters", "")]);
    }
    cols.push(("Actions", SR_ONLY));
    cols
}

#[component]
pub fn ServerDetailPage() -> impl IntoView {
    let (client, _, toasts) = use_page();
    let navigate = use_navigate();
    let can_admin = use_can_admin();
    let admin_title = move || (!can_admin.get()).then_some(NEEDS_ADMIN);
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let data = LocalResource::new(move || {
        let id = id.get();
        async move {
            let (d, m, x) = futures::join!(
                servers::detail(client, &id),
                metrics::server(client, &id),
                servers::tier_d(client, &id)
            );
            (d, m, x) as Loaded
        }
    });

    // Live status: refetch when this server changes, after a reconnect, and every 30 s while
    // the channel is down.
    use_live_refetch(
        Channel::Servers,
        Poll::WhenNotLive(std::time::Duration::from_secs(30)),
        move || data.refetch(),
        Some(Box::new(move |f: &WsFrame| {
            if let WsFrame::ServerStatusChange { server, .. } = f {
                if id.try_get_untracked().is_some_and(|i| i == server.id) {
                    data.refetch();
                }
            }
        })),
    );

    // Status change (through bulk status, the tier-S way).
    let name = RwSignal::new(String::new());
    let target = RwSignal::new(None::<ServerStatus>);
    let status_open = RwSignal::new(false);
    let change_status = Action::new_local(move |s: &ServerStatus| {
        let s = s.clone();
        let update = [StatusUpdate {
            server_id: id.get_untracked(),
            status: s.clone(),
        }];
        async move {
            match servers::bulk_status(client, &update).await {
                Ok(r) if r.failed == 0 => {
                    toasts.success(format!("Status changed to {}", s.label()));
                    data.refetch();
                }
                Ok(r) => toasts.error(format!(
                    "The status was not changed: {}",
                    r.failed_items
                        .first()
                        .map_or("no reason given", |f| f.error.as_str())
                )),
                Err(e) => toasts.error(e.message()),
            }
            status_open.set(false);
        }
    });

    // Tool sensitivity override and history.
    let tool = RwSignal::new(None::<ToolSummary>);
    let tool_open = RwSignal::new(false);
    let level = RwSignal::new(Sensitivity::Medium);
    let reason = RwSignal::new(String::new());
    let override_error = RwSignal::new(None::<String>);
    // Loaded when the dialog opens (a plain signal: lighter than another resource).
    let history = RwSignal::new(None::<Result<Vec<HistoryEntry>, ApiError>>);
    let save_override = Action::new_local(move |_: &()| {
        let (t, lv, r) = (
            tool.get_untracked(),
            level.get_untracked(),
            reason.get_untracked(),
        );
        async move {
            let Some(t) = t else { return };
            let r = Some(r.trim().to_owned()).filter(|r| !r.is_empty());
            match tools::override_sensitivity(client, &t.id, &lv, r.as_deref()).await {
                Ok(info) => {
                    toasts.success(format!(
                        "{} is now {}",
                        quoted(&t.name),
                        info.sensitivity_level.label()
                    ));
                    tool_open.set(false);
                    data.refetch();
                }
                Err(e) => override_error.set(Some(e.message())),
            }
        }
    });
    let open_tool = move |t: ToolSummary| {
        level.set(t.sensitivity_level.clone());
        reason.set(String::new());
        override_error.set(None);
        history.set(None);
        let tool_id = t.id.clone();
        leptos::task::spawn_local(async move {
            let h = tools::history(client, &tool_id).await;
            if tool.with_untracked(|t| t.as_ref().is_some_and(|t| t.id == tool_id)) {
                history.set(Some(h));
            }
        });
        tool.set(Some(t));
        tool_open.set(true);
    };

    // Tier D: edit and delete.
    let edit_open = RwSignal::new(false);
    let edit = RwSignal::new((
        String::new(),
        String::new(),
        String::new(),
        Sensitivity::Medium,
    ));
    let edit_error = RwSignal::new(None::<String>);
    let edit_errs = RwSignal::new([None::<String>, None, None]);
    let save_edit = Action::new_local(move |_: &()| {
        let (n, d, e, s) = edit.get_untracked();
        let body = crate::api::models::ServerChanges {
            name: Some(n.trim().to_owned()),
            description: Some(d.trim().to_owned()).filter(|d| !d.is_empty()),
            endpoint: Some(e.trim().to_owned()).filter(|e| !e.is_empty()),
            sensitivity_level: Some(s),
        };
        let id = id.get_untracked();
        async move {
            match servers::patch(client, &id, &body).await {
                Ok(_) => {
                    toasts.success("Server updated");
                    edit_open.set(false);
                    data.refetch();
                }
                Err(e) => {
                    edit_error.set(Some(e.message()));
                }
            }
        }
    });
    let delete_open = RwSignal::new(false);
    let delete = Action::new_local(move |_: &()| {
        let (navigate, id, n) = (navigate.clone(), id.get_untracked(), name.get_untracked());
        async move {
            match servers::delete(client, &id).await {
                Ok(()) => {
                    toasts.success(format!("Deleted {}", quoted(&n)));
                    navigate("/servers", Default::default());
                }
                Err(e) => {
                    delete_open.set(false);
                    toasts.error(e.message());
                }
            }
        }
    });
    // One flag for every action of the page: they share the buttons' disabled state.
    let busy = Signal::derive(move || {
        change_status.pending().get()
            || save_override.pending().get()
            || save_edit.pending().get()
            || delete.pending().get()
    });

    let page = move |(d, m, (full, editable)): Loaded| {
        let d = match d {
            Ok(d) => d,
            Err(ApiError::NotFound { .. } | ApiError::Validation { .. }) => {
                return view! {
                    <div class="card mx-auto mt-8 max-w-lg text-center" data-testid="server-not-found">
                        <h1 class="text-xl font-semibold">"Server not found"</h1>
                        <p class="mt-2 text-sm text-slate-600 dark:text-slate-300">{format!("No server has the id “{}”. It may have been deleted, or the link is wrong.", id.get_untracked())}</p>
                        <A href="/servers" attr:class="btn-primary mt-4 inline-block">"Back to servers"</A>
                    </div>
                }
                .into_any()
            }
            Err(e) => return view! { <ErrorPanel error=e what="this server" on_retry=move |_| data.refetch()/> }.into_any(),
        };
        name.set(d.name.clone());
        let (d2, full_tools) = (d.clone(), full.is_some());
        let rows = tool_rows(&d.tools, full.as_deref());
        let metadata = serde_json::to_string_pretty(&d.metadata).unwrap_or_default();
        let current = d.status.clone();
        view! {
            <PageHeader title=d.name.clone() subtitle=format!("MCP server · {}", d.transport.label())>
                <ConnectionIndicator channel=Channel::Servers/>
                {editable.then(|| view! {
                    <AdminNote can=can_admin id="server-admin-note"/>
                    <button type="button" class="btn-secondary" disabled=move || !can_admin.get() title=admin_title aria-describedby="server-admin-note" on:click=move |_| {
                        edit.set((d2.name.clone(), d2.description.clone().unwrap_or_default(), d2.endpoint.clone().unwrap_or_default(), d2.sensitivity_level.clone()));
                        edit_error.set(None);
                        edit_errs.set([None, None, None]);
                        edit_open.set(true);
                    }>"Edit"</button>
                    <button type="button" class="btn-danger" disabled=move || !can_admin.get() title=admin_title aria-describedby="server-admin-note" on:click=move |_| delete_open.set(true)>"Delete"</button>
                })}
            </PageHeader>
            // `min-w-0`: a wide metadata block scrolls in its own box instead of widening the page.
            <div class="grid grid-cols-1 gap-6 lg:grid-cols-3">
                <section class="card min-w-0 lg:col-span-2" aria-labelledby="overview-h">
                    <h2 id="overview-h" class="mb-2 font-semibold">"Overview"</h2>
                    <dl class="divide-y divide-slate-100 dark:divide-slate-800">
                        <div class="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
                            <dt class="text-sm font-medium text-muted">"Status"</dt>
                            <dd class="mt-1 sm:col-span-2 sm:mt-0" data-testid="server-status"><StatusBadge status=d.status.clone()/></dd>
                        </div>
                        <div class="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
                            <dt class="text-sm font-medium text-muted">"Sensitivity"</dt>
                            <dd class="mt-1 sm:col-span-2 sm:mt-0"><SensitivityBadge level=d.sensitivity_level.clone()/></dd>
                        </div>
                        <Field label="ID" value=Some(d.id.clone())/>
                        <Field label="Description" value=d.description.clone()/>
                        <Field label="Transport" value=Some(d.transport.label())/>
                        <Field label="Endpoint" value=d.endpoint.clone()/>
                        <Field label="Created" value=Some(display(&d.created_at))/>
                    </dl>
                    <h3 class="mt-4 text-sm font-medium text-muted">"Metadata"</h3>
                    <pre class="mt-1 max-h-60 overflow-auto rounded-md bg-slate-100 p-3 font-mono text-xs dark:bg-slate-800" data-testid="metadata" tabindex="0" role="region" aria-label="Metadata">{metadata}</pre>
                </section>
                <div class="min-w-0 space-y-6">
                    <section class="card" aria-labelledby="status-h">
                        <h2 id="status-h" class="mb-3 font-semibold">"Change status"</h2>
                        <AdminNote can=can_admin id="status-admin-note"/>
                        <div class="flex flex-wrap gap-2">
                            {STATUS_ACTIONS.iter().filter(|(s, _)| *s != current).map(|(s, label)| {
                                let s = s.clone();
                                view! {
                                    <button type="button" class=if s == ServerStatus::Decommissioned { "btn-danger" } else { "btn-secondary" }
                                        disabled=move || !can_admin.get() title=admin_title aria-describedby="status-admin-note"
                                        on:click=move |_| { target.set(Some(s.clone())); status_open.set(true); }>{*label}</button>
                                }
                            }).collect_view()}
                        </div>
                    </section>
                    <section class="card" aria-labelledby="metrics-h">
                        <h2 id="metrics-h" class="mb-2 font-semibold">"Metrics"</h2>
                        {match m {
                            Ok(m) => view! {
                                <dl class="divide-y divide-slate-100 dark:divide-slate-800">
                                    <Field label="Tools" value=Some(m.total_tools.to_string())/>
                                    <Field label="Tools by sensitivity" value=Some(Sensitivity::ALL.iter().map(|l| format!("{} {}", l.label(), m.tools_by_sensitivity.get(l.as_str()).copied().unwrap_or(0))).collect::<Vec<_>>().join(" · "))/>
                                    <Field label="Last health check (server-reported)" value=m.last_health_check.as_deref().map(display)/>
                                    <Field label="Uptime (server-reported)" value=m.uptime_percentage.map(|u| format!("{} %", one_decimal(u)))/>
                                </dl>
                            }.into_any(),
                            Err(e) => view! { <p class="text-sm text-muted">{e.message()}</p> }.into_any(),
                        }}
                    </section>
                </div>
            </div>
            <section class="card scroll-region relative mt-6 p-0" tabindex="0" aria-labelledby="tools-h">
                <h2 id="tools-h" class="px-4 pt-4 font-semibold">{format!("Tools ({})", rows.len())}</h2>
                {if rows.is_empty() {
                    view! { <p class="p-4 text-sm text-muted">"This server has no registered tools."</p> }.into_any()
                } else {
                    view! {
                        <table class="mt-2 w-full text-left text-sm">
                            <caption class="sr-only">"Tools of this server"</caption>
                            <Head cols=tool_columns(full_tools)/>
                            <tbody class="divide-y divide-slate-100 dark:divide-slate-800" data-testid="tool-rows">
                                {rows.into_iter().map(|(t, x)| {
                                    let t2 = t.clone();
                                    view! {
                                        <tr>
                                            <th scope="row" class="px-3 py-2 font-medium"><bdi class="[overflow-wrap:anywhere]">{t.name.clone()}</bdi></th>
                                            <td class="px-3 py-2 text-slate-600 dark:text-slate-300">{match t.description.clone() {
                                                Some(d) if !d.is_empty() => view! { <LongText text=d/> }.into_any(),
                                                _ => "–".into_any(),
                                            }}</td>
                                            <td class="px-3 py-2"><SensitivityBadge level=t.sensitivity_level.clone()/></td>
                                            {full_tools.then(|| {
                                                let (appr, params) = x.map(|x| (x.requires_approval, serde_json::to_string_pretty(&x.parameters).unwrap_or_default())).unwrap_or_default();
                                                view! {
                                                    <td class="px-3 py-2">{if appr { "Required" } else { "–" }}</td>
                                                    <td class="px-3 py-2"><details><summary class="cursor-pointer text-indigo-700 dark:text-indigo-300">"Show"</summary><pre class="mt-1 max-w-md overflow-auto font-mono text-xs">{params}</pre></details></td>
                                                }
                                            })}
                                            // Sticky: the action stays in reach however wide the row gets.
                                            <td class="sticky right-0 bg-white px-3 py-2 text-right dark:bg-slate-900">
                                                <button type="button" class="btn-secondary px-2 py-1 text-xs" on:click=move |_| open_tool(t2.clone())>
                                                    "Sensitivity…"<span class="sr-only">{format!(" of {}", t.name)}</span>
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        }
        .into_any()
    };

    view! {
        <Transition fallback=|| view! { <div class="card"><Skeleton lines=8/></div> }>
            {move || Suspend::new(async move { page(data.await) })}
        </Transition>
        <ConfirmDialog open=status_open title="Change server status"
            message=Signal::derive(move || format!("Change the status of {} to {}?", quoted(&name.get()), target.get().map(|s| s.label()).unwrap_or_default()))
            confirm_label="Change status" danger=false pending=busy
            on_confirm=Callback::new(move |_| { if let Some(s) = target.get_untracked() { change_status.dispatch(s); } })/>
        <ConfirmDialog open=delete_open title="Delete server"
            message=Signal::derive(move || format!("Delete {}? This removes the server and its tools and cannot be undone.", quoted(&name.get())))
            confirm_label="Delete server" pending=busy
            on_confirm=Callback::new(move |_| { delete.dispatch(()); })/>
        <Dialog open=tool_open title="Tool sensitivity">
            <p class="text-sm"><bdi class="font-medium [overflow-wrap:anywhere]">{move || tool.with(|t| t.as_ref().map(|t| show_controls(&t.name)))}</bdi></p>
            <form class="mt-3 space-y-3" on:submit=move |ev| { ev.prevent_default(); if !busy.get_untracked() { save_override.dispatch(()); } }>
                <label class="block">
                    <span class="label">"New sensitivity level"</span>
                    <select class="input mt-1" prop:value=move || level.with(|l| l.as_str().to_owned()) on:change=move |ev| level.set(Sensitivity::parse(&event_target_value(&ev)))>
                        {Sensitivity::ALL.iter().map(|l| view! { <option value=l.as_str()>{l.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="block">
                    <span class="label">"Reason (optional)"</span>
                    <textarea class="input mt-1" rows="2" maxlength="500" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </label>
                {move || override_error.get().map(|e| view! { <p role="alert" class="text-sm text-red-700 dark:text-red-300">{e}</p> })}
                <AdminNote can=can_admin id="override-admin-note"/>
                <button type="submit" class="btn-primary" disabled=move || busy.get() || !can_admin.get() aria-describedby="override-admin-note">"Save override"</button>
            </form>
            <h3 class="mt-5 text-sm font-semibold">"History"</h3>
            {move || match history.get() {
                        None => view! { <Skeleton lines=2/> }.into_any(),
                        Some(Ok(h)) if h.is_empty() => view! { <p class="text-sm text-muted">"No changes recorded."</p> }.into_any(),
                        Some(Ok(h)) => view! {
                            <ol class="mt-1 space-y-1 text-sm" data-testid="tool-history">
                                {h.iter().map(|e| view! { <li>{history_line(e)}</li> }).collect_view()}
                            </ol>
                        }.into_any(),
                        Some(Err(e)) => view! { <p class="text-sm text-red-700 dark:text-red-300">{e.message()}</p> }.into_any(),
            }}
        </Dialog>
        <Dialog open=edit_open title="Edit server">
            // The register wizard's rules and field component: the same input is refused the
            // same way in both places, before anything is sent.
            <form class="space-y-3" novalidate on:submit=move |ev| {
                ev.prevent_default();
                let (n, d, e, _) = edit.get_untracked();
                let errs = [validate::name(&n), validate::description(&d), validate::endpoint(&e, false)];
                let ok = errs.iter().all(Option::is_none);
                edit_errs.set(errs);
                if ok && !busy.get_untracked() { save_edit.dispatch(()); }
            }>
                <FormField id="edit-name" label="Name" error=Signal::derive(move || edit_errs.with(|e| e[0].clone()))>
                    <input id="edit-name" class="input mt-1" aria-describedby=describedby("edit-name", false)
                        aria-invalid=move || edit_errs.with(|e| e[0].is_some()).to_string()
                        prop:value=move || edit.with(|e| e.0.clone()) on:input=move |ev| edit.update(|e| e.0 = event_target_value(&ev))/>
                </FormField>
                <FormField id="edit-description" label="Description" error=Signal::derive(move || edit_errs.with(|e| e[1].clone()))>
                    <textarea id="edit-description" class="input mt-1" rows="3" aria-describedby=describedby("edit-description", false)
                        aria-invalid=move || edit_errs.with(|e| e[1].is_some()).to_string()
                        prop:value=move || edit.with(|e| e.1.clone()) on:input=move |ev| edit.update(|e| e.1 = event_target_value(&ev))></textarea>
                </FormField>
                <FormField id="edit-endpoint" label="Endpoint URL" error=Signal::derive(move || edit_errs.with(|e| e[2].clone()))>
                    <input id="edit-endpoint" class="input mt-1" type="url" aria-describedby=describedby("edit-endpoint", false)
                        aria-invalid=move || edit_errs.with(|e| e[2].is_some()).to_string()
                        prop:value=move || edit.with(|e| e.2.clone()) on:input=move |ev| edit.update(|e| e.2 = event_target_value(&ev))/>
                </FormField>
                <FormField id="edit-sensitivity" label="Sensitivity level" error=Signal::stored(None::<String>)>
                    <select id="edit-sensitivity" class="input mt-1" prop:value=move || edit.with(|e| e.3.as_str().to_owned()) on:change=move |ev| edit.update(|e| e.3 = Sensitivity::parse(&event_target_value(&ev)))>
                        {Sensitivity::ALL.iter().map(|l| view! { <option value=l.as_str()>{l.label()}</option> }).collect_view()}
                    </select>
                </FormField>
                {move || edit_error.get().map(|e| view! { <p role="alert" class="whitespace-pre-line text-sm text-red-700 dark:text-red-300">{e}</p> })}
                <button type="submit" class="btn-primary" disabled=busy>"Save changes"</button>
            </form>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(id: &str, name: &str) -> ToolSummary {
        ToolSummary {
            id: id.into(),
            name: name.into(),
            description: None,
            sensitivity_level: Sensitivity::Low,
        }
    }

    #[test]
    fn tools_sorted_by_name_and_joined_by_id() {
        let full = vec![Tool {
            id: "2".into(),
            name: "alpha".into(),
            description: None,
            parameters: serde_json::json!({"type": "object"}),
            sensitivity_level: Sensitivity::Low,
            requires_approval: true,
            created_at: String::new(),
        }];
        let rows = tool_rows(
            &[ts("1", "zeta"), ts("2", "alpha"), ts("3", "Beta")],
            Some(&full),
        );
        let names: Vec<&str> = rows.iter().map(|r| r.0.name.as_str()).collect();
        assert_eq!(names, ["alpha", "Beta", "zeta"]);
        assert!(rows[0].1.as_ref().is_some_and(|t| t.requires_approval));
        assert!(rows[1].1.is_none());
        assert!(tool_rows(&[ts("1", "a")], None)[0].1.is_none());
    }

    #[test]
    fn history_in_words() {
        let e = HistoryEntry::ManualOverride {
            timestamp: "2026-11-22T15:13:26+00:00".into(),
            previous_level: Sensitivity::Low,
            new_level: Sensitivity::High,
            updated_by: None,
            reason: Some("handles PII".into()),
        };
        assert_eq!(
            history_line(&e),
            "2026-11-22 15:13 UTC: changed from Low to High — “handles PII”"
        );
        let c = HistoryEntry::Current {
            timestamp: "2026-11-22T15:13:26".into(),
            level: Sensitivity::High,
        };
        assert_eq!(history_line(&c), "2026-11-22 15:13 UTC: current level High");
    }

    #[test]
    fn status_actions_cover_every_target() {
        let labels: Vec<&str> = STATUS_ACTIONS.iter().map(|a| a.1).collect();
        assert_eq!(
            labels,
            ["Activate", "Deactivate", "Mark unhealthy", "Decommission"]
        );
    }
}
