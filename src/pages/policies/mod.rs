//! Policies `/policies` and `/policies/:id`: the list (tier D `/api/v1/policies` where served,
//! else SARK 2.0's read-only `/api/v1/policy/list`, B11), the highlighted Rego viewer, the editor
//! (create, edit, delete where served) with an unsaved-changes guard, and the Evaluate panel.

mod code;
mod editor;
mod evaluate;
pub mod rego;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{policies, ApiError, Client};
use crate::components::copy::CopyButton;
use crate::components::dialog::ConfirmDialog;
use crate::components::fields;
use crate::components::{Badge, ErrorPanel, NotProvided, PageHeader, Skeleton};
use crate::hooks::page::use_page;
use crate::hooks::permissions::{use_can_admin, AdminNote, NEEDS_ADMIN};
use code::RegoCode;
use editor::{Editor, Target};

/// One list entry from either list endpoint.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: String,
    name: String,
    package: String,
    version: Option<String>,
    active: Option<bool>,
    description: Option<String>,
}

/// `/v1/data/mcp/authorization` → `mcp.authorization`.
fn package_of_path(path: &str) -> String {
    path.trim_start_matches("/v1/data/")
        .trim_matches('/')
        .replace('/', ".")
}

async fn load_rows(client: Client, crud: bool) -> Result<Vec<Row>, ApiError> {
    let (full, basic) = if crud {
        futures::join!(policies::list(client), policies::list_basic(client))
    } else {
        (
            Err(ApiError::NotProvided { status: 404 }),
            policies::list_basic(client).await,
        )
    };
    let basic = basic.map(|l| l.policies);
    match full {
        Ok(list) => {
            let info = basic.unwrap_or_default();
            Ok(list
                .policies
                .into_iter()
                .map(|p| {
                    let i = info.iter().find(|i| i.name == p.id);
                    Row {
                        package: p
                            .package_name
                            .filter(|_| p.package.is_empty())
                            .unwrap_or(p.package),
                        active: i.map(|i| i.active),
                        description: i.and_then(|i| i.description.clone()),
                        name: if p.name.is_empty() {
                            p.id.clone()
                        } else {
                            p.name
                        },
                        id: p.id,
                        version: p.version,
                    }
                })
                .collect())
        }
        Err(e) if crud && !e.is_not_provided() => Err(e),
        Err(_) => basic.map(|l| {
            l.into_iter()
                .map(|p| Row {
                    id: p.name.clone(),
                    package: package_of_path(&p.path),
                    name: p.name,
                    version: p.version,
                    active: Some(p.active),
                    description: p.description,
                })
                .collect()
        }),
    }
}

