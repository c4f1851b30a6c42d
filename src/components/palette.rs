//! Command palette (Ctrl+K / ⌘K, or the header's Search button): fuzzy search over pages,
//! actions, servers by name (server-side search, debounced) and policies where the server lists
//! them. APG combobox + listbox inside a modal dialog; recent choices (names and paths only) come
//! first. Its code is a lazy chunk: only the trigger is in the first load.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::servers::ServerQuery;
use crate::api::{policies, servers, use_client};
use crate::components::dialog::Modal;
use crate::session::use_session;
use crate::shortcuts::{use_overlays, NAV};
use crate::theme::use_theme;

const RECENT_KEY: &str = "sark-palette-recent";
const RECENT_MAX: usize = 5;
const SHOWN_MAX: usize = 12;

/// What choosing an entry does. Its `key()` is what the recent list stores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Go(String),
    Theme,
    Help,
    SignOut,
}

impl Target {
    pub fn key(&self) -> String {
        match self {
            Target::Go(p) => format!("go:{p}"),
            Target::Theme => "theme".into(),
            Target::Help => "help".into(),
            Target::SignOut => "signout".into(),
        }
    }

    pub fn from_key(k: &str) -> Option<Target> {
        match k {
            "theme" => Some(Target::Theme),
            "help" => Some(Target::Help),
            "signout" => Some(Target::SignOut),
            _ => k
                .strip_prefix("go:")
                .filter(|p| p.starts_with('/') && !p.starts_with("//"))
                .map(|p| Target::Go(p.to_string())),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub label: String,
    pub group: &'static str,
    pub target: Target,
}

/// Fuzzy score of `query` against `text`: `None` when the query's letters do not all appear in
/// order; higher is better (contiguous runs, word starts, a plain substring, shorter text).
pub fn score(query: &str, text: &str) -> Option<i32> {
    let q: Vec<char> = query
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if q.is_empty() {
        return Some(0);
    }
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let mut total = 0i32;
    let mut qi = 0;
    let mut prev: Option<usize> = None;
    for (i, &c) in t.iter().enumerate() {
        if qi == q.len() {
            break;
        }
        if c != q[qi] {
            continue;
        }
        total += 1;
        if i > 0 && prev == Some(i - 1) {
            total += 5;
        }
        if i == 0 || !t[i - 1].is_alphanumeric() {
            total += 8;
        }
        prev = Some(i);
        qi += 1;
    }
    if qi < q.len() {
        return None;
    }
    let needle: String = query.trim().to_lowercase();
    if text.to_lowercase().contains(&needle) {
        total += 20;
    }
    Some(total * 10 - t.len().min(200) as i32)
}

/// Entries matching `query`, best first; recent choices (their keys, newest first) lead among
/// equals and, for an empty query, come first of all.
pub fn rank(query: &str, entries: &[Entry], recent: &[String]) -> Vec<Entry> {
    let bonus = |e: &Entry| {
        let k = e.target.key();
        recent
            .iter()
            .position(|r| *r == k)
            .map(|i| 1000 - i as i32)
            .unwrap_or(0)
    };
    let mut scored: Vec<(i32, usize, &Entry)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let s = score(query, &e.label)
                .or_else(|| score(query, &format!("{} {}", e.group, e.label)).map(|s| s - 50))?;
            let s = if query.trim().is_empty() {
                bonus(e)
            } else {
                s + bonus(e) / 20
            };
            Some((s, i, e))
        })
        .collect();
    // Stable on ties: the declared order of pages and actions.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut seen = std::collections::HashSet::new();
    scored
        .into_iter()
        .filter(|(_, _, e)| seen.insert(e.target.key()))
        .map(|(_, _, e)| e.clone())
        .take(SHOWN_MAX)
        .collect()
}

/// Recent choices as stored: one `label\tkey` per line, newest first.
pub fn decode_recent(s: &str) -> Vec<Entry> {
    s.lines()
        .filter_map(|l| {
            let (label, key) = l.split_once('\t')?;
            Some(Entry {
                label: label.to_string(),
                group: "Recent",
                target: Target::from_key(key)?,
            })
        })
        .take(RECENT_MAX)
        .collect()
}

pub fn push_recent(stored: &str, chosen: &Entry) -> String {
    let key = chosen.target.key();
    let label = chosen.label.replace(['\t', '\n', '\r'], " ");
    std::iter::once(format!("{label}\t{key}"))
        .chain(
            stored
                .lines()
                .filter(|l| l.split_once('\t').is_some_and(|(_, k)| k != key))
                .map(str::to_string),
        )
        .take(RECENT_MAX)
        .collect::<Vec<_>>()
        .join("\n")
}

