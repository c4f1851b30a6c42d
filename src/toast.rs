//! Toasts: errors stay until dismissed, successes leave after 4 s; announced via `aria-live`.

use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
    Info,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn push(&self, kind: ToastKind, text: impl Into<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        let text = text.into();
        self.list.update(|l| {
            // The same message twice in a row is one toast, not a stack.
            if !l.iter().any(|t| t.text == text && t.kind == kind) {
                l.push(Toast { id, kind, text });
            }
        });
        if kind != ToastKind::Error {
            let this = *self;
            set_timeout(move || this.dismiss(id), Duration::from_secs(4));
        }
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(ToastKind::Success, text)
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(ToastKind::Error, text)
    }

    pub fn info(&self, text: impl Into<String>) {
        self.push(ToastKind::Info, text)
    }

    pub fn dismiss(&self, id: u64) {
        self.list.update(|l| l.retain(|t| t.id != id));
    }
}

pub fn provide_toasts() -> Toasts {
    let t = Toasts {
        list: RwSignal::new(Vec::new()),
        next: StoredValue::new(1),
    };
    provide_context(t);
    t
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="pointer-events-none fixed top-4 right-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2">
            // Two regions: errors interrupt (assertive), the rest wait their turn (polite).
            <div role="alert" aria-live="assertive" class="flex flex-col gap-2">
                <For each=move || toasts.list.get().into_iter().filter(|t| t.kind == ToastKind::Error) key=|t| t.id let:t>
                    <ToastCard toast=t/>
                </For>
            </div>
            <div role="status" aria-live="polite" class="flex flex-col gap-2">
                <For each=move || toasts.list.get().into_iter().filter(|t| t.kind != ToastKind::Error) key=|t| t.id let:t>
                    <ToastCard toast=t/>
                </For>
            </div>
        </div>
    }
}

#[component]
fn ToastCard(toast: Toast) -> impl IntoView {
    let toasts = use_toasts();
    let id = toast.id;
    let tone = match toast.kind {
        ToastKind::Success => {
            "border-green-600 bg-green-50 text-green-900 dark:bg-green-950 dark:text-green-100"
        }
        ToastKind::Error => {
            "border-red-600 bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100"
        }
        ToastKind::Info => {
            "border-slate-400 bg-white text-slate-900 dark:bg-slate-800 dark:text-slate-100"
        }
    };
    view! {
        <div class=format!("pointer-events-auto flex items-start gap-3 rounded-md border-l-4 p-3 shadow-lg {tone}") data-toast=match toast.kind { ToastKind::Error => "error", ToastKind::Success => "success", ToastKind::Info => "info" }>
            <p class="flex-1 whitespace-pre-line text-sm">{toast.text}</p>
            <button type="button" class="rounded px-1 text-lg leading-none opacity-70 hover:opacity-100 focus-visible:outline-2" aria-label="Dismiss notification" on:click=move |_| toasts.dismiss(id)>
                "×"
            </button>
        </div>
    }
}
