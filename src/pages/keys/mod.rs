//! API keys `/api-keys` (tier D, CONTRACT §3.12): list with state badges, create, edit,
//! rotate and revoke. A new secret lives only in a signal while its dialog is open and is shown
//! exactly once.

use leptos::prelude::*;

use crate::api::keys::{self, key_state, KeyState};
use crate::api::models::{ApiKey, ApiKeyChanges, ApiKeyCreate, ApiKeyScope};
use crate::api::{use_client, ApiError};
use crate::components::bidi::quoted;
use crate::components::copy::CopyButton;
use crate::components::dialog::{ConfirmDialog, Dialog};
use crate::components::form::{invalid, FieldError};
use crate::components::table::Table;
use crate::components::table::{Head, SR_ONLY};
use crate::components::text::LongText;
use crate::components::{Badge, ErrorPanel, NotProvided, PageHeader, Skeleton};
use crate::hooks::page::use_page;
use crate::time_fmt;

/// Expiry choices of the create form: days, label; `None` = never.
const EXPIRY: &[(Option<u32>, &str)] = &[
    (Some(7), "7 days"),
    (Some(30), "30 days"),
    (Some(90), "90 days"),
    (Some(365), "1 year"),
    (None, "Never"),
];

fn state_class(s: KeyState) -> &'static str {
    match s {
        KeyState::Active => "bg-green-100 text-green-800 dark:bg-green-900/60 dark:text-green-200",
        KeyState::Disabled => "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
        KeyState::Expired => "bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100",
        KeyState::Revoked => "bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-200",
    }
}

/// The rate limit box: a whole number of requests per minute, 1..=10000.
pub fn parse_rate_limit(text: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=10_000).contains(n))
        .ok_or_else(|| "Enter a whole number from 1 to 10000.".into())
}

/// A secret to show once: the key's name and the secret.
type Secret = Option<(String, String)>;

