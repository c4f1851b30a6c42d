//! Servers list: server-side search and filters, sort, page size and cursor paging, all in the
//! URL; four distinct states (loading, error, empty registry, no match).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::time::Duration;

use crate::api::models::{Sensitivity, ServerListItem, ServerPage, ServerStatus};
use crate::api::servers::{self, ServerQuery};
use crate::api::{use_client, ApiError};
use crate::components::{ErrorPanel, PageHeader, SensitivityBadge, Skeleton, StatusBadge};
use crate::url_state::{self, PAGE_SIZES};

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

    view! {
        <PageHeader title="Servers" subtitle="Registered MCP servers">
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

        <Transition fallback=|| view! { <div class="card"><Skeleton lines=8/></div> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match page.await {
                    Ok(p) => view! {
                        <ResultTable page=p query=q extra=extra extra_cursor=extra_cursor
                            load_more=Callback::new(move |c: String| { load_more.dispatch(c); })
                            loading_more=load_more.pending() more_error=more_error
                            go_next=go_next go_first=go_first clear_filters=clear_filters/>
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
    go_first: Callback<()>,
    clear_filters: Callback<()>,
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

    view! {
        <div class="card overflow-hidden p-0">
            <div class="overflow-x-auto">
                <table class="w-full text-left text-sm">
                    <caption class="sr-only">"Servers"</caption>
                    <thead class="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-400">
                        <tr>
                            <th scope="col" class="px-4 py-2">"Name"</th>
                            <th scope="col" class="px-4 py-2">"Transport"</th>
                            <th scope="col" class="px-4 py-2">"Status"</th>
                            <th scope="col" class="px-4 py-2">"Sensitivity"</th>
                            <th scope="col" class="px-4 py-2">"Created"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100 dark:divide-slate-800" data-testid="server-rows">
                        {rows.into_iter().map(|s| view! { <Row s=s/> }).collect_view()}
                        <For each=move || extra.get() key=|s| s.id.clone() let:s>
                            <Row s=s/>
                        </For>
                    </tbody>
                </table>
            </div>
            <div class="flex flex-wrap items-center gap-3 border-t border-slate-200 px-4 py-3 text-sm dark:border-slate-800">
                <span class="text-slate-500 dark:text-slate-400" data-testid="count">{count_text}</span>
                <div class="ml-auto flex flex-wrap gap-2">
                    {on_later_page.then(|| view! { <button type="button" class="btn-secondary" on:click=move |_| go_first.run(())>"First page"</button> })}
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
fn Row(s: ServerListItem) -> impl IntoView {
    let href = format!("/servers/{}", s.id);
    view! {
        <tr class="hover:bg-slate-50 dark:hover:bg-slate-800/50">
            <td class="px-4 py-2">
                <A href=href attr:class="font-medium text-indigo-700 hover:underline dark:text-indigo-300">{s.name.clone()}</A>
                {s.description.clone().map(|d| view! { <p class="line-clamp-1 text-xs text-slate-500 dark:text-slate-400">{d}</p> })}
            </td>
            <td class="px-4 py-2">{s.transport.label()}</td>
            <td class="px-4 py-2"><StatusBadge status=s.status.clone()/></td>
            <td class="px-4 py-2"><SensitivityBadge level=s.sensitivity_level.clone()/></td>
            <td class="px-4 py-2 whitespace-nowrap text-slate-500 dark:text-slate-400" title=crate::time_fmt::display_seconds(&s.created_at)>{crate::time_fmt::display(&s.created_at)}</td>
        </tr>
    }
}
