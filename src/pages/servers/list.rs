//! Servers list: server-side search and filters (text, tags, status, sensitivity), sort, page
//! size and cursor paging, all in the URL; four distinct states (loading, error, empty registry,
//! no match); row selection with a bulk status change; export of the whole filtered set.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::time::Duration;

use crate::api::models::{
    ExportedServer, Sensitivity, ServerListItem, ServerPage, ServerStatus, StatusUpdate,
};
use crate::api::servers::{self, ServerQuery};
use crate::api::{use_client, ApiError, Client};
use crate::components::dialog::ConfirmDialog;
use crate::components::export::{self, ExportMenu};
use crate::components::{ErrorPanel, PageHeader, SensitivityBadge, Skeleton, StatusBadge};
use crate::csv::{self, ExportFormat};
use crate::toast::use_toasts;
use crate::url_state::{self, PAGE_SIZES};

/// History state of the entries "Next page" creates: "Previous page" goes back through browser
/// history from them (also after a reload), and to the first page from anywhere else.
const PAGED: &str = "sark-next-page";

#[component]
pub fn ServersPage() -> impl IntoView {
    let client = use_client();
    let query_map = use_query_map();
    let navigate = use_navigate();

    let query = Memo::new(move |_| query_map.with(|m| url_state::servers_from_pairs(|k| m.get(k))));

    // Changing a filter rewrites the URL (replace, so typing does not flood history) and
    // drops the cursor: a new filter starts at the first page.
    let set_query = {
        let navigate = navigate.clone();
        move |mut q: ServerQuery, push: bool| {
            if !push {
                q.cursor = None;
            }
            let qs = crate::api::query::encode(&url_state::servers_to_pairs(&q));
            navigate(
                &format!("/servers{qs}"),
                NavigateOptions {
                    replace: !push,
                    scroll: push,
                    state: leptos_router::location::State::new(
                        push.then(|| wasm_bindgen::JsValue::from_str(PAGED)),
                    ),
                    ..Default::default()
                },
            );
        }
    };

    // Rows loaded with "Load more" beyond the URL's page.
    let extra = RwSignal::new(Vec::<ServerListItem>::new());
    let extra_cursor = RwSignal::new(None::<Option<String>>);
    let page = LocalResource::new(move || {
        let q = query.get();
        extra.set(Vec::new());
        extra_cursor.set(None);
        async move { servers::list(client, &q).await }
    });

    let more_error = RwSignal::new(None::<ApiError>);
    let load_more = Action::new_local(move |cursor: &String| {
        let mut q = query.get_untracked();
        q.cursor = Some(cursor.clone());
        async move {
            match servers::list(client, &q).await {
                Ok(p) => {
                    more_error.set(None);
                    extra.update(|e| e.extend(p.items));
                    extra_cursor.set(Some(p.next_cursor.filter(|_| p.has_more)));
                }
                Err(e) => more_error.set(Some(e)),
            }
        }
    });

    // Search box: local text, pushed to the URL 400 ms after the last keystroke.
    let search_text = RwSignal::new(query.get_untracked().search);
    Effect::new(move |_| {
        let from_url = query.with(|q| q.search.clone());
        if from_url != search_text.get_untracked() {
            search_text.set(from_url);
        }
    });
    let debounce = StoredValue::new(None::<TimeoutHandle>);
    let on_search = {
        let set_query = set_query.clone();
        move |text: String| {
            search_text.set(text.clone());
            if let Some(h) = debounce.get_value() {
                h.clear();
            }
            let set_query = set_query.clone();
            let handle = set_timeout_with_handle(
                move || {
                    let mut q = query.get_untracked();
                    if q.search != text {
                        q.search = text;
                        set_query(q, false);
                    }
                },
                Duration::from_millis(400),
            );
            debounce.set_value(handle.ok());
        }
    };

    let toggle_status = {
        let set_query = set_query.clone();
        move |s: ServerStatus| {
            let mut q = query.get_untracked();
            if let Some(i) = q.status.iter().position(|x| *x == s) {
                q.status.remove(i);
            } else {
                q.status.push(s);
            }
            set_query(q, false);
        }
    };
    let toggle_sensitivity = {
        let set_query = set_query.clone();
        move |s: Sensitivity| {
            let mut q = query.get_untracked();
            if let Some(i) = q.sensitivity.iter().position(|x| *x == s) {
                q.sensitivity.remove(i);
            } else {
                q.sensitivity.push(s);
            }
            set_query(q, false);
        }
    };
    let clear_filters = {
        let set_query = set_query.clone();
        Callback::new(move |_: ()| {
            let q = query.get_untracked();
            set_query(
                ServerQuery {
                    limit: q.limit,
                    ascending: q.ascending,
                    include_total: true,
                    ..Default::default()
                },
                false,
            )
        })
    };
    let set_sort = {
        let set_query = set_query.clone();
        move |asc: bool| {
            let mut q = query.get_untracked();
            q.ascending = asc;
            set_query(q, false);
        }
    };
    let set_limit = {
        let set_query = set_query.clone();
        move |limit: u32| {
            let mut q = query.get_untracked();
            q.limit = limit;
            set_query(q, false);
        }
    };
    let go_next = {
        let set_query = set_query.clone();
        Callback::new(move |cursor: String| {
            let mut q = query.get_untracked();
            q.cursor = Some(cursor);
            set_query(q, true);
        })
    };
    let go_first = {
        let set_query = set_query.clone();
        Callback::new(move |_: ()| set_query(query.get_untracked(), false))
    };
    let go_prev = Callback::new(move |_: ()| {
        if crate::dom::history_state_is(PAGED) {
            crate::dom::history_back();
        } else {
            go_first.run(());
        }
    });
    let set_tags = {
        let set_query = set_query.clone();
        move |text: String| {
            let mut q = query.get_untracked();
            q.tags = url_state::parse_list(Some(&text), |t| Some(t.to_owned()));
            set_query(q, false);
        }
    };

    // Selection and bulk status change.
    let toasts = use_toasts();
    let selected = RwSignal::new(Vec::<(String, String)>::new());
    let new_status = RwSignal::new(ServerStatus::Active);
    let confirm_open = RwSignal::new(false);
    let report = RwSignal::new(None::<Vec<(String, Result<String, String>)>>);
    let bulk_busy = RwSignal::new(false);
    let bulk = move || {
        let rows = selected.get_untracked();
        let status = new_status.get_untracked();
        super::run(bulk_busy, async move {
            let updates: Vec<StatusUpdate> = rows
                .iter()
                .map(|(id, _)| StatusUpdate {
                    server_id: id.clone(),
                    status: status.clone(),
                })
                .collect();
            match servers::bulk_status(client, &updates).await {
                Ok(r) => {
                    let name_of = |id: &str| {
                        rows.iter()
                            .find(|(i, _)| i == id)
                            .map_or_else(|| id.to_owned(), |(_, n)| n.clone())
                    };
                    let mut lines: Vec<(String, Result<String, String>)> = r
                        .succeeded_items
                        .iter()
                        .map(|i| (name_of(&i.server_id), Ok(i.status.label())))
                        .collect();
                    lines.extend(r.failed_items.iter().map(|f| {
                        let id = f.server_id.clone().or(f.name.clone()).unwrap_or_default();
                        (name_of(&id), Err(f.error.clone()))
                    }));
                    report.set(Some(lines));
                    selected.set(Vec::new());
                    page.refetch();
                }
                Err(e) => toasts.error(e.message()),
            }
            confirm_open.set(false);
        })
    };
    let confirm_text = Signal::derive(move || {
        let n = selected.with(Vec::len);
        format!(
            "Change the status of {n} server{} to {}?",
            if n == 1 { "" } else { "s" },
            new_status.with(|s| s.label())
        )
    });

    let exporting = RwSignal::new(false);
    let export = Callback::new(move |fmt: ExportFormat| {
        let q = query.get_untracked();
        super::run(exporting, async move {
            match export_servers(client, q, fmt).await {
                Ok(None) => {}
                Ok(Some(note)) => toasts.info(note),
                Err(e) => toasts.error(e),
            }
        })
    });

    view! {
        <PageHeader title="Servers" subtitle="Registered MCP servers">
            <ExportMenu on_export=export busy=exporting/>
            <A href="/servers/register" attr:class="btn-primary">"Register server"</A>
        </PageHeader>

        <div class="card mb-4 space-y-3" role="search" aria-label="Filter servers">
            <div class="flex flex-wrap items-end gap-3">
                <label class="min-w-64 flex-1">
                    <span class="label">"Search"</span>
                    <input class="input mt-1" type="search" data-search="" placeholder="Name or description  ( / )"
                        prop:value=move || search_text.get()
                        on:input=move |ev| on_search(event_target_value(&ev))/>
                </label>
                <label class="min-w-48">
                    <span class="label">"Tags"</span>
                    <input class="input mt-1" type="text" placeholder="e.g. pci, prod" data-testid="tags-filter"
                        prop:value=move || query.with(|q| q.tags.join(", "))
                        on:change=move |ev| set_tags(event_target_value(&ev))/>
                </label>
                <label>
                    <span class="label">"Sort"</span>
                    <select class="input mt-1" on:change=move |ev| set_sort(event_target_value(&ev) == "asc")
                        prop:value=move || if query.with(|q| q.ascending) { "asc" } else { "desc" }>
                        <option value="desc">"Newest first"</option>
                        <option value="asc">"Oldest first"</option>
                    </select>
                </label>
                <label>
                    <span class="label">"Page size"</span>
                    <select class="input mt-1" on:change=move |ev| set_limit(event_target_value(&ev).parse().unwrap_or(url_state::DEFAULT_PAGE_SIZE))
                        prop:value=move || query.with(|q| q.limit.to_string())>
                        {PAGE_SIZES.iter().map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <fieldset class="flex flex-wrap items-center gap-2">
                <legend class="label mb-1">"Status"</legend>
                {ServerStatus::ALL.iter().cloned().map(|s| {
                    let s2 = s.clone();
                    let toggle_status = toggle_status.clone();
                    let on = Memo::new(move |_| query.with(|q| q.status.contains(&s2)));
                    view! {
                        <button type="button" class="chip" aria-pressed=move || on.get().to_string() on:click=move |_| toggle_status(s.clone())>{s.label()}</button>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="flex flex-wrap items-center gap-2">
                <legend class="label mb-1">"Sensitivity"</legend>
                {Sensitivity::ALL.iter().cloned().map(|s| {
                    let s2 = s.clone();
                    let toggle_sensitivity = toggle_sensitivity.clone();
                    let on = Memo::new(move |_| query.with(|q| q.sensitivity.contains(&s2)));
                    view! {
                        <button type="button" class="chip" aria-pressed=move || on.get().to_string() on:click=move |_| toggle_sensitivity(s.clone())>{s.label()}</button>
                    }
                }).collect_view()}
            </fieldset>
        </div>

        <Show when=move || selected.with(|s| !s.is_empty())>
            <div class="card mb-4 flex flex-wrap items-end gap-3" role="region" aria-label="Bulk actions">
                <p class="self-center text-sm font-medium" data-testid="selected-count">{move || format!("{} selected", selected.with(Vec::len))}</p>
                <label>
                    <span class="label">"New status"</span>
                    <select class="input mt-1" prop:value=move || new_status.with(|s| s.as_str().to_owned())
                        on:change=move |ev| new_status.set(ServerStatus::parse(&event_target_value(&ev)))>
                        {ServerStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="btn-primary" on:click=move |_| confirm_open.set(true)>"Change status…"</button>
                <button type="button" class="btn-secondary" on:click=move |_| selected.set(Vec::new())>"Clear selection"</button>
            </div>
        </Show>
        <ConfirmDialog open=confirm_open title="Change server status" message=confirm_text
            confirm_label="Change status" danger=false pending=bulk_busy
            on_confirm=Callback::new(move |_| bulk())/>
        {move || report.get().map(|lines| {
            let failed = lines.iter().filter(|l| l.1.is_err()).count();
            view! {
                <div class="card mb-4" role="status" data-testid="bulk-report">
                    <div class="flex items-center justify-between">
                        <p class="font-medium">{format!("{} succeeded, {failed} failed", lines.len() - failed)}</p>
                        <button type="button" class="btn-ghost" aria-label="Dismiss the result" on:click=move |_| report.set(None)>"×"</button>
                    </div>
                    <ul class="mt-2 space-y-1 text-sm">
                        {lines.into_iter().map(|(name, r)| {
                            let (tone, text) = match r {
                                Ok(st) => ("text-green-700 dark:text-green-400", format!("{name}: now {st}")),
                                Err(e) => ("text-red-700 dark:text-red-300", format!("{name}: failed — {e}")),
                            };
                            view! { <li class=tone>{text}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })}
        <Transition fallback=|| view! { <div class="card"><Skeleton lines=8/></div> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match page.await {
                    Ok(p) => view! {
                        <ResultTable page=p query=q extra=extra extra_cursor=extra_cursor
                            load_more=Callback::new(move |c: String| { load_more.dispatch(c); })
                            loading_more=load_more.pending() more_error=more_error
                            go_next=go_next go_prev=go_prev go_first=go_first clear_filters=clear_filters selected=selected/>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e what="servers" on_retry=move |_| page.refetch()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn ResultTable(
    page: ServerPage,
    query: ServerQuery,
    extra: RwSignal<Vec<ServerListItem>>,
    extra_cursor: RwSignal<Option<Option<String>>>,
    load_more: Callback<String>,
    loading_more: Memo<bool>,
    more_error: RwSignal<Option<ApiError>>,
    go_next: Callback<String>,
    go_prev: Callback<()>,
    go_first: Callback<()>,
    clear_filters: Callback<()>,
    selected: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    let filtered = query.has_filters();
    if page.items.is_empty() && query.cursor.is_none() {
        return if filtered {
            view! {
                <div class="card text-center" data-testid="no-match">
                    <p class="font-medium">"No servers match these filters."</p>
                    <button type="button" class="btn-secondary mt-3" on:click=move |_| clear_filters.run(())>"Clear filters"</button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="card text-center" data-testid="empty">
                    <p class="font-medium">"No servers are registered yet."</p>
                    <A href="/servers/register" attr:class="btn-primary mt-3 inline-block">"Register the first server"</A>
                </div>
            }
            .into_any()
        };
    }
    let first_items = page.items.clone();
    let page_next = page.next_cursor.clone().filter(|_| page.has_more);
    let shown = move || first_items.len() + extra.with(Vec::len);
    // B2: SARK 2.0's total ignores filters, so only trust it unfiltered.
    let total = page.total.filter(|_| !filtered);
    let count_text = move || match total {
        Some(t) => format!("{} of {t}", shown()),
        None => format!("{} shown", shown()),
    };
    let more_cursor = {
        let page_next = page_next.clone();
        move || match extra_cursor.get() {
            Some(c) => c,
            None => page_next.clone(),
        }
    };
    let on_later_page = query.cursor.is_some();
    let rows = page.items;
    let visible = {
        let rows = rows.clone();
        move || {
            rows.iter()
                .cloned()
                .chain(extra.get())
                .map(|s| (s.id, s.name))
                .collect::<Vec<_>>()
        }
    };
    let v2 = visible.clone();
    let all_on = move || {
        let v = visible();
        !v.is_empty() && selected.with(|s| v.iter().all(|r| s.contains(r)))
    };

    view! {
        <div class="card overflow-hidden p-0">
            <div class="scroll-region relative" tabindex="0" role="region" aria-label="Servers table">
                <table class="w-full text-left text-sm">
                    <caption class="sr-only">"Servers"</caption>
                    <thead class=crate::components::table::THEAD>
                        <tr>
                            <th scope="col" class="w-8 px-4 py-2">
                                <input type="checkbox" aria-label="Select all servers shown" prop:checked=all_on
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let v = v2();
                                        selected.update(|s| {
                                            s.retain(|r| !v.contains(r));
                                            if on { s.extend(v); }
                                        });
                                    }/>
                            </th>
                            <th scope="col" class="px-4 py-2">"Name"</th>
                            <th scope="col" class="px-4 py-2">"Transport"</th>
                            <th scope="col" class="px-4 py-2">"Status"</th>
                            <th scope="col" class="px-4 py-2">"Sensitivity"</th>
                            <th scope="col" class="px-4 py-2">"Created"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100 dark:divide-slate-800" data-testid="server-rows">
                        {rows.into_iter().map(|s| view! { <Row s=s selected=selected/> }).collect_view()}
                        <For each=move || extra.get() key=|s| s.id.clone() let:s>
                            <Row s=s selected=selected/>
                        </For>
                    </tbody>
                </table>
            </div>
            <div class="flex flex-wrap items-center gap-3 border-t border-slate-200 px-4 py-3 text-sm dark:border-slate-800">
                <span class="text-muted" data-testid="count">{count_text}</span>
                <div class="ml-auto flex flex-wrap gap-2">
                    {on_later_page.then(|| view! {
                        <button type="button" class="btn-secondary" on:click=move |_| go_first.run(())>"First page"</button>
                        <button type="button" class="btn-secondary" on:click=move |_| go_prev.run(())>"Previous page"</button>
                    })}
                    {move || {
                        let c = more_cursor();
                        c.map(|c| {
                            let c2 = c.clone();
                            view! {
                                <button type="button" class="btn-secondary" disabled=move || loading_more.get() on:click=move |_| load_more.run(c.clone())>
                                    {move || if loading_more.get() { "Loading…" } else { "Load more" }}
                                </button>
                                <button type="button" class="btn-secondary" on:click=move |_| go_next.run(c2.clone())>"Next page"</button>
                            }
                        })
                    }}
                </div>
            </div>
            {move || more_error.get().map(|e| {
                // B1: SARK 2.0 cannot follow its own cursors.
                let text = if matches!(e, ApiError::Internal { .. } | ApiError::Server { status: 500, .. }) {
                    "This SARK server cannot load further pages; narrow the filters.".to_string()
                } else {
                    e.message()
                };
                view! { <p role="alert" class="border-t border-slate-200 px-4 py-3 text-sm text-red-700 dark:border-slate-800 dark:text-red-300">{text}</p> }
            })}
        </div>
    }
    .into_any()
}

#[component]
fn Row(s: ServerListItem, selected: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let href = format!("/servers/{}", s.id);
    let key = (s.id.clone(), s.name.clone());
    let k2 = key.clone();
    view! {
        <tr class="hover:bg-slate-50 dark:hover:bg-slate-800/50">
            <td class="px-4 py-2">
                <input type="checkbox" aria-label=format!("Select {}", s.name)
                    prop:checked=move || selected.with(|v| v.contains(&key))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|v| {
                            v.retain(|r| *r != k2);
                            if on { v.push(k2.clone()); }
                        });
                    }/>
            </td>
            <td class="px-4 py-2">
                <A href=href attr:class="font-medium text-indigo-700 hover:underline dark:text-indigo-300">{s.name.clone()}</A>
                {s.description.clone().map(|d| view! { <p class="line-clamp-1 text-xs text-muted">{d}</p> })}
            </td>
            <td class="px-4 py-2">{s.transport.label()}</td>
            <td class="px-4 py-2"><StatusBadge status=s.status.clone()/></td>
            <td class="px-4 py-2"><SensitivityBadge level=s.sensitivity_level.clone()/></td>
            <td class="px-4 py-2 whitespace-nowrap text-muted" title=crate::time_fmt::display_seconds(&s.created_at)>{crate::time_fmt::display(&s.created_at)}</td>
        </tr>
    }
}

/// Column order of SARK's own `servers.csv` (CONTRACT §3.9).
pub const CSV_HEADER: [&str; 8] = [
    "id",
    "name",
    "description",
    "transport",
    "endpoint",
    "status",
    "sensitivity_level",
    "created_at",
];

/// The CSV document for `rows` (formula injection neutralised by `crate::csv`).
pub fn servers_csv(rows: &[ExportedServer]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|s| {
            vec![
                s.id.clone(),
                s.name.clone(),
                s.description.clone().unwrap_or_default(),
                s.transport.as_str().to_owned(),
                s.endpoint.clone().unwrap_or_default(),
                s.status.as_str().to_owned(),
                s.sensitivity_level.as_str().to_owned(),
                s.created_at.clone(),
            ]
        })
        .collect();
    csv::write(&CSV_HEADER, &cells)
}

fn from_item(s: ServerListItem) -> ExportedServer {
    ExportedServer {
        id: s.id,
        name: s.name,
        description: s.description,
        transport: s.transport,
        endpoint: None,
        status: s.status,
        sensitivity_level: s.sensitivity_level,
        created_at: s.created_at,
        updated_at: None,
        metadata: serde_json::Value::Null,
    }
}

/// At most this many pages of 200 are fetched for one export.
const MAX_EXPORT_PAGES: usize = 100;

/// Exports every server matching `q` (not only the rows loaded). With no filter but status,
/// SARK's export endpoint serves the rows (filtered here: B6); otherwise the list is paged
/// through 200 at a time. `Ok(Some(note))` when the file is incomplete.
async fn export_servers(
    client: Client,
    mut q: ServerQuery,
    fmt: ExportFormat,
) -> Result<Option<String>, String> {
    let mut note = None;
    let (rows, name) = if q.sensitivity.is_empty()
        && q.tags.is_empty()
        && q.search.trim().is_empty()
    {
        let (env, name) = crate::api::export::servers_json(client)
            .await
            .map_err(|e| e.message())?;
        let rows: Vec<ExportedServer> = env
            .servers
            .into_iter()
            .filter(|s| q.status.is_empty() || q.status.contains(&s.status))
            .collect();
        (rows, name)
    } else {
        (q.limit, q.cursor, q.include_total) = (200, None, false);
        let mut rows = Vec::new();
        for _ in 0..MAX_EXPORT_PAGES {
            match servers::list(client, &q).await {
                Ok(p) => {
                    rows.extend(p.items.into_iter().map(from_item));
                    match p.next_cursor.filter(|_| p.has_more) {
                        Some(c) => q.cursor = Some(c),
                        None => break,
                    }
                }
                Err(e) if rows.is_empty() => return Err(e.message()),
                Err(_) => {
                    // B1: SARK 2.0 cannot follow its own cursors.
                    note = Some(format!(
                        "Only the first {} servers were exported: this SARK server cannot load further pages.",
                        rows.len()
                    ));
                    break;
                }
            }
        }
        (rows, None)
    };
    let now = crate::dom::now_secs();
    let body = match fmt {
        ExportFormat::Csv => servers_csv(&rows),
        ExportFormat::Json => csv::json_pretty(&serde_json::json!({
            "export_type": "servers",
            "exported_at": crate::time_fmt::to_rfc3339(now),
            "total_records": rows.len(),
            "servers": rows,
        })),
    };
    let name = name.map_or_else(
        || export::default_name("servers", fmt, now),
        |n| export::with_ext(&n, fmt),
    );
    export::save(&name, fmt, &body)?;
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::{Sensitivity, Transport};

    #[test]
    fn csv_rows_follow_sarks_columns_and_neutralise_formulas() {
        let s = ExportedServer {
            id: "b43d1658-d9fa-4400-b931-7354777764ad".into(),
            name: "=cmd|' /C calc'!A0".into(),
            description: Some("Zürich, \"prod\"".into()),
            transport: Transport::Http,
            endpoint: Some("https://x.example/mcp".into()),
            status: ServerStatus::Active,
            sensitivity_level: Sensitivity::High,
            created_at: "2026-11-22T15:13:26+00:00".into(),
            updated_at: None,
            metadata: serde_json::Value::Null,
        };
        let mut bare = from_item(ServerListItem {
            id: "1".into(),
            name: "plain".into(),
            transport: Transport::Stdio,
            status: ServerStatus::Registered,
            sensitivity_level: Sensitivity::Low,
            created_at: "t".into(),
            description: None,
        });
        bare.metadata = serde_json::Value::Null;
        assert_eq!(
            servers_csv(&[s, bare]),
            "id,name,description,transport,endpoint,status,sensitivity_level,created_at\r\n\
             b43d1658-d9fa-4400-b931-7354777764ad,'=cmd|' /C calc'!A0,\"Zürich, \"\"prod\"\"\",http,https://x.example/mcp,active,high,2026-11-22T15:13:26+00:00\r\n\
             1,plain,,stdio,,registered,low,t\r\n"
        );
    }
}
