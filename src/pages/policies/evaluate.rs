//! Evaluate a request against the policies (`POST /api/v1/policy/evaluate`, tier S), with a
//! short in-memory history of this session's evaluations.

use leptos::prelude::*;
use serde_json::Value;

use crate::api::models::{Decision, EvaluateRequest, EvaluateResponse};
use crate::api::servers::{self, ServerQuery};
use crate::api::{policies, use_client, ApiError};
use crate::components::fields;
use crate::components::form::{invalid, FieldError};
use crate::components::table::Head;
use crate::components::text::JsonBlock;
use crate::components::{decision_class, Badge, Field};
use crate::hooks::retry_after::{countdown_text, use_cooldown};

const ACTIONS: &[&str] = &[
    "tool:invoke",
    "server:register",
    "server:update",
    "server:delete",
    "policy:evaluate",
];
const HISTORY: usize = 10;

/// The parameters box: a JSON object, or the reason it is not one.
pub fn parse_params(text: &str) -> Result<Value, String> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    match serde_json::from_str::<Value>(text) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => Err("Parameters must be a JSON object, like {\"path\": \"/tmp\"}.".into()),
        Err(e) => Err(format!("Not valid JSON: {e}.")),
    }
}

#[derive(Clone)]
struct Past {
    at: String,
    action: String,
    tool: String,
    server: String,
    decision: Decision,
    reason: String,
}

