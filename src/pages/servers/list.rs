//! Servers list: server-side search and filters (text, tags, status, sensitivity), sort, page
//! size and cursor paging, all in the URL; four distinct states (loading, error, empty registry,
//! no match); row selection with a bulk status change; export of the whole filtered set.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::url_state::{self, PAGE_SIZES};
use crate::api::models::{
    ExportedServer, Sensitivity, ServerDetail, ServerListItem, ServerPage, ServerStatus,
    StatusUpdate,
};
use crate::api::servers::{self, ServerQuery};
use crate::api::{use_client, ApiError, Client};
use crate::components::dialog::ConfirmDialog;
use crate::components::export::{self, ExportMenu};
use crate::components::table::{Head, Table};
use crate::components::{ErrorPanel, PageHeader, SensitivityBadge, Skeleton, StatusBadge};
use crate::csv::{self, ExportFormat};
use crate::hooks::permissions::{use_can_admin, AdminNote, NEEDS_ADMIN};
use crate::hooks::url_text::{cap_chars, cap_message, use_url_text, SEARCH_MAX, TAGS_MAX};
use crate::toast::use_toasts;

/// History state of the entries "Next page" creates: "Previous page" goes back through browser
/// history from them (also after a reload), and to the first page from anywhere else.
const PAGED: &str = "sark-next-page";

