//! Create / edit a policy, or only run the basic checks on pasted Rego (read-only servers).
//! Saving runs `/api/v1/policy/validate` first ("basic checks", not a compile); server
//! answers land on the field or the Rego line they are about.

use leptos::prelude::*;

use super::code::RegoCode;
use super::rego;
use crate::api::{policies, use_client, ApiError, Client};
use crate::components::form::{invalid, FieldError};
use crate::toast::use_toasts;

const TEMPLATE: &str = "package sark.example\n\nimport rego.v1\n\ndefault allow := false\n\nallow if {\n    \"admin\" in input.user.roles\n}\n";

#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Create,
    /// id, name, content.
    Edit(String, String, String),
    /// Basic checks only.
    Check,
}

/// One basic-check or server message, with the line it is about when known.
#[derive(Clone, Debug, PartialEq)]
struct Msg {
    line: Option<usize>,
    text: String,
    error: bool,
}

fn msgs(src: &str, texts: &[String], error: bool) -> Vec<Msg> {
    texts
        .iter()
        .map(|t| Msg {
            line: rego::message_line(src, t),
            text: t.clone(),
            error,
        })
        .collect()
}

/// Runs the basic checks; `Some(valid)`, or `None` when they could not run (message set).
async fn basic_checks(
    client: Client,
    src: &str,
    out: RwSignal<Vec<Msg>>,
    summary: RwSignal<Option<String>>,
    form_err: RwSignal<Option<String>>,
) -> Option<bool> {
    match policies::validate(client, src).await {
        Ok(v) => {
            let mut m = msgs(src, &v.errors, true);
            m.extend(msgs(src, &v.warnings, false));
            let text = match (v.valid, m.is_empty()) {
                (true, true) => "Basic checks passed.",
                (true, false) => "Basic checks passed with warnings.",
                _ => "Basic checks found problems.",
            };
            summary.set(Some(text.into()));
            out.set(m);
            Some(v.valid)
        }
        Err(e) => {
            form_err.set(Some(format!(
                "Could not run the basic checks: {}",
                e.message()
            )));
            None
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 255
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

#[component]
pub fn Editor(
    target: Target,
    dirty: RwSignal<bool>,
    on_saved: Callback<String>,
    on_close: Callback<()>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let (creating, saving, title, init_id, init_name, init_content) = match target {
        Target::Create => (
            true,
            true,
            "New policy".to_string(),
            String::new(),
            String::new(),
            TEMPLATE.to_string(),
        ),
        Target::Edit(id, name, content) => (false, true, format!("Edit {id}"), id, name, content),
        Target::Check => (
            false,
            false,
            "Basic checks".to_string(),
            String::new(),
            String::new(),
            String::new(),
        ),
    };
    let id = RwSignal::new(init_id);
    let name = RwSignal::new(init_name.clone());
    let content = RwSignal::new(init_content.clone());
    Effect::new(move |_| {
        let changed = name.with(|n| *n != init_name) || content.with(|c| *c != init_content);
        if dirty.get_untracked() != changed {
            dirty.set(changed);
        }
    });
    let id_err = RwSignal::new(None::<String>);
    let name_err = RwSignal::new(None::<String>);
    let form_err = RwSignal::new(None::<String>);
    let problems = RwSignal::new(Vec::<Msg>::new());
    let summary = RwSignal::new(None::<String>);
    let clear = move || {
        id_err.set(None);
        name_err.set(None);
        form_err.set(None);
        problems.set(Vec::new());
        summary.set(None);
    };

    let check = Action::new_local(move |_: &()| {
        clear();
        let src = content.get_untracked();
        async move {
            basic_checks(client, &src, problems, summary, form_err).await;
        }
    });

    let save = Action::new_local(move |_: &()| {
        clear();
        let (pid, pname, src) = (
            id.get_untracked().trim().to_owned(),
            name.get_untracked().trim().to_owned(),
            content.get_untracked(),
        );
        async move {
            if creating && !valid_id(&pid) {
                id_err.set(Some(
                    "Enter an ID of 1–255 letters, digits, '.', '_' or '-'.".into(),
                ));
                return;
            }
            match basic_checks(client, &src, problems, summary, form_err).await {
                Some(true) => {}
                Some(false) => {
                    form_err.set(Some(
                        "Not saved: fix the problems the basic checks found.".into(),
                    ));
                    return;
                }
                None => return,
            }
            let pname = (!pname.is_empty()).then_some(pname.as_str());
            let r = policies::save(client, creating, &pid, pname, &src).await;
            match r {
                Ok(p) => {
                    toasts.success(format!("Policy {} saved", p.id));
                    dirty.set(false);
                    on_saved.try_run(p.id);
                }
                Err(ApiError::Rejected {
                    status: 409,
                    detail,
                }) => id_err.set(Some(detail)),
                Err(ApiError::Rejected {
                    status: 400,
                    detail,
                }) => {
                    let parts: Vec<String> = detail.split("; ").map(str::to_owned).collect();
                    problems.set(msgs(&src, &parts, true));
                    form_err.set(Some("The server refused the policy.".into()));
                }
                Err(ApiError::Validation { fields }) => {
                    for f in fields {
                        match f.path.as_str() {
                            "id" => id_err.set(Some(f.msg)),
                            "name" => name_err.set(Some(f.msg)),
                            "content" => problems.update(|p| {
                                p.push(Msg {
                                    line: None,
                                    text: f.msg,
                                    error: true,
                                })
                            }),
                            other => form_err.set(Some(format!("{other}: {}", f.msg))),
                        }
                    }
                }
                Err(e) => {
                    form_err.set(Some(e.message()));
                }
            }
        }
    });
    let busy = Signal::derive(move || check.pending().get() || save.pending().get());

    let marks = Signal::derive(move || {
        problems.with(|p| {
            p.iter()
                .filter_map(|m| m.line.map(|l| (l, m.error)))
                .collect()
        })
    });
    let content_invalid = Signal::derive(move || problems.with(|p| p.iter().any(|m| m.error)));

    view! {
        <form class="card space-y-4" data-testid="policy-editor" novalidate
            on:submit=move |ev| { ev.prevent_default(); if !busy.get_untracked() { save.dispatch(()); } }>
            <h2 class="text-lg font-semibold">{title}</h2>
            {creating.then(|| view! {
                <div>
                    <label class="label" for="policy-id">"Policy ID"</label>
                    <input id="policy-id" class="input mt-1 font-mono" placeholder="sark.example" autocomplete="off"
                        aria-invalid=invalid(id_err.into()) aria-describedby="policy-id-err"
                        prop:value=move || id.get() on:input=move |ev| id.set(event_target_value(&ev))/>
                    <FieldError id="policy-id-err" msg=id_err/>
                </div>
            })}
            {saving.then(|| view! {
                <div>
                    <label class="label" for="policy-name">"Display name (optional)"</label>
                    <input id="policy-name" class="input mt-1" autocomplete="off"
                        aria-invalid=invalid(name_err.into()) aria-describedby="policy-name-err"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <FieldError id="policy-name-err" msg=name_err/>
                </div>
            })}
            <RegoCode src=content edit=content marks=marks invalid=content_invalid/>
            <div id="rego-problems" role="status" class="text-sm" data-testid="rego-problems">
                {move || summary.get().map(|s| view! {
                    <p class="font-medium">{s}" "<span class="font-normal text-muted">"(Basic checks look for a package declaration and an allow-all default; they do not compile the Rego.)"</span></p>
                })}
                <ul class="mt-1 space-y-1">
                    {move || problems.get().into_iter().map(|m| view! {
                        <li class=if m.error { "text-red-700 dark:text-red-300" } else { "text-amber-800 dark:text-amber-200" }>
                            {m.line.map(|l| format!("Line {l}: ")).unwrap_or_default()}
                            {if m.error { "Error: " } else { "Warning: " }}
                            {m.text}
                        </li>
                    }).collect_view()}
                </ul>
            </div>
            {move || form_err.get().map(|e| view! { <p role="alert" class="text-sm font-medium text-red-700 dark:text-red-300">{e}</p> })}
            <div class="flex flex-wrap justify-end gap-2">
                <button type="button" class="btn-secondary" on:click=move |_| on_close.run(())>{if saving { "Cancel" } else { "Close" }}</button>
                <button type="button" class="btn-secondary" disabled=busy on:click=move |_| { if !busy.get_untracked() { check.dispatch(()); } }>"Run basic checks"</button>
                {saving.then(|| view! {
                    <button type="submit" class="btn-primary" disabled=busy>{move || if busy.get() { "Working…" } else { "Save policy" }}</button>
                })}
            </div>
        </form>
    }
}