#[component]
pub fn EvaluatePanel() -> impl IntoView {
    let client = use_client();
    let servers = LocalResource::new(move || async move {
        let q = ServerQuery {
            limit: 200,
            ..Default::default()
        };
        servers::list(client, &q).await.map(|p| p.items)
    });
    let action = RwSignal::new(ACTIONS[0].to_string());
    let tool = RwSignal::new(String::new());
    let server = RwSignal::new(String::new());
    let params = RwSignal::new("{}".to_string());
    let action_err = RwSignal::new(None::<String>);
    let params_err = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<Result<EvaluateResponse, ApiError>>);
    let history = RwSignal::new(Vec::<Past>::new());
    let server_name = move |id: &str| {
        servers
            .try_get_untracked()
            .flatten()
            .and_then(|r| r.ok())
            .and_then(|l| l.into_iter().find(|s| s.id == id).map(|s| s.name))
            .unwrap_or_else(|| id.to_owned())
    };

    // A 429 keeps Evaluate disabled and counts down from its Retry-After.
    let cooldown = use_cooldown();
    let evaluate = Action::new_local(move |req: &EvaluateRequest| {
        let req = req.clone();
        async move {
            let r = policies::evaluate(client, &req).await;
            if let Err(e) = &r {
                cooldown.arm(e);
            }
            if let Ok(ok) = &r {
                let server = req
                    .server_id
                    .as_deref()
                    .map(server_name)
                    .unwrap_or_default();
                history.update(|h| {
                    h.insert(
                        0,
                        Past {
                            at: crate::time_fmt::display_seconds(&crate::time_fmt::to_rfc3339(
                                crate::dom::now_secs(),
                            )),
                            action: req.action.clone(),
                            tool: req.tool.clone().unwrap_or_default(),
                            server,
                            decision: ok.decision.clone(),
                            reason: ok.reason.clone(),
                        },
                    );
                    h.truncate(HISTORY);
                });
            }
            result.set(Some(r));
        }
    });
    let pending = evaluate.pending();
    let busy = Signal::derive(move || pending.get() || cooldown.waiting());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let a = action.get_untracked().trim().to_owned();
        action_err.set(
            a.is_empty()
                .then(|| "Enter an action, e.g. tool:invoke.".into()),
        );
        let p = parse_params(&params.get_untracked());
        params_err.set(p.as_ref().err().cloned());
        if let (false, Ok(parameters)) = (a.is_empty(), p) {
            let opt = |s: String| (!s.trim().is_empty()).then(|| s.trim().to_owned());
            if !busy.get_untracked() {
                evaluate.dispatch(EvaluateRequest {
                    user_id: None,
                    action: a,
                    tool: opt(tool.get_untracked()),
                    server_id: opt(server.get_untracked()),
                    parameters,
                });
            }
        }
    };

    view! {
        <section class="card mt-8" aria-labelledby="eval-heading">
            <h2 id="eval-heading" class="text-lg font-semibold">"Evaluate a request"</h2>
            <p class="mb-4 text-sm text-muted">"Asks the policy engine what it would decide for you. Every evaluation is written to the audit log."</p>
            <form class="grid gap-4 md:grid-cols-3" on:submit=submit novalidate>
                <div>
                    <label class="label" for="eval-action">"Action"</label>
                    <input id="eval-action" class="input mt-1 font-mono" list="eval-actions" autocomplete="off"
                        aria-invalid=invalid(action_err.into()) aria-describedby="eval-action-err"
                        prop:value=move || action.get() on:input=move |ev| action.set(event_target_value(&ev))/>
                    <datalist id="eval-actions">{ACTIONS.iter().map(|a| view! { <option value=*a></option> }).collect_view()}</datalist>
                    <FieldError id="eval-action-err" msg=action_err/>
                </div>
                <div>
                    <label class="label" for="eval-server">"Server"</label>
                    <select id="eval-server" class="input mt-1" prop:value=move || server.get() on:change=move |ev| server.set(event_target_value(&ev))>
                        <option value="">"None"</option>
                        <Transition fallback=|| ()>{move || servers.get().map(|r| match r {
                            Ok(list) => list.into_iter().map(|s| view! { <option value=s.id.clone()>{s.name}</option> }).collect_view().into_any(),
                            Err(e) => view! { <option value="" disabled>{format!("Could not load servers: {}", e.message())}</option> }.into_any(),
                        })}</Transition>
                    </select>
                </div>
                <div>
                    <label class="label" for="eval-tool">"Tool"</label>
                    <input id="eval-tool" class="input mt-1 font-mono" autocomplete="off"
                        prop:value=move || tool.get() on:input=move |ev| tool.set(event_target_value(&ev))/>
                </div>
                <div class="md:col-span-3">
                    <label class="label" for="eval-params">"Parameters (JSON object)"</label>
                    <textarea id="eval-params" class="input mt-1 font-mono" rows="4" spellcheck="false"
                        aria-invalid=invalid(params_err.into()) aria-describedby="eval-params-err"
                        prop:value=move || params.get() on:input=move |ev| params.set(event_target_value(&ev))></textarea>
                    <FieldError id="eval-params-err" msg=params_err/>
                </div>
                <div class="md:col-span-3">
                    <button type="submit" class="btn-primary" disabled=busy>{move || if pending.get() { "Evaluating…" } else { "Evaluate" }}</button>
                </div>
            </form>
            <div role="status" aria-live="polite" data-testid="eval-result">
                {move || result.get().map(|r| match r {
                    Ok(r) => view! {
                        <div class="mt-4 rounded-md border border-slate-200 p-4 dark:border-slate-700">
                            <p class="flex items-center gap-2 font-medium">"Decision: "<Badge text=r.decision.label() class=decision_class(&r.decision)/></p>
                            <dl class="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
                                {fields(vec![
                                    ("Reason", Some(r.reason.clone())),
                                    ("Requires approval", r.requires_approval.map(|b| if b { "Yes" } else { "No" }.to_string())),
                                    ("Audit ID", r.audit_id.clone()),
                                ])}
                                {match r.filtered_parameters {
                                    Some(v) => view! { <div class="py-2"><dt class="text-sm font-medium text-muted">"Filtered parameters"</dt><dd class="mt-1"><JsonBlock value=v/></dd></div> }.into_any(),
                                    None => view! { <Field label="Filtered parameters" value={None::<String>}/> }.into_any(),
                                }}
                            </dl>
                        </div>
                    }.into_any(),
                    Err(e) => {
                        let msg = e.message();
                        view! {
                            <p role="alert" class="mt-4 text-sm text-red-700 dark:text-red-300">{move || match cooldown.left() {
                                0 => msg.clone(),
                                n => countdown_text(n),
                            }}</p>
                        }.into_any()
                    }
                })}
            </div>
            {move || history.with(|h| !h.is_empty()).then(|| view! {
                <div class="scroll-region relative mt-6" tabindex="0" role="region" aria-label="This session's evaluations">
                    <table class="w-full text-sm">
                        <caption class="mb-2 text-left font-medium">"This session's evaluations"</caption>
                        <Head cols=[("Time", ""), ("Action", ""), ("Tool", ""), ("Server", ""), ("Decision", ""), ("Reason", "")]/>
                        <tbody class="divide-y divide-slate-100 dark:divide-slate-800" data-testid="eval-history">
                            {move || history.get().into_iter().map(|h| view! {
                                <tr>
                                    <td class="px-3 py-2 whitespace-nowrap">{h.at}</td>
                                    <td class="px-3 py-2 font-mono">{h.action}</td>
                                    <td class="px-3 py-2">{h.tool}</td>
                                    <td class="px-3 py-2">{h.server}</td>
                                    <td class="px-3 py-2"><Badge text=h.decision.label() class=decision_class(&h.decision)/></td>
                                    <td class="px-3 py-2">{h.reason}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_params;

    #[test]
    fn parameters_must_be_a_json_object() {
        assert!(parse_params("{\"a\": 1}").is_ok());
        assert!(parse_params("  ").is_ok());
        assert!(parse_params("[1]")
            .unwrap_err()
            .starts_with("Parameters must be a JSON object"));
        let e = parse_params("{\"a\": }").unwrap_err();
        assert!(e.starts_with("Not valid JSON") && e.contains("line 1"));
    }
}
