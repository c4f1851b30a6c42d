//! Dashboard: fleet summary cards (live from `metrics/live`, polled every 30 s while the tab is
//! visible and the channel is not live), charts of servers by status, sensitivity and transport,
//! tool sensitivity, a time series, dependency health and recent audit activity.

use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::BTreeMap;

use crate::api::audit::AuditQuery;
use crate::api::health::{dependency_view, DependencyView};
use crate::api::models::{AuditPage, DetailedHealth, MetricsSummary, ToolStatistics, WsFrame};
use crate::api::{audit, health, metrics, tools, use_client, ApiError, Client};
use crate::components::charts::{Bar, BarChart, LineChart};
use crate::components::live::{ConnectionIndicator, StaleNote};
use crate::components::{ErrorPanel, PageHeader, Skeleton};
use crate::hooks::freshness::Freshness;
use crate::hooks::live_refetch::{use_live_refetch, Poll};
use crate::session::use_session;
use crate::ws::Channel;

/// Polling period of the summary (while the channel is not live) and of health (always).
const POLL: std::time::Duration = std::time::Duration::from_secs(30);

const STATUS_FILL: [&str; 4] = [
    "fill-green-500",
    "fill-slate-400",
    "fill-red-500",
    "fill-blue-400 dark:fill-blue-300",
];
const LEVELS: [(&str, &str, &str); 4] = [
    ("low", "Low", "fill-green-500"),
    ("medium", "Medium", "fill-yellow-400"),
    ("high", "High", "fill-orange-500"),
    ("critical", "Critical", "fill-red-600"),
];
const TRANSPORTS: [(&str, &str, &str); 3] = [
    ("http", "HTTP", "fill-indigo-500"),
    ("stdio", "stdio", "fill-indigo-500"),
    ("sse", "SSE", "fill-indigo-500"),
];
pub const METRICS: [(&str, &str); 4] = [
    ("server_count", "Servers"),
    ("active_servers", "Active servers"),
    ("tool_count", "Tools"),
    ("health_checks", "Healthy servers (%)"),
];
pub const RANGES: [&str; 5] = ["1h", "6h", "24h", "7d", "30d"];

/// Servers by status from the summary's counters; `registered` and `decommissioned` have no
/// counter of their own and share the remainder.
pub fn status_bars(s: &MetricsSummary) -> Vec<Bar> {
    let known = s.active_servers + s.inactive_servers + s.unhealthy_servers;
    [
        ("Active", s.active_servers),
        ("Inactive", s.inactive_servers),
        ("Unhealthy", s.unhealthy_servers),
        (
            "Other (registered/decommissioned)",
            s.total_servers.saturating_sub(known),
        ),
    ]
    .into_iter()
    .zip(STATUS_FILL)
    .map(|((label, v), fill)| Bar {
        label: label.into(),
        value: v as f64,
        fill,
    })
    .collect()
}

