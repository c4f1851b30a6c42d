//! Audit metrics (tier D `/api/v1/audit/metrics`): counts by type and decision, top tools and
//! users for the period, as the shared accessible bar charts. Fetched when first opened.

use leptos::prelude::*;

use super::filter::PERIODS;
use crate::api::models::{AuditEventType, AuditMetrics};
use crate::api::{audit, use_client};
use crate::components::charts::{Bar, BarChart};
use crate::components::ErrorPanel;
use crate::session::use_session;

const FILL: &str = "fill-indigo-500 dark:fill-indigo-400";

fn bars<'a>(items: impl Iterator<Item = (String, u64)> + 'a, fill: &'static str) -> Vec<Bar> {
    items
        .map(|(label, v)| Bar {
            label,
            value: v as f64,
            fill,
        })
        .collect()
}

fn charts(m: AuditMetrics, label: &str) -> AnyView {
    let by_type = bars(
        m.by_event_type
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (AuditEventType::parse(&k).label(), n)),
        FILL,
    );
    let by_decision: Vec<Bar> = m
        .by_decision
        .into_iter()
        .map(|(k, n)| Bar {
            fill: if k == "deny" {
                "fill-red-500 dark:fill-red-400"
            } else {
                "fill-green-500 dark:fill-green-400"
            },
            label: k,
            value: n as f64,
        })
        .collect();
    let tools = bars(
        m.top_tools
            .into_iter()
            .map(|t| (t.tool_name, t.invocations)),
        FILL,
    );
    let users = bars(
        m.top_users.into_iter().map(|u| (u.user_email, u.actions)),
        FILL,
    );
    view! {
        <p class="mb-3 text-sm" data-testid="metrics-total">{format!("{} events in the {}", m.total_events, label.to_lowercase())}</p>
        <div class="grid gap-6 md:grid-cols-2">
            <BarChart title=format!("Events by type, {}", label.to_lowercase()) bars=by_type unit="Events"/>
            <BarChart title=format!("Decisions, {}", label.to_lowercase()) bars=by_decision unit="Events"/>
            <BarChart title="Top tools" bars=tools unit="Invocations"/>
            <BarChart title="Top users" bars=users unit="Actions"/>
        </div>
    }
    .into_any()
}

/// `period`: the audit filter's period; a custom range shows the last 30 days.
#[component]
pub fn MetricsPanel(#[prop(into)] period: Signal<String>) -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let shown = Memo::new(move |_| !session.caps.with(|c| c.audit_metrics.is_absent()));
    let opened = RwSignal::new(false);
    let p = Memo::new(move |_| {
        let p = period.get();
        PERIODS
            .iter()
            .find(|x| x.0 == p)
            .map_or(("30d", "Last 30 days"), |x| (x.0, x.1))
    });
    let data = LocalResource::new(move || {
        let (key, _) = p.get();
        let go = opened.get();
        async move {
            if !go {
                return None;
            }
            let r = audit::metrics(client, key).await;
            Some(r)
        }
    });
    view! {
        {move || shown.get().then(|| view! {
            <details class="card mb-4" on:toggle=move |_| opened.set(true) data-testid="audit-metrics">
                <summary class="cursor-pointer font-medium">{move || format!("Metrics: {}", p.get().1.to_lowercase())}</summary>
                <div class="mt-4">
                    <Transition fallback=|| ()>{move || data.get().flatten().map(|r| match r {
                        Ok(m) => charts(m, p.get_untracked().1),
                        Err(e) => view! { <ErrorPanel error=e what="audit metrics" on_retry=move |_| data.refetch()/> }.into_any(),
                    })}</Transition>
                </div>
            </details>
        })}
    }
}
