//! Audit log `/audit`: events (tier D `/api/v1/audit/events`) with every filter in the URL,
//! server-side paging, live merging from the `audit/stream` channel (pause, "N new events"),
//! 30 s polling while the channel is not live, a windowed table for 10 000+ rows, a detail
//! dialog, export of the whole filtered range, and metrics charts (tier D `/audit/metrics`).
//! Without the list endpoint (SARK 2.0) the page says so and still shows the live panel.

pub mod filter;
mod metrics;

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::time::Duration;

use crate::api::models::{AuditEvent, AuditEventType, AuditPage, Decision, Severity, WsFrame};
use crate::api::{audit, ApiError};
use crate::components::dialog::Dialog;
use crate::components::export::{save, ExportMenu};
use crate::components::fields;
use crate::components::live::ConnectionIndicator;
use crate::components::table::Head;
use crate::components::text::JsonBlock;
use crate::components::{
    decision_class, sensitivity_class, Badge, ErrorPanel, NotProvided, PageHeader, Skeleton,
};
use crate::csv::ExportFormat;
use crate::dom::now_secs;
use crate::hooks::live_refetch::{use_live_refetch, Poll};
use crate::hooks::page::use_page;
use crate::hooks::url_text::{use_url_text, SEARCH_MAX};
use crate::ws::{use_live, Channel, ConnState};
use filter::{self as af, AuditFilter, CUSTOM, PAGE_SIZES, PERIODS};

const POLL: Duration = Duration::from_secs(30);
const EXPORT_PAGE: u32 = 1000;

#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading,
    Ready,
    Failed(ApiError),
}

/// A labelled `<select>` over `(value, label)` pairs.
#[component]
fn Pick(
    label: &'static str,
    id: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] value: Signal<String>,
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <div>
            <label class="label" for=id>{label}</label>
            <select id=id class="input mt-1" prop:value=value on:change=move |ev| on_pick.run(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </div>
    }
}