#[component]
pub fn PoliciesPage() -> impl IntoView {
    let (client, session, toasts) = use_page();
    let can_admin = use_can_admin();
    let navigate = use_navigate();
    let params = use_params_map();
    let selected = Memo::new(move |_| params.with(|p| p.get("id")));
    // Without an OpenAPI document the first CRUD request is the probe; an absent answer flips this.
    let crud = Memo::new(move |_| Some(!session.caps.with(|c| c.policies_crud.is_absent())));
    let list = LocalResource::new(move || {
        let mode = crud.get();
        async move { Some(load_rows(client, mode?).await) }
    });
    let detail = LocalResource::new(move || {
        let id = selected.get();
        let full = crud.get() == Some(true);
        async move {
            match id {
                Some(id) if full => {
                    let r = policies::get(client, &id).await;
                    Some(r)
                }
                _ => None,
            }
        }
    });

    let editing = RwSignal::new(None::<Target>);
    let dirty = RwSignal::new(false);
    // Another policy selected: the editor closes (the guard below asked first if needed).
    Effect::new(move |prev: Option<Option<String>>| {
        let s = selected.get();
        if prev.is_some_and(|p| p != s) {
            editing.set(None);
            dirty.set(false);
        }
        s
    });

    // Unsaved changes: ask before following a link or unloading.
    let leave_to = RwSignal::new(String::new());
    let leave_open = RwSignal::new(false);
    crate::dom::guard_leaving(
        move || dirty.get_untracked(),
        move |href| {
            leave_to.set(href);
            leave_open.set(true);
        },
    );
    let discard_and_leave = {
        let navigate = navigate.clone();
        Callback::new(move |_: ()| {
            dirty.set(false);
            editing.set(None);
            leave_open.set(false);
            navigate(&leave_to.get_untracked(), Default::default());
        })
    };

    let del_open = RwSignal::new(false);
    let del_id = RwSignal::new(String::new());
    let delete = {
        let navigate = navigate.clone();
        Action::new_local(move |_: &()| {
            let id = del_id.get_untracked();
            let navigate = navigate.clone();
            async move {
                let r = policies::delete(client, &id).await;
                let here = del_open.try_get_untracked().is_some();
                match r {
                    Ok(()) => {
                        toasts.success(format!("Policy {id} deleted"));
                        del_open.set(false);
                        if here {
                            list.refetch();
                            navigate("/policies", Default::default());
                        }
                    }
                    Err(e) => {
                        del_open.set(false);
                        toasts.error(e.message());
                    }
                }
            }
        })
    };
    let deleting = delete.pending();
    let on_saved = {
        let navigate = navigate.clone();
        Callback::new(move |id: String| {
            editing.set(None);
            list.refetch();
            detail.refetch();
            navigate(&crate::routes::policy(&id), Default::default());
        })
    };
    let on_close = Callback::new(move |_: ()| {
        dirty.set(false);
        editing.set(None);
    });

    let search = RwSignal::new(String::new());
    let list_view = move || {
        list.get().flatten().map(|r| match r {
            Ok(rows) => {
                let q = search.get().to_lowercase();
                let rows: Vec<Row> = rows
                    .into_iter()
                    .filter(|r| {
                        q.is_empty()
                            || [&r.id, &r.name, &r.package]
                                .iter()
                                .any(|f| f.to_lowercase().contains(&q))
                            || r.description
                                .as_deref()
                                .is_some_and(|d| d.to_lowercase().contains(&q))
                    })
                    .collect();
                if rows.is_empty() {
                    return view! { <p class="p-4 text-sm text-muted">"No policies match."</p> }.into_any();
                }
                view! {
                    <ul class="max-h-[60vh] divide-y divide-slate-100 overflow-auto dark:divide-slate-800" aria-label="Policies" data-testid="policy-list">
                        {rows.into_iter().map(|r| view! {
                            <li>
                                <A href=crate::routes::policy(&r.id) attr:class="block px-4 py-2 hover:bg-slate-50 aria-[current=page]:bg-indigo-50 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-indigo-950">
                                    <span class="flex items-center justify-between gap-2">
                                        <span class="font-medium">{r.name}</span>
                                        {r.active.map(|a| view! { <Badge text=if a { "Active" } else { "Inactive" } class=if a { "bg-green-100 text-green-800 dark:bg-green-900/60 dark:text-green-200" } else { "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200" }/> })}
                                    </span>
                                    <span class="block text-xs text-muted">
                                        {format!("package {} · version {}", r.package, r.version.unwrap_or_else(|| "–".into()))}
                                    </span>
                                </A>
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }
            Err(e) => view! { <div class="p-4"><ErrorPanel error=e what="policies" on_retry=move |_| list.refetch()/></div> }.into_any(),
        })
    };

    let detail_view = move || {
        if let Some(t) = editing.get() {
            return view! { <Editor target=t dirty=dirty on_saved=on_saved on_close=on_close/> }
                .into_any();
        }
        let Some(id) = selected.get() else {
            return view! {
                <div class="card text-center text-muted">
                    <p class="font-medium">"No policy selected"</p>
                    <p class="text-sm">"Select a policy from the list to view its Rego."</p>
                </div>
            }
            .into_any();
        };
        let row = list
            .get()
            .flatten()
            .and_then(|r| r.ok())
            .and_then(|rows| rows.into_iter().find(|r| r.id == id));
        let active = |r: &Option<Row>| {
            r.as_ref()
                .and_then(|r| r.active)
                .map(|a| if a { "Yes" } else { "No" }.to_string())
        };
        match (crud.get(), detail.get().flatten()) {
            (Some(true), Some(Ok(p))) => {
                let content = p.content.clone().unwrap_or_default();
                let edit = Target::Edit(p.id.clone(), p.name.clone(), content.clone());
                let (pid, pname) = (p.id.clone(), p.name.clone());
                let package = p
                    .package_name
                    .filter(|_| p.package.is_empty())
                    .unwrap_or(p.package);
                view! {
                    <article class="card space-y-4" data-testid="policy-detail">
                        <div class="flex flex-wrap items-start justify-between gap-3">
                            <div>
                                <h2 class="text-xl font-semibold">{pname.clone()}</h2>
                                <p class="font-mono text-sm text-muted">{pid.clone()}</p>
                            </div>
                            <div class="flex flex-wrap gap-2">
                                <CopyButton text=content.clone() label="Copy Rego"/>
                                <button type="button" class="btn-secondary" disabled=move || !can_admin.get() title=move || (!can_admin.get()).then_some(NEEDS_ADMIN)
                                    aria-describedby="policy-admin-note" on:click=move |_| editing.set(Some(edit.clone()))>"Edit"</button>
                                <button type="button" class="btn-danger" disabled=move || !can_admin.get() title=move || (!can_admin.get()).then_some(NEEDS_ADMIN)
                                    aria-describedby="policy-admin-note" on:click=move |_| { del_id.set(pid.clone()); del_open.set(true); }>"Delete"</button>
                                <AdminNote can=can_admin id="policy-admin-note"/>
                            </div>
                        </div>
                        <dl class="divide-y divide-slate-100 dark:divide-slate-800">
                            {fields(vec![
                                ("Package", Some(package)),
                                ("Version", p.version),
                                ("Active", active(&row)),
                                ("Description", row.and_then(|r| r.description)),
                                ("Rules", Some(p.rules.join(", "))),
                                ("Updated", p.updated_at.or(p.created_at).map(|t| crate::time_fmt::display(&t))),
                            ])}
                        </dl>
                        <RegoCode src=content/>
                    </article>
                }
                .into_any()
            }
            (Some(true), Some(Err(e))) => {
                view! { <ErrorPanel error=e what="the policy" on_retry=move |_| detail.refetch()/> }
                    .into_any()
            }
            (Some(false), _) => {
                let act = active(&row);
                match row {
                    Some(r) => view! {
                        <article class="card space-y-4" data-testid="policy-detail">
                            <h2 class="text-xl font-semibold">{r.name}</h2>
                            <dl class="divide-y divide-slate-100 dark:divide-slate-800">
                                {fields(vec![
                                    ("Package", Some(r.package)),
                                    ("Version", r.version),
                                    ("Active", act),
                                    ("Description", r.description),
                                ])}
                            </dl>
                            <NotProvided feature="Rego source"/>
                        </article>
                    }
                    .into_any(),
                    None => view! { <div class="card"><p>{format!("No policy named {id} on this server.")}</p></div> }.into_any(),
                }
            }
            _ => view! { <div class="card"><Skeleton lines=8/></div> }.into_any(),
        }
    };

    view! {
        <PageHeader title="Policies" subtitle="OPA policies that govern MCP servers and tools">
            {move || match crud.get() {
                Some(true) => view! {
                    <button type="button" class="btn-primary" disabled=move || !can_admin.get() title=move || (!can_admin.get()).then_some(NEEDS_ADMIN)
                        aria-describedby="new-policy-admin-note" on:click=move |_| editing.set(Some(Target::Create))>"New policy"</button>
                    <AdminNote can=can_admin id="new-policy-admin-note"/>
                }.into_any(),
                Some(false) => view! { <button type="button" class="btn-secondary" on:click=move |_| editing.set(Some(Target::Check))>"Check Rego"</button> }.into_any(),
                None => ().into_any(),
            }}
        </PageHeader>
        {move || (crud.get() == Some(false)).then(|| view! {
            <div class="mb-4">
                <NotProvided feature="Policy management"/>
                <p class="mt-2 text-sm text-slate-600 dark:text-slate-300">"Policies are listed read-only: upload, edit and delete are hidden. Evaluate and the basic checks still work."</p>
            </div>
        })}
        <div class="grid grid-cols-1 gap-6 lg:grid-cols-3">
            <section class="card h-fit min-w-0 p-0" aria-label="Policy list">
                <div class="border-b border-slate-200 p-3 dark:border-slate-800">
                    <label class="label" for="policy-search">"Search policies"</label>
                    <input id="policy-search" class="input mt-1" type="search" data-search="" placeholder="Name, package or description"
                        prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                </div>
                <Transition fallback=|| view! { <div class="p-4"><Skeleton lines=5/></div> }>
                    {move || list_view().unwrap_or_else(|| view! { <div class="p-4"><Skeleton lines=5/></div> }.into_any())}
                </Transition>
            </section>
            <section class="min-w-0 lg:col-span-2" aria-label="Policy">
                <Transition fallback=|| view! { <div class="card"><Skeleton lines=6/></div> }>{detail_view}</Transition>
            </section>
        </div>
        <evaluate::EvaluatePanel/>
        <ConfirmDialog open=del_open title="Delete policy"
            message=Signal::derive(move || format!("Delete the policy {}? Evaluations stop using it at once. This cannot be undone.", del_id.get()))
            confirm_label="Delete policy" pending=deleting
            on_confirm=Callback::new(move |_| { if !deleting.get_untracked() { delete.dispatch(()); } })/>
        <ConfirmDialog open=leave_open title="Discard unsaved changes?"
            message=String::from("Your changes to this policy are not saved. Leave and discard them?")
            confirm_label="Discard changes" on_confirm=discard_and_leave/>
    }
}
