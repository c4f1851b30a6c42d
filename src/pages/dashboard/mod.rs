//! Dashboard: fleet summary cards from `/api/v1/metrics/summary` and dependency health from
//! `/health/detailed`, each with a skeleton while loading and a retry on error.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::health::{dependency_view, DependencyView};
use crate::api::models::{DetailedHealth, MetricsSummary};
use crate::api::{health, metrics, use_client};
use crate::components::{ErrorPanel, PageHeader, Skeleton};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let client = use_client();
    let summary = LocalResource::new(move || metrics::summary(client));
    let health = LocalResource::new(move || health::detailed(client));

    view! {
        <PageHeader title="Dashboard" subtitle="Your MCP server fleet at a glance">
            <A href="/servers/register" attr:class="btn-primary">"Register server"</A>
        </PageHeader>
        <section aria-labelledby="fleet-heading">
            <h2 id="fleet-heading" class="sr-only">"Fleet summary"</h2>
            <Transition fallback=|| view! { <CardsSkeleton/> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(s) => view! { <SummaryCards s=s/> }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e what="the fleet summary" on_retry=move |_| summary.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section aria-labelledby="health-heading" class="mt-8">
            <h2 id="health-heading" class="mb-3 text-lg font-semibold">"System health"</h2>
            <Transition fallback=|| view! { <div class="card"><Skeleton lines=3/></div> }>
                {move || Suspend::new(async move {
                    match health.await {
                        Ok(h) => view! { <HealthPanel h=h/> }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e what="system health" on_retry=move |_| health.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CardsSkeleton() -> impl IntoView {
    view! {
        <div class="grid grid-cols-2 gap-4 lg:grid-cols-3 xl:grid-cols-6">
            {(0..6).map(|_| view! { <div class="card"><Skeleton lines=2 height="h-5"/></div> }).collect_view()}
        </div>
    }
}

#[component]
fn SummaryCards(s: MetricsSummary) -> impl IntoView {
    let avg = crate::time_fmt::one_decimal(s.average_tools_per_server);
    let cards = vec![
        (
            "Total servers",
            s.total_servers.to_string(),
            "total-servers",
            "text-slate-900 dark:text-slate-100",
        ),
        (
            "Active",
            s.active_servers.to_string(),
            "active-servers",
            "text-green-700 dark:text-green-400",
        ),
        (
            "Inactive",
            s.inactive_servers.to_string(),
            "inactive-servers",
            "text-slate-600 dark:text-slate-300",
        ),
        (
            "Unhealthy",
            s.unhealthy_servers.to_string(),
            "unhealthy-servers",
            "text-red-700 dark:text-red-400",
        ),
        (
            "Tools",
            s.total_tools.to_string(),
            "total-tools",
            "text-slate-900 dark:text-slate-100",
        ),
        (
            "Avg. tools per server",
            avg,
            "avg-tools",
            "text-slate-900 dark:text-slate-100",
        ),
    ];
    view! {
        <div class="grid grid-cols-2 gap-4 lg:grid-cols-3 xl:grid-cols-6">
            {cards.into_iter().map(|(label, value, id, tone)| view! {
                <div class="card" data-testid=id>
                    <p class="text-sm text-slate-500 dark:text-slate-400">{label}</p>
                    <p class=format!("mt-1 text-3xl font-semibold tabular-nums {tone}") data-value="">{value}</p>
                </div>
            }).collect_view()}
        </div>
    }
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
                <span class="text-slate-500 dark:text-slate-400">{format!(" · SARK {} · {}", h.version, h.environment)}</span>
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
                            <span class="tabular-nums text-slate-500">{latency}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