fn any_plus(first: &str, rest: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), first.to_owned()))
        .chain(rest)
        .collect()
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let (client, session, toasts) = use_page();
    let live = use_live();
    let navigate = use_navigate();
    let query_map = use_query_map();
    let filter = Memo::new(move |_| query_map.with(|m| AuditFilter::from_pairs(|k| m.get(k))));
    let absent = Memo::new(move |_| session.caps.with(|c| c.audit_events.is_absent()));
    let set_filter = Callback::new(move |f: AuditFilter| {
        navigate(
            &crate::routes::with_query("/audit", &f.to_pairs()),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    // Any filter change starts at the first page.
    let change = move |edit: &dyn Fn(&mut AuditFilter)| {
        let mut f = filter.get_untracked();
        edit(&mut f);
        f.offset = 0;
        set_filter.run(f);
    };

    let rows = RwSignal::new(Vec::<AuditEvent>::new());
    let total = RwSignal::new(None::<u64>);
    // Server rows fetched for the URL's page (plus newer events merged above them since).
    let fetched = RwSignal::new(0u64);
    let text_fallback = RwSignal::new(false);
    let pending = RwSignal::new(Vec::<AuditEvent>::new());
    let paused = RwSignal::new(false);
    let scroll_top = RwSignal::new(0i32);
    let view_h = RwSignal::new(640i32);
    let scroller = NodeRef::<html::Div>::new();

    // A newer event (live frame or poll): on top, unless paused or scrolled away.
    let incoming = move |mut ev: AuditEvent| {
        let f = filter.get_untracked();
        if ev.event_id.is_empty() {
            ev.event_id = format!("live-{}", crate::dom::now_ms() as u64);
        }
        if !absent.get_untracked() && (f.offset > 0 || !f.server_match(&ev, now_secs())) {
            return;
        }
        let known = |r: &Vec<AuditEvent>| r.iter().any(|x| x.event_id == ev.event_id);
        if rows.with_untracked(known) || pending.with_untracked(known) {
            return;
        }
        fetched.update(|n| *n += 1);
        if !f.severity_match(&ev) {
            return;
        }
        if paused.get_untracked() || scroll_top.get_untracked() > af::ROW_HEIGHT as i32 {
            pending.update(|p| p.insert(0, ev));
        } else if rows.try_update(|r| af::merge_top(r, ev)) == Some(true) {
            total.update(|t| *t = t.map(|t| t + 1));
        }
    };
    let flush = move || {
        let mut added = 0;
        let new = pending.try_update(std::mem::take).unwrap_or_default();
        rows.update(|r| {
            for ev in new.into_iter().rev() {
                added += u64::from(af::merge_top(r, ev));
            }
        });
        total.update(|t| *t = t.map(|t| t + added));
        if let Some(el) = scroller.get_untracked() {
            crate::dom::scroll_to_top(&el);
        }
        scroll_top.set(0);
    };

    // The URL's page; the answer carries the filter it was asked with, so a late answer for
    // an old filter is recognisable (the resource itself drops superseded loads).
    let page = LocalResource::new(move || {
        let f = filter.get();
        let skip = absent.get_untracked();
        async move {
            let r = if skip {
                None
            } else {
                Some(audit::events(client, &f.query(now_secs(), f.limit, f.offset)).await)
            };
            (f, r)
        }
    });
    let status = RwSignal::new(Load::Loading);
    // Applies an answer to the rows; called where the resource is read (inside the Transition
    // below: read elsewhere it would hold the app's top-level Suspense, a blank page).
    let apply = move |f: AuditFilter, r: Option<Result<AuditPage, ApiError>>| match r {
        None => {}
        Some(Ok(p)) => {
            // A server that ignores the text filters: filter here, hide the total.
            text_fallback.set(p.events.iter().any(|e| !f.text_match(e)));
            fetched.set(p.events.len() as u64);
            rows.set(
                p.events
                    .into_iter()
                    .filter(|e| f.text_match(e) && f.severity_match(e))
                    .collect(),
            );
            pending.set(Vec::new());
            total.set(Some(p.total));
            // A new page starts at its top.
            if let Some(el) = scroller.get_untracked() {
                crate::dom::scroll_to_top(&el);
            }
            scroll_top.set(0);
            status.set(Load::Ready);
        }
        Some(Err(e)) => status.set(Load::Failed(e)),
    };

    // "Load more": the next rows after those loaded, dropped if the filter changed meanwhile.
    let more = Action::new_local(move |_: &()| {
        let f = filter.get_untracked();
        let q = f.query(now_secs(), f.limit, f.offset + fetched.get_untracked());
        async move {
            let r = audit::events(client, &q).await;
            if filter.try_get_untracked().is_none_or(|now| now != f) {
                return;
            }
            match r {
                Ok(p) => {
                    let n = p.events.len() as u64;
                    let keep = p
                        .events
                        .into_iter()
                        .filter(|e| f.text_match(e) && f.severity_match(e))
                        .collect();
                    rows.update(|r| af::append_new(r, keep));
                    fetched.update(|x| *x += n);
                    total.set(Some(p.total));
                }
                Err(e) => toasts.error(e.message()),
            }
        }
    });
    let more_pending = more.pending();

    // Polling fallback and refetch after a reconnect: newer events of the first page.
    let poll = Action::new_local(move |_: &()| {
        let f = filter.get_untracked();
        let q = f.query(now_secs(), f.limit, 0);
        let skip = absent.get_untracked() || f.offset > 0 || status.get_untracked() != Load::Ready;
        async move {
            if skip {
                return;
            }
            if let Ok(p) = audit::events(client, &q).await {
                for ev in p.events.into_iter().rev() {
                    incoming(ev);
                }
            }
        }
    });
    let state = live.state(Channel::Audit);
    use_live_refetch(
        Channel::Audit,
        Poll::WhenNotLive(POLL),
        move || {
            poll.dispatch(());
        },
        Some(Box::new(move |frame: &WsFrame| {
            if let WsFrame::AuditEvent { event, .. } = frame {
                incoming((**event).clone());
            }
        })),
    );

    let detail = RwSignal::new(None::<AuditEvent>);
    let detail_open = RwSignal::new(false);
    let open = Callback::new(move |ev: AuditEvent| {
        detail.set(Some(ev));
        detail_open.set(true);
    });

    // Export of the whole filtered range, page by page.
    let progress = RwSignal::new(None::<(u64, u64)>);
    let cancel = RwSignal::new(false);
    let export_action = Action::new_local(move |fmt: &ExportFormat| {
        let fmt = *fmt;
        cancel.set(false);
        progress.set(Some((0, 0)));
        let f = filter.get_untracked();
        let now = now_secs();
        async move {
            let mut all = Vec::new();
            let mut offset = 0;
            loop {
                match cancel.try_get_untracked() {
                    None => return,
                    Some(true) => {
                        progress.set(None);
                        toasts.info("Export cancelled");
                        return;
                    }
                    Some(false) => {}
                }
                match audit::events(client, &f.query(now, EXPORT_PAGE, offset)).await {
                    Ok(p) => {
                        let n = p.events.len() as u64;
                        offset += n;
                        af::append_new(
                            &mut all,
                            p.events
                                .into_iter()
                                .filter(|e| f.text_match(e) && f.severity_match(e))
                                .collect(),
                        );
                        progress.set(Some((offset, p.total)));
                        if n == 0 || offset >= p.total {
                            break;
                        }
                    }
                    Err(e) => {
                        progress.set(None);
                        toasts.error(format!("Export failed: {}", e.message()));
                        return;
                    }
                }
            }
            let text = match fmt {
                ExportFormat::Csv => af::to_csv(&all),
                ExportFormat::Json => crate::csv::json_pretty(&all),
            };
            match save(&f.file_name(fmt.ext(), now_secs()), fmt, &text) {
                Ok(()) => toasts.success(format!("Exported {} events", all.len())),
                Err(e) => toasts.error(e),
            }
            progress.set(None);
        }
    });
    let export = Callback::new(move |fmt: ExportFormat| {
        if progress.get_untracked().is_none() {
            export_action.dispatch(fmt);
        }
    });

    // Text filters: typed locally, sent to the URL after a pause, capped.
    let text_filter = move |get: fn(&AuditFilter) -> &str, set: fn(&mut AuditFilter, String)| {
        use_url_text(
            move || filter.with(|f| get(f).to_owned()),
            move |t| {
                let t = t.trim().to_owned();
                if filter.with_untracked(|f| get(f) != t) {
                    change(&|f| set(f, t.clone()))
                }
            },
            SEARCH_MAX,
        )
    };
    let user_text = text_filter(|f| &f.user, |f, t| f.user = t);
    let server_text = text_filter(|f| &f.server, |f, t| f.server = t);

    let pick = move |edit: fn(&mut AuditFilter, String)| {
        Callback::new(move |v: String| change(&|f| edit(f, v.clone())))
    };
    let filters = move || {
        view! {
            <div class="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4" role="search" aria-label="Filter audit events">
                <Pick label="Time range" id="audit-period"
                    options=PERIODS.iter().map(|(k, l, _)| (k.to_string(), l.to_string())).chain([(CUSTOM.into(), "Custom range".into())]).collect()
                    value=Signal::derive(move || filter.with(|f| f.period.clone()))
                    on_pick=pick(|f, v| f.period = v)/>
                {move || (filter.with(|f| f.period == CUSTOM)).then(|| view! {
                    <div>
                        <label class="label" for="audit-from">"From (UTC)"</label>
                        <input id="audit-from" type="datetime-local" class="input mt-1" prop:value=move || filter.with(|f| f.from.clone())
                            on:change=move |ev| { let v = event_target_value(&ev); change(&|f| f.from = v.clone()) }/>
                    </div>
                    <div>
                        <label class="label" for="audit-to">"To (UTC)"</label>
                        <input id="audit-to" type="datetime-local" class="input mt-1" prop:value=move || filter.with(|f| f.to.clone())
                            on:change=move |ev| { let v = event_target_value(&ev); change(&|f| f.to = v.clone()) }/>
                    </div>
                })}
                <Pick label="Event type" id="audit-type"
                    options=any_plus("All types", AuditEventType::ALL.iter().map(|t| (t.as_str().to_owned(), t.label())))
                    value=Signal::derive(move || filter.with(|f| f.event_type.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default()))
                    on_pick=pick(|f, v| f.event_type = AuditEventType::parse_known(&v))/>
                <Pick label="Decision" id="audit-decision"
                    options=any_plus("Any decision", Decision::ALL.iter().map(|t| (t.as_str().to_owned(), t.label())))
                    value=Signal::derive(move || filter.with(|f| f.decision.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default()))
                    on_pick=pick(|f, v| f.decision = Decision::parse_known(&v))/>
                <Pick label="Severity" id="audit-severity"
                    options=any_plus("Any severity", Severity::ALL.iter().map(|t| (t.as_str().to_owned(), t.label())))
                    value=Signal::derive(move || filter.with(|f| f.severity.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default()))
                    on_pick=pick(|f, v| f.severity = Severity::parse_known(&v))/>
                <div>
                    <label class="label" for="audit-user">"User"</label>
                    <input id="audit-user" type="search" class="input mt-1" data-search="" placeholder="Filter by user email"
                        aria-describedby="audit-user-note"
                        prop:value=move || user_text.text.get() on:input=move |ev| user_text.input(event_target_value(&ev))/>
                    <p id="audit-user-note" class="mt-1 text-xs text-amber-800 dark:text-amber-200">{move || user_text.note.get()}</p>
                </div>
                <div>
                    <label class="label" for="audit-server">"Server"</label>
                    <input id="audit-server" type="search" class="input mt-1" placeholder="Filter by server name"
                        aria-describedby="audit-server-note"
                        prop:value=move || server_text.text.get() on:input=move |ev| server_text.input(event_target_value(&ev))/>
                    <p id="audit-server-note" class="mt-1 text-xs text-amber-800 dark:text-amber-200">{move || server_text.note.get()}</p>
                </div>
            </div>
        }
    };

    let win = Memo::new(move |_| af::window(scroll_top.get(), view_h.get(), rows.with(Vec::len)));
    let slice = move || {
        let (s, e) = win.get();
        rows.with(|r| r.get(s..e).map(<[_]>::to_vec).unwrap_or_default())
    };
    let table = move || {
        view! {
            <div class="card relative p-0">
                {move || (pending.with(|p| !p.is_empty())).then(|| view! {
                    <button type="button" class="absolute left-1/2 top-12 z-20 -translate-x-1/2 rounded-full bg-indigo-600 px-3 py-1 text-sm font-medium text-white shadow-lg hover:bg-indigo-500"
                        data-testid="new-events" on:click=move |_| { paused.set(false); flush(); }>
                        {move || format!("{} new events", pending.with(Vec::len))}
                    </button>
                })}
                <div node_ref=scroller class="max-h-[70vh] overflow-auto" tabindex="0" aria-label="Audit events" data-testid="audit-scroller"
                    on:scroll=move |ev| {
                        let (top, h) = crate::dom::scroll_of(&ev);
                        scroll_top.set(top);
                        if h > 0 { view_h.set(h); }
                        if top <= af::ROW_HEIGHT as i32 && !paused.get_untracked() && pending.with_untracked(|p| !p.is_empty()) { flush(); }
                    }>
                    <table class="w-full min-w-[64rem] table-fixed text-sm">
                        <caption class="sr-only">"Audit events, newest first"</caption>
                        <Head class="sticky top-0 z-10" cols=[("Time (UTC)", "w-48"), ("Event", "w-44"), ("User", ""),
                            ("Server", ""), ("Tool", ""), ("Decision", "w-24"), ("Severity", "w-24"), ("Reason", "")]/>
                        <tbody class="divide-y divide-slate-100 dark:divide-slate-800" data-testid="audit-rows">
                            <tr aria-hidden="true" style:height=move || af::spacer(win.get().0)></tr>
                            <For each=slice key=|e| e.event_id.clone() let:ev>
                                <Row ev=ev open=open/>
                            </For>
                            <tr aria-hidden="true" style:height=move || af::spacer(rows.with(Vec::len) - win.get().1)></tr>
                        </tbody>
                    </table>
                </div>
            </div>
        }
    };

    let footer = move || {
        let f = filter.get();
        let n = rows.with(Vec::len) as u64;
        let t = total
            .get()
            .filter(|_| !text_fallback.get() && f.severity.is_none());
        let text = match (n, t) {
            (0, _) => "No events".to_string(),
            (n, Some(t)) => format!("Showing {}–{} of {t}", f.offset + 1, f.offset + n),
            (n, None) => format!("{n} shown"),
        };
        let has_more = total.get().is_some_and(|t| f.offset + fetched.get() < t);
        let limit = u64::from(f.limit);
        view! {
            <div class="mt-3 flex flex-wrap items-center gap-3 text-sm">
                <span data-testid="audit-count" class="text-slate-600 dark:text-slate-300">{text}</span>
                {(text_fallback.get() || f.severity.is_some()).then(|| view! {
                    <span class="text-xs text-muted">"Some filters are applied in the browser, so the total is not known."</span>
                })}
                <div class="ml-auto flex flex-wrap items-center gap-2">
                    <label class="flex items-center gap-2">"Page size"
                        <select class="input w-auto" prop:value=f.limit.to_string() on:change=move |ev| {
                            let v = event_target_value(&ev).parse().unwrap_or(af::DEFAULT_LIMIT);
                            change(&|f| f.limit = v)
                        }>
                            {PAGE_SIZES.iter().map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="button" class="btn-secondary" disabled=f.offset == 0
                        on:click=move |_| { let mut f = filter.get_untracked(); f.offset = f.offset.saturating_sub(limit); set_filter.run(f); }>"Previous page"</button>
                    <button type="button" class="btn-secondary" disabled=!has_more
                        on:click=move |_| { let mut f = filter.get_untracked(); f.offset += limit; set_filter.run(f); }>"Next page"</button>
                    <button type="button" class="btn-secondary" disabled=move || !has_more || more_pending.get() on:click=move |_| { more.dispatch(()); }>
                        {move || if more_pending.get() { "Loading…" } else { "Load more" }}
                    </button>
                </div>
            </div>
        }
    };

    // Only emptiness, not every new row, may swap the table for another view.
    let empty = Memo::new(move |_| rows.with(Vec::is_empty) && pending.with(Vec::is_empty));
    let main = move || {
        if absent.get() {
            return view! {
                <NotProvided feature="Audit log"/>
                <h2 class="mb-2 mt-6 text-lg font-semibold">"Live events"</h2>
                <p class="mb-3 text-sm text-muted">"Events pushed over the audit stream since this page opened. Older events cannot be listed on this server."</p>
                {table()}
            }
            .into_any();
        }
        match status.get() {
            Load::Failed(e) => {
                let f = filter.get_untracked();
                let what = if f.narrowed() || f.offset > 0 {
                    format!("the audit log ({})", f.describe())
                } else {
                    "the audit log".to_owned()
                };
                view! {
                    <ErrorPanel error=e what=what on_retry=move |_| page.refetch()>
                        {(f.offset > 0).then(|| view! {
                            <button type="button" class="btn-secondary" on:click=move |_| change(&|f| f.offset = 0)>"First page"</button>
                        })}
                        {f.narrowed().then(|| view! {
                            <button type="button" class="btn-secondary" on:click=move |_| set_filter.run(AuditFilter::default())>"Clear filters"</button>
                        })}
                    </ErrorPanel>
                }.into_any()
            }
            Load::Loading if empty.get() => view! { <div class="card"><Skeleton lines=8/></div> }.into_any(),
            _ if empty.get() => view! {
                <div class="card text-center" data-testid="audit-empty">
                    <p class="font-medium">"No audit events match these filters."</p>
                    {filter.with(|f| f.narrowed()).then(|| view! {
                        <button type="button" class="btn-secondary mt-3" on:click=move |_| set_filter.run(AuditFilter::default())>"Clear filters"</button>
                    })}
                </div>
            }.into_any(),
            _ => view! { {table()} {footer} }.into_any(),
        }
    };

    view! {
        <PageHeader title="Audit log" subtitle="Who did what, and what the policy engine decided">
            <ConnectionIndicator channel=Channel::Audit/>
            <button type="button" class="btn-secondary" aria-pressed=move || paused.get().to_string()
                on:click=move |_| { let p = !paused.get_untracked(); paused.set(p); if !p { flush(); } }>
                {move || if paused.get() { "Resume live updates" } else { "Pause live updates" }}
            </button>
            {move || (!absent.get()).then(|| view! {
                <ExportMenu on_export=export busy=Signal::derive(move || progress.get().is_some())/>
            })}
        </PageHeader>
        {move || progress.get().map(|(done, all)| view! {
            <div role="status" class="card mb-4 flex flex-wrap items-center gap-3" data-testid="export-progress">
                <span>{if all == 0 { "Preparing the export…".to_string() } else { format!("Exporting… {} of {all} events", done.min(all)) }}</span>
                <progress class="w-48" max=all.max(1).to_string() value=done.to_string()></progress>
                <button type="button" class="btn-secondary" on:click=move |_| cancel.set(true)>"Cancel export"</button>
            </div>
        })}
        {move || (state.get() != ConnState::Live && !absent.get()).then(|| view! {
            <p class="mb-2 text-xs text-muted">"Not live yet: the list refreshes every 30 s while this tab is visible."</p>
        })}
        {move || (!absent.get()).then(|| view! {
            {filters()}
            <metrics::MetricsPanel period=Signal::derive(move || filter.with(|f| f.period.clone()))/>
        })}
        {move || if absent.get() {
            main().into_any()
        } else {
            view! {
                <Transition fallback=|| view! { <div class="card"><Skeleton lines=8/></div> }>
                    {move || Suspend::new(async move {
                        let (f, r) = page.await;
                        apply(f, r);
                        main
                    })}
                </Transition>
            }.into_any()
        }}
        <Dialog open=detail_open title="Audit event">
            {move || detail.get().map(|e| view! { <EventDetail e=e/> })}
        </Dialog>
    }
}

#[component]
fn Row(ev: AuditEvent, open: Callback<AuditEvent>) -> impl IntoView {
    let na = |v: &Option<String>| v.clone().unwrap_or_else(|| "N/A".into());
    let cell = "truncate px-3 [unicode-bidi:isolate]";
    let e2 = ev.clone();
    view! {
        <tr class="h-10 hover:bg-slate-50 dark:hover:bg-slate-800/50">
            <td class=cell>
                <button type="button" class="text-left font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300"
                    title="Show every field" on:click=move |_| open.run(e2.clone())>
                    {crate::time_fmt::display_seconds(&ev.timestamp).trim_end_matches(" UTC").to_string()}
                </button>
            </td>
            <td class=cell>{ev.event_type.label()}</td>
            <td class=cell title=na(&ev.user_email)>{na(&ev.user_email)}</td>
            <td class=cell>{na(&ev.server_name)}</td>
            <td class=cell>{na(&ev.tool_name)}</td>
            <td class=cell>{ev.decision.as_ref().map_or_else(|| "–".into_any(), |d| view! { <Badge text=d.label() class=decision_class(d)/> }.into_any())}</td>
            <td class=cell>{ev.severity.as_ref().map_or_else(|| "–".into_any(), |s| view! { <Badge text=s.label() class=sensitivity_class(s)/> }.into_any())}</td>
            <td class=cell title=ev.reason.clone().unwrap_or_default()>{ev.reason.clone().unwrap_or_else(|| "–".into())}</td>
        </tr>
    }
}

#[component]
fn EventDetail(e: AuditEvent) -> impl IntoView {
    let label =
        |l: &str| view! { <dt class="mt-3 text-sm font-medium text-muted">{l.to_string()}</dt> };
    view! {
        // The dialog itself scrolls (its close button keeps it reachable from the keyboard).
        <dl class="min-w-0" data-testid="event-detail">
            {fields(vec![
                ("Event ID", Some(e.event_id)),
                ("Type", Some(format!("{} ({})", e.event_type.label(), e.event_type.as_str()))),
                ("Time", Some(crate::time_fmt::display_seconds(&e.timestamp))),
                ("Severity", e.severity.map(|s| s.label())),
                ("Decision", e.decision.map(|d| d.label())),
                ("Reason", e.reason),
                ("User", e.user_email),
                ("User ID", e.user_id),
                ("Server", e.server_name),
                ("Server ID", e.server_id),
                ("Tool", e.tool_name),
                ("Duration", e.duration_ms.map(|d| format!("{} ms", crate::time_fmt::one_decimal(d)))),
            ])}
            {label("Parameters")}
            <dd><JsonBlock value=e.parameters/></dd>
            {label("Details")}
            <dd>{e.details.map_or_else(|| "–".into_any(), |d| view! { <JsonBlock value=d/> }.into_any())}</dd>
        </dl>
    }
}