fn fixed_entries() -> Vec<Entry> {
    let go = |label: &str, group: &'static str, path: &str| Entry {
        label: label.to_string(),
        group,
        target: Target::Go(path.to_string()),
    };
    let mut v: Vec<Entry> = NAV.iter().map(|(_, p, l)| go(l, "Page", p)).collect();
    v.push(go("Register server", "Action", "/servers/register"));
    v.push(go("Create API key", "Action", "/api-keys?create=1"));
    v.extend([
        Entry {
            label: "Toggle theme".into(),
            group: "Action",
            target: Target::Theme,
        },
        Entry {
            label: "Keyboard shortcuts".into(),
            group: "Action",
            target: Target::Help,
        },
        Entry {
            label: "Sign out".into(),
            group: "Action",
            target: Target::SignOut,
        },
    ]);
    v
}

#[leptos::lazy]
pub fn command_palette() -> AnyView {
    let overlays = use_overlays();
    let open = overlays.palette_open;
    let client = use_client();
    let session = use_session();
    let theme = use_theme();
    let navigate = use_navigate();

    let text = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let server_hits = RwSignal::new(Vec::<Entry>::new());
    let policy_names = RwSignal::new(Vec::<Entry>::new());
    let searching = RwSignal::new(false);
    let recent_raw = RwSignal::new(crate::dom::pref_get(RECENT_KEY).unwrap_or_default());

    // Policies are few and listed whole (tier D: absent on some servers, then simply not offered).
    leptos::task::spawn_local(async move {
        if let Ok(list) = policies::list(client).await {
            policy_names.set(
                list.policies
                    .into_iter()
                    .map(|p| {
                        let label = if p.name.is_empty() {
                            p.id.clone()
                        } else {
                            p.name.clone()
                        };
                        Entry {
                            label,
                            group: "Policy",
                            target: Target::Go(format!(
                                "/policies/{}",
                                crate::api::query::encode_component(&p.id)
                            )),
                        }
                    })
                    .collect(),
            )
        }
    });

    // Servers by name: ask the server after a 250 ms pause in typing; only the newest answer counts.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let q = text.get().trim().to_string();
        active.set(0);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if q.is_empty() {
            server_hits.set(Vec::new());
            searching.set(false);
            return;
        }
        searching.set(true);
        // The palette may have closed meanwhile (its values disposed): `try_` throughout.
        set_timeout(
            move || {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let query = ServerQuery {
                        limit: 8,
                        search: q,
                        ..Default::default()
                    };
                    let hits = servers::list(client, &query).await;
                    if generation.try_get_value() != Some(mine) {
                        return;
                    }
                    searching.try_set(false);
                    server_hits.try_set(match hits {
                        Ok(page) => page
                            .items
                            .into_iter()
                            .map(|s| Entry {
                                label: s.name,
                                group: "Server",
                                target: Target::Go(format!(
                                    "/servers/{}",
                                    crate::api::query::encode_component(&s.id)
                                )),
                            })
                            .collect(),
                        Err(_) => Vec::new(),
                    });
                });
            },
            Duration::from_millis(250),
        );
    });

    let results = Memo::new(move |_| {
        let recent = decode_recent(&recent_raw.get());
        let keys: Vec<String> = recent.iter().map(|e| e.target.key()).collect();
        let q = text.get();
        let mut all = if q.trim().is_empty() {
            recent.clone()
        } else {
            Vec::new()
        };
        all.extend(fixed_entries());
        // The server already matched these by name: keep them even if the fuzzy order differs.
        all.extend(server_hits.get());
        all.extend(policy_names.get());
        let mut ranked = rank(&q, &all, &keys);
        for s in server_hits.get() {
            if ranked.len() < SHOWN_MAX && !ranked.contains(&s) {
                ranked.push(s);
            }
        }
        ranked
    });

    let choose = move |e: Entry| {
        let stored = push_recent(&recent_raw.get_untracked(), &e);
        crate::dom::pref_set(RECENT_KEY, &stored);
        open.set(false);
        match e.target {
            Target::Go(path) => navigate(&path, Default::default()),
            Target::Theme => theme.cycle(),
            Target::Help => overlays.help_open.set(true),
            Target::SignOut => {
                leptos::task::spawn_local(async move { session.sign_out(client).await })
            }
        }
    };
    // Copy handle, so every option's click handler can hold it.
    let choose = StoredValue::new_local(choose);
    let choose = move |e: Entry| (choose.get_value())(e);
    let choose_active = move || {
        if let Some(e) = results.with_untracked(|r| r.get(active.get_untracked()).cloned()) {
            choose(e);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let n = results.with_untracked(|r| r.len());
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" => {
                ev.prevent_default();
                choose_active();
            }
            _ => {}
        }
    };
    // Keep the active option in view while arrowing through a long list.
    Effect::new(move |_| {
        let id = format!("palette-opt-{}", active.get());
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
        {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&opts);
        }
    });
    let expanded = move || results.with(|r| !r.is_empty());
    let status = move || {
        let n = results.with(|r| r.len());
        match (n, searching.get()) {
            (0, true) => "Searching servers…".to_string(),
            (0, false) => "No matches".to_string(),
            (1, _) => "1 result".to_string(),
            (n, _) => format!("{n} results"),
        }
    };

    view! {
        <Modal open=open on_close=Callback::new(move |_| open.set(false)) labelledby="palette-title"
            class="mx-auto mt-[10vh] mb-auto max-h-[80dvh] w-[calc(100%-1rem)] max-w-xl overflow-hidden rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-slate-900/50">
            <div class="flex flex-col" data-testid="command-palette">
                <h2 id="palette-title" class="sr-only">"Command palette"</h2>
                <input type="text" role="combobox" data-autofocus="" autocomplete="off" spellcheck="false"
                    class="w-full border-0 border-b border-line bg-transparent px-4 py-3 text-base outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-600"
                    placeholder="Search pages, actions, servers, policies…"
                    aria-label="Search pages, actions, servers and policies"
                    aria-autocomplete="list" aria-controls="palette-list"
                    aria-expanded=move || expanded().to_string()
                    aria-activedescendant=move || expanded().then(|| format!("palette-opt-{}", active.get()))
                    prop:value=move || text.get()
                    on:input=move |e| text.set(event_target_value(&e))
                    on:keydown=on_key/>
                <ul id="palette-list" role="listbox" aria-label="Results" class="max-h-[60dvh] overflow-y-auto p-2" hidden=move || !expanded()>
                    {move || results.get().into_iter().enumerate().map(|(i, e)| {
                        let chosen = e.clone();
                        view! {
                            <li id=format!("palette-opt-{i}") role="option" aria-selected=move || (active.get() == i).to_string()
                                class="flex cursor-pointer items-center justify-between gap-3 rounded px-3 py-2 text-sm aria-selected:bg-indigo-600 aria-selected:text-white"
                                on:mousemove=move |_| if active.get_untracked() != i { active.set(i) }
                                on:click=move |_| choose(chosen.clone())>
                                <bdi class="min-w-0 truncate">{e.label.clone()}</bdi>
                                <span class="shrink-0 text-xs opacity-90">{e.group}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p role="status" class="border-t border-line px-4 py-2 text-xs text-muted">{status}</p>
            </div>
        </Modal>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(label: &str) -> Entry {
        Entry {
            label: label.into(),
            group: "Page",
            target: Target::Go(format!("/{}", label.to_lowercase().replace(' ', "-"))),
        }
    }

    #[test]
    fn scores_subsequences_and_prefers_word_starts_and_runs() {
        assert!(score("srv", "Servers").is_some());
        assert!(score("xyz", "Servers").is_none());
        assert!(score("ak", "API keys").is_some());
        assert!(score("API KEY", "api keys").is_some());
        assert!(score("serv", "Servers") > score("serv", "Observe services"));
        assert!(score("audit", "Audit log") > score("audit", "Pauditorium"));
        assert_eq!(score("  ", "anything"), Some(0));
    }

    #[test]
    fn ranks_best_first_and_recent_breaks_ties() {
        let all = vec![e("Dashboard"), e("Servers"), e("Register server")];
        let r = rank("serv", &all, &[]);
        assert_eq!(r[0].label, "Servers");
        assert_eq!(r.len(), 2);
        let recent = vec![Target::Go("/register-server".into()).key()];
        let r = rank("", &all, &recent);
        assert_eq!(r[0].label, "Register server");
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn recent_round_trip_dedupes_and_caps() {
        let mut s = String::new();
        for i in 0..7 {
            s = push_recent(&s, &e(&format!("Page {i}")));
        }
        s = push_recent(&s, &e("Page 5"));
        let r = decode_recent(&s);
        assert_eq!(r.len(), RECENT_MAX);
        assert_eq!(r[0].label, "Page 5");
        assert_eq!(r.iter().filter(|x| x.label == "Page 5").count(), 1);
        // Only in-app paths come back: nothing stored can send the user off-site.
        assert!(decode_recent("Evil\tgo://evil.example").is_empty());
        assert!(decode_recent("Evil\tgo:https://x").is_empty());
        assert_eq!(Target::from_key("theme"), Some(Target::Theme));
    }
}