/// One bar per known key, zero where the server omitted the bucket, then any unknown keys.
pub fn map_bars(m: &BTreeMap<String, u64>, keys: &[(&str, &str, &'static str)]) -> Vec<Bar> {
    let mut out: Vec<Bar> = keys
        .iter()
        .map(|(k, label, fill)| Bar {
            label: (*label).into(),
            value: m.get(*k).copied().unwrap_or(0) as f64,
            fill,
        })
        .collect();
    out.extend(
        m.iter()
            .filter(|(k, _)| !keys.iter().any(|(x, _, _)| x == k))
            .map(|(k, v)| Bar {
                label: k.clone(),
                value: *v as f64,
                fill: "fill-slate-400",
            }),
    );
    out
}

pub fn tool_bars(t: &ToolStatistics) -> Vec<Bar> {
    let c = &t.by_sensitivity;
    let m: BTreeMap<String, u64> = [
        ("low", c.low),
        ("medium", c.medium),
        ("high", c.high),
        ("critical", c.critical),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    map_bars(&m, &LEVELS)
}

/// The interval to use for `range`: the chosen one when it fits the point budget, else the
/// first that does.
pub fn fit_interval(range: &str, chosen: &str) -> &'static str {
    let ok = metrics::intervals_for(range);
    ok.iter()
        .find(|i| **i == chosen)
        .or(ok.first())
        .copied()
        .unwrap_or("1h")
}

type Overview = (
    Result<MetricsSummary, ApiError>,
    Result<ToolStatistics, ApiError>,
);

/// Health and the latest audit events (`None` when the audit log is not served).
type Extra = (
    Result<DetailedHealth, ApiError>,
    Option<Result<AuditPage, ApiError>>,
);

type Card = (
    &'static str,
    &'static str,
    &'static str,
    fn(&MetricsSummary) -> String,
);

const CARDS: [Card; 6] = [
    ("Total servers", "total-servers", "", |s| {
        s.total_servers.to_string()
    }),
    (
        "Active",
        "active-servers",
        "text-green-700 dark:text-green-400",
        |s| s.active_servers.to_string(),
    ),
    (
        "Inactive",
        "inactive-servers",
        "text-slate-600 dark:text-slate-300",
        |s| s.inactive_servers.to_string(),
    ),
    (
        "Unhealthy",
        "unhealthy-servers",
        "text-red-700 dark:text-red-400",
        |s| s.unhealthy_servers.to_string(),
    ),
    ("Tools", "total-tools", "", |s| s.total_tools.to_string()),
    ("Avg. tools per server", "avg-tools", "", |s| {
        crate::time_fmt::one_decimal(s.average_tools_per_server)
    }),
];

/// The recent-activity list: the ten newest audit events (also started by the route).
pub fn recent_events_query() -> AuditQuery {
    AuditQuery {
        limit: 10,
        ..Default::default()
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    // Latches on: the capability reset at sign-out must not refetch (without a token) here.
    let audit_on = Memo::new(move |prev: Option<&bool>| {
        prev.copied().unwrap_or(false) || session.caps.with(|c| c.audit_events.is_present())
    });
    // One resource for everything but the time series: fewer moving parts, less wasm.
    let data = LocalResource::new(move || async move {
        futures::join!(metrics::summary(client), tools::statistics(client)) as Overview
    });
    // The last good answers stay on screen through an outage, marked stale.
    let last = RwSignal::new(None::<(MetricsSummary, Option<ToolStatistics>)>);
    let fresh = Freshness::new();

    // The latest `metrics_update` overrides the summary's counters until the next poll.
    let overlay = RwSignal::new(None::<crate::api::models::LiveMetrics>);
    let reload = move || {
        overlay.set(None);
        data.refetch();
    };
    // Polled while the channel is not live, and while the last refresh failed (frames update
    // the counters, not the distributions, so they do not make stale data fresh).
    let state = crate::ws::use_live().state(Channel::Metrics);
    use_live_refetch(
        Channel::Metrics,
        Poll::Always(POLL),
        move || {
            if state.get_untracked() != crate::ws::ConnState::Live || fresh.failed.get_untracked() {
                reload();
            }
        },
        Some(Box::new(move |f: &WsFrame| {
            if let WsFrame::MetricsUpdate { metrics, .. } = f {
                overlay.set(Some(metrics.clone()));
            }
        })),
    );

    let sum = Memo::new(move |_| {
        let mut s = last.with(|l| l.as_ref().map(|l| l.0.clone()))?;
        if let Some(l) = overlay.get() {
            s.total_servers = l.total_servers;
            s.active_servers = l.active_servers;
            s.inactive_servers = l.inactive_servers;
            s.unhealthy_servers = l.unhealthy_servers;
            s.total_tools = l.total_tools;
            s.average_tools_per_server = if l.total_servers == 0 {
                0.0
            } else {
                l.total_tools as f64 / l.total_servers as f64
            };
        }
        Some(s)
    });
    let tool_bars_sig =
        Memo::new(move |_| last.with(|l| l.as_ref().and_then(|l| l.1.as_ref()).map(tool_bars)));

    view! {
        <PageHeader title="Dashboard" subtitle="Your MCP server fleet at a glance">
            <ConnectionIndicator channel=Channel::Metrics/>
            <A href="/servers/register" attr:class="btn-primary">"Register server"</A>
        </PageHeader>
        <section aria-labelledby="fleet-heading">
            <h2 id="fleet-heading" class="sr-only">"Fleet summary"</h2>
            <StaleNote fresh=fresh/>
            // The resource is read only inside this Transition: read anywhere else it would hold
            // the app's top-level Suspense (a blank page while the API is slow).
            <Transition fallback=|| view! {
                <div class="grid grid-cols-2 gap-4 lg:grid-cols-3 xl:grid-cols-6">
                    {(0..6).map(|_| view! { <div class="card"><Skeleton lines=2 height="h-5"/></div> }).collect_view()}
                </div>
            }>
                {move || Suspend::new(async move {
                    let (s, t) = data.await;
                    fresh.record(s.is_ok(), crate::dom::now_secs());
                    match s {
                        Ok(s) => last.set(Some((s, t.ok()))),
                        // Nothing to keep showing: say what failed.
                        Err(e) if last.with_untracked(Option::is_none) => {
                            return view! { <ErrorPanel error=e what="the fleet summary" on_retry=move |_| data.refetch()/> }.into_any();
                        }
                        Err(_) => {}
                    }
                    view! {
                        <div class="grid grid-cols-2 gap-4 lg:grid-cols-3 xl:grid-cols-6">
                            {CARDS.iter().map(|(label, id, tone, get)| view! {
                                <div class="card" data-testid=*id>
                                    <p class="text-sm text-muted">{*label}</p>
                                    <p class=format!("mt-1 text-3xl font-semibold tabular-nums {tone}") data-value="">{move || sum.with(|s| s.as_ref().map(get).unwrap_or_default())}</p>
                                </div>
                            }).collect_view()}
                        </div>
                    }.into_any()
                })}
            </Transition>
        </section>
        // Charts are below the fold: their code is a split point fetched after the cards paint,
        // which keeps it out of the first-load wasm.
        // A Transition, not a Suspense: refetches below keep the sections on screen.
        <Transition fallback=|| view! { <div class="mt-8 card"><Skeleton lines=6/></div> }>
            {move || Suspend::new(async move { charts_section(client, sum, tool_bars_sig, audit_on).await })}
        </Transition>
    }
}

/// The distribution charts and the time series. A split point in the `shell` group (app.rs):
/// already loaded with the dashboard, kept a function so the cards render first.
#[leptos::wasm_split::wasm_split(shell, wasm_split_path = ::leptos::wasm_split)]
fn charts_section(
    client: Client,
    sum: Memo<Option<MetricsSummary>>,
    tool_bars: Memo<Option<Vec<Bar>>>,
    audit_on: Memo<bool>,
) -> AnyView {
    let extra = LocalResource::new(move || {
        let on = audit_on.get();
        let q = recent_events_query();
        async move {
            let recent = async move {
                if on {
                    Some(audit::events(client, &q).await)
                } else {
                    None
                }
            };
            futures::join!(health::detailed(client), recent) as Extra
        }
    });
    // Health is pushed by no channel: every 30 s while visible, and after a reconnect.
    use_live_refetch(
        Channel::Metrics,
        Poll::Always(POLL),
        move || extra.refetch(),
        None,
    );
    // The last good answer stays on screen through a failed refresh, marked stale.
    let last_health = RwSignal::new(None::<DetailedHealth>);
    let health_fresh = Freshness::new();
    // Unknown data gets a placeholder, never empty 0–1 axes.
    let bars = move |f: fn(&MetricsSummary) -> Vec<Bar>| -> Signal<Option<Vec<Bar>>> {
        Signal::derive(move || sum.with(|s| s.as_ref().map(f)))
    };
    let chart = move |title: &'static str,
                      unit: &'static str,
                      id: &'static str,
                      bars: Signal<Option<Vec<Bar>>>| {
        view! {
            <Show when=move || bars.with(Option::is_some)
                fallback=move || view! {
                    <div class="card" data-testid=format!("{id}-unknown")>
                        <p class="font-medium">{title}</p>
                        <p class="mt-2 text-sm text-muted">"No data yet: the fleet summary has not loaded."</p>
                    </div>
                }>
                <BarChart title=title unit=unit id=id bars=Signal::derive(move || bars.get().unwrap_or_default())/>
            </Show>
        }
    };
    // Time series: metric × range × interval, only combinations within the point budget.
    let metric = RwSignal::new("server_count");
    let range = RwSignal::new("24h");
    let chosen = RwSignal::new("1h");
    let interval = Memo::new(move |_| fit_interval(range.get(), chosen.get()));
    let series = LocalResource::new(move || {
        let (m, r, i) = (metric.get(), range.get(), interval.get());
        async move { metrics::timeseries(client, m, r, i).await }
    });
    let y_label = Signal::derive(move || {
        let m = metric.get();
        METRICS
            .iter()
            .find(|x| x.0 == m)
            .map_or(m, |x| x.1)
            .to_string()
    });
    let select = |label: &'static str,
                  value: Signal<&'static str>,
                  opts: Signal<Vec<(&'static str, &'static str)>>,
                  set: RwSignal<&'static str>| {
        view! {
            <label class="text-sm">
                <span class="label">{label}</span>
                <select class="input mt-1" prop:value=move || value.get() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((k, _)) = opts.get_untracked().into_iter().find(|(k, _)| *k == v) { set.set(k); }
                }>
                    {move || opts.get().into_iter().map(|(k, l)| view! { <option value=k selected=move || value.get() == k>{l}</option> }).collect_view()}
                </select>
            </label>
        }
    };

    view! {
        <section aria-labelledby="charts-heading" class="mt-8">
            <h2 id="charts-heading" class="mb-3 text-lg font-semibold">"Distribution"</h2>
            <div class="grid gap-4 md:grid-cols-2">
                {chart("Servers by status", "Servers", "chart-status", bars(status_bars))}
                {chart("Servers by sensitivity", "Servers", "chart-sensitivity", bars(|s| map_bars(&s.servers_by_sensitivity, &LEVELS)))}
                {chart("Servers by transport", "Servers", "chart-transport", bars(|s| map_bars(&s.servers_by_transport, &TRANSPORTS)))}
                {chart("Tools by sensitivity", "Tools", "chart-tools", tool_bars.into())}
            </div>
        </section>
        <section aria-labelledby="series-heading" class="mt-8">
            <h2 id="series-heading" class="mb-3 text-lg font-semibold">"Over time"</h2>
            <div class="mb-3 flex flex-wrap gap-3">
                {select("Metric", metric.into(), Signal::stored(METRICS.to_vec()), metric)}
                {select("Range", range.into(), Signal::stored(RANGES.iter().map(|r| (*r, *r)).collect()), range)}
                {select("Interval", interval.into(), Signal::derive(move || metrics::intervals_for(range.get()).into_iter().map(|i| (i, i)).collect()), chosen)}
            </div>
            <Transition fallback=|| view! { <div class="card"><Skeleton lines=4/></div> }>
                {move || Suspend::new(async move {
                    match series.await {
                        Ok(ts) => {
                            let caveat = ts.is_placeholder();
                            let points: Vec<(i64, f64)> = ts.data_points.iter()
                                .filter_map(|p| Some((crate::time_fmt::parse_unix(&p.timestamp)?, p.value)))
                                .collect();
                            view! {
                                {caveat.then(|| view! {
                                    <p role="note" class="mb-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100" data-testid="placeholder-caveat">
                                        "Placeholder values reported by the server: this SARK does not record history yet."
                                    </p>
                                })}
                                <LineChart title=format!("{} over the last {}", y_label.get_untracked(), range.get_untracked()) id="chart-series" points=points y_label=y_label/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorPanel error=e what="the time series" on_retry=move |_| series.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <div class="mt-8 grid gap-6 lg:grid-cols-2">
            <section aria-labelledby="health-heading">
                <h2 id="health-heading" class="mb-3 text-lg font-semibold">"System health"</h2>
                <StaleNote fresh=health_fresh/>
                <Transition fallback=|| view! { <div class="card"><Skeleton lines=3/></div> }>
                    {move || Suspend::new(async move {
                        match extra.await.0 {
                            Ok(h) => {
                                health_fresh.record(true, crate::dom::now_secs());
                                last_health.set(Some(h));
                            }
                            Err(e) => {
                                health_fresh.record(false, crate::dom::now_secs());
                                if last_health.with_untracked(Option::is_none) {
                                    return view! { <ErrorPanel error=e what="system health" on_retry=move |_| extra.refetch()/> }.into_any();
                                }
                            }
                        }
                        view! { {move || last_health.get().map(|h| view! { <HealthPanel h=h/> })} }.into_any()
                    })}
                </Transition>
            </section>
            <Show when=move || audit_on.get()>
                <section aria-labelledby="audit-heading">
                    <h2 id="audit-heading" class="mb-3 text-lg font-semibold">"Recent activity"</h2>
                        {move || {
                            match extra.get().and_then(|d| d.1) {
                                Some(Ok(p)) if p.events.is_empty() => view! { <p class="card text-sm text-muted">"No audit events yet."</p> }.into_any(),
                                Some(Ok(p)) => view! {
                                    <ul class="card divide-y divide-slate-100 p-0 dark:divide-slate-800" data-testid="recent-activity">
                                        {p.events.into_iter().map(|e| {
                                            let now = crate::dom::now_secs();
                                            // Each server-supplied part isolated for bidi.
                                            let who = [e.user_email, e.server_name, e.tool_name].into_iter().flatten().enumerate()
                                                .map(|(i, w)| view! { {(i > 0).then_some(" · ")}<bdi>{w}</bdi> }).collect_view();
                                            view! {
                                                <li class="flex flex-wrap items-baseline gap-x-3 px-4 py-2 text-sm">
                                                    <span class="font-medium">{e.event_type.label()}</span>
                                                    <span class="text-slate-600 dark:text-slate-300">{who}</span>
                                                    {e.decision.map(|d| view! { <crate::components::Badge text=d.label() class=crate::components::decision_class(&d)/> })}
                                                    <span class="ml-auto text-xs text-muted" title=crate::time_fmt::display_seconds(&e.timestamp)>{crate::time_fmt::relative(&e.timestamp, now)}</span>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any(),
                                Some(Err(e)) => view! { <ErrorPanel error=e what="recent activity"/> }.into_any(),
                                None => view! { <div class="card"><Skeleton lines=5/></div> }.into_any(),
                            }
                        }}
                </section>
            </Show>
        </div>
    }
    .into_any()
}

#[component]
fn HealthPanel(h: DetailedHealth) -> impl IntoView {
    let overall = if h.overall_healthy {
        ("All systems healthy", "text-green-700 dark:text-green-400")
    } else {
        ("Degraded", "text-amber-700 dark:text-amber-400")
    };
    view! {
        <div class="card">
            <p class="text-sm">
                <span class=format!("font-semibold {}", overall.1) data-testid="overall-health">{overall.0}</span>
                <span class="text-muted">{format!(" · SARK {} · {}", h.version, h.environment)}</span>
            </p>
            <ul class="mt-3 divide-y divide-slate-100 dark:divide-slate-800">
                {h.dependencies.into_iter().map(|(name, dep)| {
                    let view_state = dependency_view(&name, &dep);
                    let (dot, text, tone) = match &view_state {
                        DependencyView::Healthy => ("bg-green-500", "Healthy".to_string(), "text-green-700 dark:text-green-400"),
                        DependencyView::Unknown(t) => ("bg-amber-500", t.clone(), "text-amber-700 dark:text-amber-400"),
                        DependencyView::Unhealthy(t) => ("bg-red-500", t.clone(), "text-red-700 dark:text-red-400"),
                    };
                    let latency = dep.latency_ms.map(|l| format!("{} ms", crate::time_fmt::one_decimal(l))).unwrap_or_default();
                    view! {
                        <li class="flex items-center gap-3 py-2 text-sm" data-testid=format!("dep-{name}")>
                            <span class=format!("h-2.5 w-2.5 shrink-0 rounded-full {dot}") aria-hidden="true"></span>
                            <span class="w-28 font-medium">{name.clone()}</span>
                            <span class=format!("flex-1 {tone}")>{text}</span>
                            <span class="tabular-nums text-muted">{latency}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_bars_put_the_remainder_in_other() {
        let s = MetricsSummary {
            total_servers: 10,
            active_servers: 4,
            inactive_servers: 2,
            unhealthy_servers: 1,
            ..Default::default()
        };
        let v: Vec<(String, f64)> = status_bars(&s)
            .into_iter()
            .map(|b| (b.label, b.value))
            .collect();
        assert_eq!(v[0], ("Active".into(), 4.0));
        assert_eq!(v[3], ("Other (registered/decommissioned)".into(), 3.0));
        // Inconsistent counters never underflow.
        let s = MetricsSummary {
            total_servers: 1,
            active_servers: 4,
            ..Default::default()
        };
        assert_eq!(status_bars(&s)[3].value, 0.0);
    }

    #[test]
    fn map_bars_fill_zero_buckets_and_keep_unknown_keys() {
        let m: BTreeMap<String, u64> = [("sse".to_string(), 2), ("grpc".to_string(), 1)].into();
        let v: Vec<(String, f64)> = map_bars(&m, &TRANSPORTS)
            .into_iter()
            .map(|b| (b.label, b.value))
            .collect();
        assert_eq!(
            v,
            vec![
                ("HTTP".into(), 0.0),
                ("stdio".into(), 0.0),
                ("SSE".into(), 2.0),
                ("grpc".into(), 1.0)
            ]
        );
    }

    #[test]
    fn tool_bars_in_level_order() {
        let t = ToolStatistics {
            total_tools: 6,
            by_sensitivity: crate::api::models::SensitivityCounts {
                low: 1,
                medium: 2,
                high: 0,
                critical: 3,
            },
            overridden_count: 0,
        };
        let v: Vec<f64> = tool_bars(&t).iter().map(|b| b.value).collect();
        assert_eq!(v, [1.0, 2.0, 0.0, 3.0]);
    }

    #[test]
    fn intervals_stay_within_the_point_budget() {
        assert_eq!(fit_interval("24h", "1h"), "1h");
        assert_eq!(fit_interval("30d", "5m"), "6h");
        assert_eq!(fit_interval("1h", "1d"), "5m");
        assert_eq!(fit_interval("bogus", "1h"), "1h");
    }
}