/// A confirmed change to one existing key.
#[derive(Clone, Copy)]
enum KeyOp {
    Rotate,
    Revoke,
}

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let (client, session, toasts) = use_page();
    let absent = Memo::new(move |_| session.caps.with(|c| c.api_keys.is_absent()));
    let show_revoked = RwSignal::new(false);
    let list = LocalResource::new(move || {
        let revoked = show_revoked.get();
        async move {
            let r = keys::list(client, revoked).await;
            r
        }
    });

    // `?create=1` (the command palette's "Create API key") opens the form straight away.
    let create_open = RwSignal::new(
        leptos_router::hooks::use_query_map().with_untracked(|q| q.get("create").is_some()),
    );
    let edit_open = RwSignal::new(false);
    let editing = RwSignal::new(None::<ApiKey>);
    let secret = RwSignal::new(None::<(String, String)>);
    // The key a rotate or revoke confirmation is about: id, name.
    let target = RwSignal::new((String::new(), String::new()));
    let rotate_open = RwSignal::new(false);
    let revoke_open = RwSignal::new(false);

    // Rotate and revoke share one action: one confirmation at a time, and both end alike
    // (the dialog closes, then the list reloads or the error shows).
    let key_op = Action::new_local(move |op: &KeyOp| {
        let op = *op;
        let (id, name) = target.get_untracked();
        async move {
            let r = match op {
                KeyOp::Rotate => {
                    (keys::rotate(client, &id).await).map(|s| secret.set(Some((name, s.key))))
                }
                KeyOp::Revoke => (keys::revoke(client, &id).await)
                    .map(|()| toasts.success(format!("API key {} revoked", quoted(&name)))),
            };
            rotate_open.set(false);
            revoke_open.set(false);
            match r {
                Ok(()) => list.refetch(),
                Err(e) => toasts.error(e.message()),
            }
        }
    });
    let busy = key_op.pending();
    let on_created = Callback::new(move |s: (String, String)| {
        create_open.set(false);
        secret.set(Some(s));
        list.refetch();
    });
    let on_edited = Callback::new(move |name: String| {
        edit_open.set(false);
        toasts.success(format!("API key {} updated", quoted(&name)));
        list.refetch();
    });

    let table = move |keys: Vec<ApiKey>| {
        if keys.is_empty() {
            return view! {
                <div class="card text-center" data-testid="empty">
                    <p class="font-medium">"No API keys yet"</p>
                    <p class="text-sm text-muted">"Create a key to give a script or service access to SARK."</p>
                </div>
            }
            .into_any();
        }
        let now = crate::dom::now_secs();
        view! {
            <Table label="API keys" class="card p-0">
                    <Head cols=[("Name", ""), ("State", ""), ("Prefix", ""), ("Scopes", ""), ("Rate limit", ""),
                        ("Last used", ""), ("Uses", ""), ("Expires", ""), ("Actions", SR_ONLY)]/>
                    <tbody class="divide-y divide-slate-100 dark:divide-slate-800" data-testid="key-rows">
                        {keys.into_iter().map(|k| {
                            let state = key_state(&k, now);
                            let last = k.last_used_at.clone().or(k.last_used.clone());
                            let (id, name) = (k.id.clone(), k.name.clone());
                            let (id2, name2) = (id.clone(), name.clone());
                            let k2 = k.clone();
                            view! {
                                <tr data-key=k.name.clone()>
                                    <th scope="row" class="px-3 py-2 text-left font-medium">
                                        <bdi class="[overflow-wrap:anywhere]">{k.name.clone()}</bdi>
                                        {k.description.clone().filter(|d| !d.is_empty()).map(|d| view! { <LongText text=d class="text-xs font-normal text-muted"/> })}
                                    </th>
                                    <td class="px-3 py-2"><Badge text=state.label() class=state_class(state)/></td>
                                    <td class="px-3 py-2 font-mono text-xs">{k.key_prefix.clone()}</td>
                                    <td class="px-3 py-2 text-xs">{k.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")}</td>
                                    <td class="px-3 py-2 whitespace-nowrap">{format!("{}/min", k.rate_limit)}</td>
                                    <td class="px-3 py-2 whitespace-nowrap" title=last.as_deref().map(time_fmt::display_seconds)>
                                        {last.as_deref().map_or_else(|| "Never".to_string(), |t| time_fmt::relative(t, now))}
                                    </td>
                                    <td class="px-3 py-2">{k.usage_count.to_string()}</td>
                                    <td class="px-3 py-2 whitespace-nowrap">{k.expires_at.as_deref().map_or_else(|| "Never".to_string(), time_fmt::display)}</td>
                                    // Sticky: the actions stay in reach however wide the row gets.
                                    <td class="sticky right-0 bg-white px-3 py-2 whitespace-nowrap text-right dark:bg-slate-900">
                                        {(state != KeyState::Revoked).then(|| view! {
                                            <button type="button" class="btn-secondary px-2 py-1" aria-label=format!("Edit {name}") on:click=move |_| { editing.set(Some(k2.clone())); edit_open.set(true); }>"Edit"</button>
                                            " "
                                            <button type="button" class="btn-secondary px-2 py-1" aria-label=format!("Rotate {name}") on:click=move |_| { target.set((id.clone(), name.clone())); rotate_open.set(true); }>"Rotate"</button>
                                            " "
                                            <button type="button" class="btn-danger px-2 py-1" aria-label=format!("Revoke {name2}") on:click=move |_| { target.set((id2.clone(), name2.clone())); revoke_open.set(true); }>"Revoke"</button>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
            </Table>
        }
        .into_any()
    };

    view! {
        <PageHeader title="API Keys" subtitle="Keys for programmatic access to SARK">
            {move || (!absent.get()).then(|| view! {
                <button type="button" class="btn-primary" on:click=move |_| create_open.set(true)>"Create API key"</button>
            })}
        </PageHeader>
        {move || if absent.get() {
            view! { <NotProvided feature="API key management"/> }.into_any()
        } else {
            view! {
                <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
                    <p class="text-sm text-slate-600 dark:text-slate-300">"A key acts with the scopes you give it. Keep keys secret; revoke any that may have leaked."</p>
                    <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" prop:checked=move || show_revoked.get() on:change=move |ev| show_revoked.set(event_target_checked(&ev))/>
                        "Show revoked keys"
                    </label>
                </div>
                <Transition fallback=|| view! { <div class="card"><Skeleton lines=5/></div> }>
                    {move || Suspend::new(async move {
                        match list.await {
                            Ok(keys) => table(keys),
                            Err(e) => view! { <ErrorPanel error=e what="API keys" on_retry=move |_| list.refetch()/> }.into_any(),
                        }
                    })}
                </Transition>
            }
            .into_any()
        }}
        <Dialog open=create_open title="Create API key">
            <KeyForm key=None on_created=on_created on_edited=on_edited/>
        </Dialog>
        <Dialog open=edit_open title="Edit API key">
            {move || editing.get().map(|k| view! { <KeyForm key=Some(k) on_created=on_created on_edited=on_edited/> })}
        </Dialog>
        <SecretDialog secret=secret/>
        <ConfirmDialog open=rotate_open title="Rotate API key"
            message=Signal::derive(move || format!("Rotate {}? Its current secret stops working at once; the new one is shown only once.", quoted(&target.get().1)))
            confirm_label="Rotate key" danger=false pending=busy
            on_confirm=Callback::new(move |_| { if !busy.get_untracked() { key_op.dispatch(KeyOp::Rotate); } })/>
        <ConfirmDialog open=revoke_open title="Revoke API key"
            message=Signal::derive(move || format!("Revoke {}? Anything using it loses access at once. This cannot be undone.", quoted(&target.get().1)))
            confirm_label="Revoke key" pending=busy
            on_confirm=Callback::new(move |_| { if !busy.get_untracked() { key_op.dispatch(KeyOp::Revoke); } })/>
    }
}

/// Create (`key: None`) or edit form.
#[component]
fn KeyForm(
    key: Option<ApiKey>,
    on_created: Callback<(String, String)>,
    on_edited: Callback<String>,
) -> impl IntoView {
    let client = use_client();
    let creating = key.is_none();
    let k = key.clone();
    let id = k.as_ref().map(|k| k.id.clone()).unwrap_or_default();
    let name = RwSignal::new(k.as_ref().map(|k| k.name.clone()).unwrap_or_default());
    let description = RwSignal::new(
        k.as_ref()
            .and_then(|k| k.description.clone())
            .unwrap_or_default(),
    );
    let scopes = RwSignal::new(k.as_ref().map(|k| k.scopes.clone()).unwrap_or_default());
    let rate = RwSignal::new(k.as_ref().map_or(1000, |k| k.rate_limit).to_string());
    let expiry = RwSignal::new("30".to_string());
    let active = RwSignal::new(k.as_ref().is_none_or(|k| k.is_active));
    let name_err = RwSignal::new(None::<String>);
    let scopes_err = RwSignal::new(None::<String>);
    let rate_err = RwSignal::new(None::<String>);
    let form_err = RwSignal::new(None::<String>);

    let submit = Action::new_local(move |body: &Result<ApiKeyCreate, ApiKeyChanges>| {
        let (id, body) = (id.clone(), body.clone());
        async move {
            let r = match body {
                Ok(create) => keys::create(client, &create).await.map(|s| {
                    on_created.try_run((s.api_key.name, s.key));
                }),
                Err(changes) => keys::update(client, &id, &changes).await.map(|k| {
                    on_edited.try_run(k.name);
                }),
            };
            match r {
                Ok(()) => {}
                Err(ApiError::Validation { fields }) => {
                    for f in fields {
                        let slot = match f.path.split(['.', '[']).next().unwrap_or_default() {
                            "name" => name_err,
                            "scopes" => scopes_err,
                            "rate_limit" => rate_err,
                            _ => form_err,
                        };
                        slot.set(Some(f.msg));
                    }
                }
                Err(ApiError::Rejected { detail, .. }) if detail.contains("scopes") => {
                    scopes_err.set(Some(detail))
                }
                Err(e) => {
                    form_err.set(Some(e.message()));
                }
            }
        }
    });
    let busy = submit.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_owned();
        let sc = scopes.get_untracked();
        let r = parse_rate_limit(&rate.get_untracked());
        name_err.set(n.is_empty().then(|| "Enter a name.".into()));
        scopes_err.set(sc.is_empty().then(|| "Choose at least one scope.".into()));
        rate_err.set(r.as_ref().err().cloned());
        form_err.set(None);
        let Ok(rate_limit) = r else { return };
        if n.is_empty() || sc.is_empty() {
            return;
        }
        let d = description.get_untracked().trim().to_owned();
        let scopes = sc;
        let body = if creating {
            Ok(ApiKeyCreate {
                name: n,
                description: Some(d).filter(|d| !d.is_empty()),
                scopes,
                rate_limit,
                expires_in_days: expiry.get_untracked().parse::<u32>().ok(),
            })
        } else {
            Err(ApiKeyChanges {
                name: Some(n),
                description: Some(d),
                scopes: Some(scopes),
                rate_limit: Some(rate_limit),
                is_active: Some(active.get_untracked()),
            })
        };
        if !busy.get_untracked() {
            submit.dispatch(body);
        }
    };

    view! {
        <form class="space-y-4" novalidate on:submit=on_submit data-testid="key-form">
            <div>
                <label class="label" for="key-name">"Name"</label>
                <input id="key-name" class="input mt-1" maxlength="255" autocomplete="off" placeholder="CI deploy key"
                    aria-invalid=invalid(name_err.into()) aria-describedby="key-name-err"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <FieldError id="key-name-err" msg=name_err/>
            </div>
            <div>
                <label class="label" for="key-desc">"Description (optional)"</label>
                <textarea id="key-desc" class="input mt-1" rows="2"
                    prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <fieldset aria-describedby="key-scopes-err">
                <legend class="label">"Scopes"</legend>
                <div class="mt-1 grid grid-cols-2 gap-1">
                    {ApiKeyScope::ALL.iter().map(|s| {
                        let s2 = s.clone();
                        let s3 = s.clone();
                        view! {
                            <label class="flex items-center gap-2 text-sm font-mono">
                                <input type="checkbox" prop:checked=move || scopes.with(|v| v.contains(&s2))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        scopes.update(|v| { v.retain(|x| *x != s3); if on { v.push(s3.clone()); } });
                                    }/>
                                {s.as_str().to_owned()}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <FieldError id="key-scopes-err" msg=scopes_err/>
            </fieldset>
            <div class="grid gap-4 sm:grid-cols-2">
                <div>
                    <label class="label" for="key-rate">"Rate limit (requests per minute)"</label>
                    <input id="key-rate" class="input mt-1" type="number" min="1" max="10000" step="1" inputmode="numeric"
                        aria-invalid=invalid(rate_err.into()) aria-describedby="key-rate-err"
                        prop:value=move || rate.get() on:input=move |ev| rate.set(event_target_value(&ev))/>
                    <FieldError id="key-rate-err" msg=rate_err/>
                </div>
                {if creating {
                    view! {
                        <div>
                            <label class="label" for="key-expiry">"Expires in"</label>
                            <select id="key-expiry" class="input mt-1" prop:value=move || expiry.get() on:change=move |ev| expiry.set(event_target_value(&ev))>
                                {EXPIRY.iter().map(|(d, l)| view! { <option value=d.map(|d| d.to_string()).unwrap_or_else(|| "never".into())>{*l}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <label class="flex items-center gap-2 self-end text-sm">
                            <input type="checkbox" prop:checked=move || active.get() on:change=move |ev| active.set(event_target_checked(&ev))/>
                            "Enabled"
                        </label>
                    }.into_any()
                }}
            </div>
            {move || form_err.get().map(|e| view! { <p role="alert" class="whitespace-pre-line text-sm text-red-700 dark:text-red-300">{e}</p> })}
            <div class="flex justify-end gap-2">
                <button type="submit" class="btn-primary" disabled=busy>
                    {move || match (busy.get(), creating) {
                        (true, _) => "Saving…",
                        (false, true) => "Create key",
                        (false, false) => "Save changes",
                    }}
                </button>
            </div>
        </form>
    }
}

/// Shows a new secret once. Closing before copying asks first; closing drops the secret.
#[component]
fn SecretDialog(secret: RwSignal<Secret>) -> impl IntoView {
    let open = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    Effect::new(move |_| {
        if secret.with(Option::is_some) {
            copied.set(false);
            confirming.set(false);
            open.set(true);
        }
    });
    let close = move |force: bool| {
        if force || copied.get_untracked() {
            open.set(false);
            secret.set(None);
        } else {
            confirming.set(true);
        }
    };
    let key = Signal::derive(move || {
        secret.with(|s| s.as_ref().map(|s| s.1.clone()).unwrap_or_default())
    });
    view! {
        <Dialog open=open title="Your new API key" on_close=Callback::new(move |_| close(false))>
            <div class="space-y-4" data-testid="secret-dialog">
                <p class="text-sm">{move || secret.with(|s| s.as_ref().map(|s| format!("The secret of {}:", s.0)))}</p>
                <p class="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm font-medium text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
                    "Copy this key now. It will not be shown again."
                </p>
                <div class="flex gap-2">
                    <label class="sr-only" for="new-key">"API key secret"</label>
                    <input id="new-key" class="input font-mono" readonly prop:value=key data-testid="secret-value"/>
                    <CopyButton text=key label="Copy key" on_copied=Callback::new(move |_| copied.set(true))/>
                </div>
                {move || confirming.get().then(|| view! {
                    <div role="alert" class="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100">
                        <p>"You have not copied the key. Once this closes it is gone for good."</p>
                        <div class="mt-2 flex gap-2">
                            <button type="button" class="btn-danger" on:click=move |_| close(true)>"Close without copying"</button>
                            <button type="button" class="btn-secondary" on:click=move |_| confirming.set(false)>"Keep it open"</button>
                        </div>
                    </div>
                })}
                <div class="flex justify-end">
                    <button type="button" class="btn-primary" on:click=move |_| close(false)>"Done"</button>
                </div>
            </div>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_rate_limit;
    use crate::api::keys::{key_state, KeyState};
    use crate::api::models::ApiKey;

    fn key(extra: serde_json::Value) -> ApiKey {
        let mut v = serde_json::json!({"id": "k", "name": "n", "is_active": true});
        if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        serde_json::from_value(v).expect("test key decodes")
    }

    #[test]
    fn key_state_precedence() {
        let now = 1_795_364_277; // 2026-11-22T16:17:57Z
        let past = "2026-01-01T00:00:00Z";
        let future = "2027-01-01T00:00:00+00:00";
        // Revoked beats expired beats disabled beats active.
        let all =
            key(serde_json::json!({"revoked_at": past, "expires_at": past, "is_active": false}));
        assert_eq!(key_state(&all, now), KeyState::Revoked);
        assert_eq!(
            key_state(&key(serde_json::json!({"revoked": true})), now),
            KeyState::Revoked
        );
        let expired = key(serde_json::json!({"expires_at": past, "is_active": false}));
        assert_eq!(key_state(&expired, now), KeyState::Expired);
        // Expiring exactly now counts as expired.
        assert_eq!(
            key_state(
                &key(serde_json::json!({"expires_at": "2026-11-22T16:17:57Z"})),
                now
            ),
            KeyState::Expired
        );
        let disabled = key(serde_json::json!({"expires_at": future, "is_active": false}));
        assert_eq!(key_state(&disabled, now), KeyState::Disabled);
        assert_eq!(
            key_state(&key(serde_json::json!({"expires_at": future})), now),
            KeyState::Active
        );
        assert_eq!(
            key_state(&key(serde_json::json!({"expires_at": null})), now),
            KeyState::Active
        );
        // A date that does not parse never counts as expired.
        assert_eq!(
            key_state(&key(serde_json::json!({"expires_at": "soon"})), now),
            KeyState::Active
        );
        assert_eq!(KeyState::Revoked.label(), "Revoked");
    }

    #[test]
    fn rate_limit_is_a_whole_number_in_range() {
        assert_eq!(parse_rate_limit(" 1000 "), Ok(1000));
        assert_eq!(parse_rate_limit("1"), Ok(1));
        assert_eq!(parse_rate_limit("10000"), Ok(10000));
        assert!(parse_rate_limit("0").is_err());
        assert!(parse_rate_limit("10001").is_err());
        assert!(parse_rate_limit("1.5").is_err());
        assert!(parse_rate_limit("").is_err());
    }
}