#[component]
pub fn ServersPage() -> impl IntoView {
    let client = use_client();
    let navigate = use_navigate();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| url_state::servers_from_pairs(|k| m.get(k))));
    let page = LocalResource::new(move || {
        let q = query.get();
        async move { servers::list(client, &q).await }
    });

    // Changing a filter rewrites the URL (replace, so typing does not flood history) and
    // drops the cursor: a new filter starts at the first page.
    let set_query = {
        let navigate = navigate.clone();
        move |mut q: ServerQuery, push: bool| {
            if !push {
                q.cursor = None;
            }
            navigate(
                &crate::routes::with_query("/servers", &url_state::servers_to_pairs(&q)),
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
    let more_error = RwSignal::new(None::<ApiError>);
    let extra = RwSignal::new(Vec::<ServerListItem>::new());
    let extra_cursor = RwSignal::new(None::<Option<String>>);
    Effect::watch(
        move || query.get(),
        move |_, _, _| {
            extra.set(Vec::new());
            extra_cursor.set(None);
            more_error.set(None);
        },
        false,
    );

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

    // One filter change: the current query, edited, back into the URL (first page).
    let edit = {
        let set_query = set_query.clone();
        move |change: &dyn Fn(&mut ServerQuery)| {
            let mut q = query.get_untracked();
            change(&mut q);
            set_query(q, false);
        }
    };

    // Search box: local text, pushed to the URL after a pause, capped.
    let search = {
        let edit = edit.clone();
        use_url_text(
            move || query.with(|q| q.search.clone()),
            move |text| {
                if query.with_untracked(|q| q.search != text) {
                    edit(&|q| q.search = text.clone());
                }
            },
            SEARCH_MAX,
        )
    };
    let tags_note = RwSignal::new(None::<String>);

    let toggle_status = {
        let edit = edit.clone();
        move |s: ServerStatus| edit(&|q| url_state::toggle(&mut q.status, &s))
    };
    let toggle_sensitivity = {
        let edit = edit.clone();
        move |s: Sensitivity| edit(&|q| url_state::toggle(&mut q.sensitivity, &s))
    };
    let clear_filters = {
        let set_query = set_query.clone();
        Callback::new(move |_: ()| {
            set_query(url_state::without_filters(&query.get_untracked()), false)
        })
    };
    let set_sort = {
        let edit = edit.clone();
        move |asc: bool| edit(&|q| q.ascending = asc)
    };
    let set_limit = {
        let edit = edit.clone();
        move |limit: u32| edit(&|q| q.limit = limit)
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
    let set_tags = move |text: String| {
        let (text, cut) = cap_chars(&text, TAGS_MAX);
        tags_note.set(cut.then(|| cap_message(TAGS_MAX)));
        edit(&|q| q.tags = crate::routes::parse_list(Some(&text), |t| Some(t.to_owned())));
    };

    // A cursor the server rejects (hand-edited, or from another server) goes back to page 1
    // with a notice instead of an error with no way out.
    let notice = RwSignal::new(None::<&'static str>);

    // Selection and bulk status change.
    let toasts = use_toasts();
    let can_admin = use_can_admin();
    let selected = RwSignal::new(Vec::<(String, String)>::new());
    let new_status = RwSignal::new(ServerStatus::Active);
    let confirm_open = RwSignal::new(false);
    let report = RwSignal::new(None::<Vec<(String, Result<String, String>)>>);
    let bulk = Action::new_local(move |_: &()| {
        let rows = selected.get_untracked();
        let status = new_status.get_untracked();
        async move {
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
        }
    });
    let confirm_text = Signal::derive(move || {
        let n = selected.with(Vec::len);
        format!(
            "Change the status of {n} server{} to {}?",
            if n == 1 { "" } else { "s" },
            new_status.with(|s| s.label())
        )
    });

    let progress = RwSignal::new(None::<(usize, usize)>);
    let cancel = RwSignal::new(false);
    let export_action = Action::new_local(move |fmt: &ExportFormat| {
        let (q, fmt) = (query.get_untracked(), *fmt);
        cancel.set(false);
        async move {
            let job = ExportJob {
                client,
                toasts,
                progress,
                cancel,
            };
            if let Err(e) = export_servers(job, q, fmt).await {
                toasts.error(e);
            }
            progress.try_set(None);
        }
    });
    let exporting = export_action.pending();
    let export = Callback::new(move |fmt: ExportFormat| {
        if !exporting.get_untracked() {
            export_action.dispatch(fmt);
        }
    });

    view! {
        <PageHeader title="Servers" subtitle="Registered MCP servers">
            <ExportMenu on_export=export busy=exporting/>
            {move || progress.get().map(|(done, total)| view! {
                <span class="text-sm text-slate-600 dark:text-slate-300" role="status" data-testid="export-progress">
                    {if total == 0 { "Collecting servers…".to_string() } else { format!("Fetching details {done} of {total}…") }}
                </span>
                <button type="button" class="btn-secondary" on:click=move |_| cancel.set(true)>"Cancel export"</button>
            })}
            <A href="/servers/register" attr:class="btn-primary">"Register server"</A>
        </PageHeader>

        <div class="card mb-4 space-y-3" role="search" aria-label="Filter servers">
            <div class="flex flex-wrap items-end gap-3">
                <label class="min-w-64 flex-1">
                    <span class="label">"Search"</span>
                    <input class="input mt-1" type="search" data-search="" placeholder="Name or description  ( / )"
                        aria-describedby="search-note"
                        prop:value=move || search.text.get()
                        on:input=move |ev| search.input(event_target_value(&ev))/>
                    <p id="search-note" class="mt-1 text-xs text-amber-800 dark:text-amber-200" data-testid="search-note">{move || search.note.get()}</p>
                </label>
                <label class="min-w-48">
                    <span class="label">"Tags"</span>
                    <input class="input mt-1" type="text" placeholder="e.g. pci, prod" data-testid="tags-filter"
                        aria-describedby="tags-note"
                        prop:value=move || query.with(|q| q.tags.join(", "))
                        on:change=move |ev| set_tags(event_target_value(&ev))/>
                    <p id="tags-note" class="mt-1 text-xs text-amber-800 dark:text-amber-200" data-testid="tags-note">{move || tags_note.get()}</p>
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
                <button type="button" class="btn-primary" disabled=move || !can_admin.get() title=move || (!can_admin.get()).then_some(NEEDS_ADMIN)
                    aria-describedby="bulk-admin-note" on:click=move |_| confirm_open.set(true)>"Change status…"</button>
                <AdminNote can=can_admin id="bulk-admin-note"/>
                <button type="button" class="btn-secondary" on:click=move |_| selected.set(Vec::new())>"Clear selection"</button>
            </div>
        </Show>
        <ConfirmDialog open=confirm_open title="Change server status" message=confirm_text
            confirm_label="Change status" danger=false pending=bulk.pending()
            on_confirm=Callback::new(move |_| { if !bulk.pending().get_untracked() { bulk.dispatch(()); } })/>
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
        {move || notice.get().map(|n| view! {
            <div class="card mb-4 flex items-center justify-between gap-3" role="status" data-testid="list-notice">
                <p class="text-sm">{n}</p>
                <button type="button" class="btn-ghost" aria-label="Dismiss" on:click=move |_| notice.set(None)>"×"</button>
            </div>
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
                    Err(e) if q.cursor.is_some() && e.field("cursor").is_some() => {
                        notice.set(Some("That page link is no longer valid, so the first page is shown."));
                        // Navigating while this view renders would re-enter the router.
                        request_animation_frame(move || go_first.run(()));
                        view! { <div class="card"><Skeleton lines=8/></div> }.into_any()
                    }
                    Err(e) => {
                        let (later, filtered) = (q.cursor.is_some(), q.has_filters());
                        view! {
                            <ErrorPanel error=e what=url_state::describe_request(&q) on_retry=move |_| page.refetch()>
                                {later.then(|| view! { <button type="button" class="btn-secondary" on:click=move |_| go_first.run(())>"First page"</button> })}
                                {filtered.then(|| view! { <button type="button" class="btn-secondary" on:click=move |_| clear_filters.run(())>"Clear filters"</button> })}
                            </ErrorPanel>
                        }.into_any()
                    }
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
    let retry_cursor = StoredValue::new(None::<String>);
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
            <Table label="Servers">
                    <Head cols=[("Name", ""), ("Transport", ""), ("Status", ""), ("Sensitivity", ""), ("Created", "")]>
                            <th scope="col" class="w-8 px-3 py-2">
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
                    </Head>
                    <tbody class="divide-y divide-slate-100 dark:divide-slate-800" data-testid="server-rows">
                        {rows.into_iter().map(|s| view! { <Row s=s selected=selected/> }).collect_view()}
                        <For each=move || extra.get() key=|s| s.id.clone() let:s>
                            <Row s=s selected=selected/>
                        </For>
                    </tbody>
            </Table>
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
                            retry_cursor.set_value(Some(c.clone()));
                            let c2 = c.clone();
                            view! {
                                <button type="button" class="btn-secondary" disabled=move || loading_more.get() || more_error.with(Option::is_some) on:click=move |_| load_more.run(c.clone())>
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
                view! {
                    <div role="alert" class="flex flex-wrap items-center gap-3 border-t border-slate-200 px-4 py-3 text-sm text-red-700 dark:border-slate-800 dark:text-red-300" data-testid="more-error">
                        <p>{format!("Could not load more servers: {text}")}</p>
                        <button type="button" class="btn-secondary" on:click=move |_| {
                            more_error.set(None);
                            if let Some(c) = retry_cursor.get_value() { load_more.run(c); }
                        }>"Retry"</button>
                    </div>
                }
            })}
        </div>
    }
    .into_any()
}

#[component]
fn Row(s: ServerListItem, selected: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let href = crate::routes::server(&s.id);
    let key = (s.id.clone(), s.name.clone());
    let k2 = key.clone();
    view! {
        <tr class="hover:bg-slate-50 dark:hover:bg-slate-800/50">
            <td class="px-3 py-2">
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
            <td class="px-3 py-2">
                <A href=href attr:class="font-medium text-indigo-700 hover:underline [overflow-wrap:anywhere] dark:text-indigo-300"><bdi>{s.name.clone()}</bdi></A>
                {s.description.clone().map(|d| {
                    let full = d.clone();
                    view! { <p class="line-clamp-1 max-w-prose text-xs text-slate-500 [overflow-wrap:anywhere] [unicode-bidi:isolate] dark:text-slate-400" title=full>{d}</p> }
                })}
            </td>
            <td class="px-3 py-2">{s.transport.label()}</td>
            <td class="px-3 py-2"><StatusBadge status=s.status.clone()/></td>
            <td class="px-3 py-2"><SensitivityBadge level=s.sensitivity_level.clone()/></td>
            <td class="px-3 py-2 whitespace-nowrap text-muted" title=crate::time_fmt::display_seconds(&s.created_at)>{crate::time_fmt::display(&s.created_at)}</td>
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

fn from_detail(d: ServerDetail) -> ExportedServer {
    ExportedServer {
        id: d.id,
        name: d.name,
        description: d.description,
        transport: d.transport,
        endpoint: d.endpoint,
        status: d.status,
        sensitivity_level: d.sensitivity_level,
        created_at: d.created_at,
        updated_at: None,
        metadata: d.metadata,
    }
}

/// The rows matching a filter (ids from the list endpoint, in its order) with every column:
/// taken from SARK's full export where it has them, else the list row (to fetch one by one).
// `Err` here is "not in the export yet", not an error: it is never propagated with `?`.
#[allow(clippy::result_large_err)]
pub fn join_full_rows(
    matched: &[ServerListItem],
    full: &[ExportedServer],
) -> Vec<Result<ExportedServer, ServerListItem>> {
    let by_id: std::collections::HashMap<&str, &ExportedServer> =
        full.iter().map(|s| (s.id.as_str(), s)).collect();
    matched
        .iter()
        .map(|m| {
            by_id
                .get(m.id.as_str())
                .map(|s| (*s).clone())
                .ok_or_else(|| m.clone())
        })
        .collect()
}

/// At most this many pages of 200 are fetched for one export.
const MAX_EXPORT_PAGES: usize = 100;
/// Detail requests in flight at once while completing rows.
const DETAIL_CONCURRENCY: usize = 4;

/// What an export reports to the page while it runs.
#[derive(Clone, Copy)]
struct ExportJob {
    client: Client,
    toasts: crate::toast::Toasts,
    /// (details fetched, details needed); (0, 0) while collecting the matching servers.
    progress: RwSignal<Option<(usize, usize)>>,
    cancel: RwSignal<bool>,
}

impl ExportJob {
    fn cancelled(&self) -> bool {
        self.cancel.try_get_untracked().unwrap_or(true)
    }
}

/// Exports every server matching `q` (not only the rows loaded), with every column. Unfiltered
/// (or by status only), SARK's export endpoint serves the rows (filtered here: B6). Filtered,
/// the list endpoint says which servers match and the export endpoint supplies their columns;
/// rows it lacks are completed from each server's detail (bounded concurrency, progress,
/// cancel). What is incomplete, or a column that could not be obtained, is said before the
/// download starts.
async fn export_servers(
    job: ExportJob,
    mut q: ServerQuery,
    fmt: ExportFormat,
) -> Result<(), String> {
    use futures::StreamExt;
    let client = job.client;
    job.progress.set(Some((0, 0)));
    let mut notes = Vec::new();
    let full = crate::api::export::servers_json(client).await;
    let (rows, name) = if q.sensitivity.is_empty()
        && q.tags.is_empty()
        && q.search.trim().is_empty()
    {
        let (env, name) = full.map_err(|e| e.message())?;
        let rows: Vec<ExportedServer> = env
            .servers
            .into_iter()
            .filter(|s| q.status.is_empty() || q.status.contains(&s.status))
            .collect();
        (rows, name)
    } else {
        (q.limit, q.cursor, q.include_total) = (200, None, false);
        let mut matched = Vec::new();
        for _ in 0..MAX_EXPORT_PAGES {
            if job.cancelled() {
                return Err("Export cancelled".into());
            }
            match servers::list(client, &q).await {
                Ok(p) => {
                    matched.extend(p.items);
                    match p.next_cursor.filter(|_| p.has_more) {
                        Some(c) => q.cursor = Some(c),
                        None => break,
                    }
                }
                Err(e) if matched.is_empty() => return Err(e.message()),
                Err(_) => {
                    // B1: SARK 2.0 cannot follow its own cursors.
                    notes.push(format!(
                        "Only the first {} matching servers were exported: this SARK server cannot load further pages.",
                        matched.len()
                    ));
                    break;
                }
            }
        }
        let (full_rows, name) = match full {
            Ok((env, name)) => (env.servers, name),
            Err(_) => (Vec::new(), None),
        };
        let joined = join_full_rows(&matched, &full_rows);
        let missing: Vec<ServerListItem> = joined
            .iter()
            .filter_map(|r| r.as_ref().err().cloned())
            .collect();
        let need = missing.len();
        let mut details = std::collections::HashMap::new();
        if need > 0 {
            job.progress.set(Some((0, need)));
            let mut stream = futures::stream::iter(missing.into_iter().map(|m| async move {
                let d = servers::detail(client, &m.id).await;
                (m, d)
            }))
            .buffered(DETAIL_CONCURRENCY);
            let mut done = 0;
            while let Some((m, d)) = stream.next().await {
                if job.cancelled() {
                    return Err("Export cancelled".into());
                }
                done += 1;
                job.progress.set(Some((done, need)));
                details.insert(m.id.clone(), d.map_or_else(|_| from_item(m), from_detail));
            }
            notes.push(format!(
                "updated_at is not available for {need} of these servers: this SARK server's detail answer does not include it."
            ));
        }
        let rows = joined
            .into_iter()
            .map(|r| match r {
                Ok(s) => s,
                Err(m) => details.remove(&m.id).unwrap_or_else(|| from_item(m)),
            })
            .collect();
        (rows, name)
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
    if !notes.is_empty() {
        job.toasts.info(notes.join(" "));
    }
    export::save(&name, fmt, &body)
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

    #[test]
    fn filtered_rows_take_every_column_from_the_full_export() {
        let item = |id: &str| ServerListItem {
            id: id.into(),
            name: format!("s{id}"),
            transport: Transport::Http,
            status: ServerStatus::Active,
            sensitivity_level: Sensitivity::Low,
            created_at: "t".into(),
            description: None,
        };
        let mut full = from_item(item("2"));
        full.endpoint = Some("https://e".into());
        full.updated_at = Some("u".into());
        let joined = join_full_rows(&[item("2"), item("9")], &[full.clone()]);
        assert_eq!(joined[0], Ok(full));
        assert_eq!(joined[1], Err(item("9")));
    }
}
