//! One table idiom for every list: the table sits in its own keyboard-scrollable region (wide
//! tables scroll inside it, never the page: WCAG 1.4.10, 2.1.1), sortable headers say their order
//! (`aria-sort`), and empty, loading and error states are full-width rows of the same table.

use leptos::prelude::*;

/// Header row classes.
pub const THEAD: &str =
    "border-b border-line bg-surface-alt text-left text-xs uppercase tracking-wide text-muted";
/// Header cell classes.
pub const TH: &str = "px-3 py-2 font-medium whitespace-nowrap";

/// The scroll region and `<table>`; `label` names both (the caption is for screen readers).
/// `relative` keeps visually hidden cells inside the scroll box instead of widening the page.
#[component]
pub fn Table(
    #[prop(into)] label: String,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let caption = label.clone();
    view! {
        <div class=format!("scroll-region relative {class}") tabindex="0" role="region" aria-label=label>
            <table class="w-full text-sm">
                <caption class="sr-only">{caption}</caption>
                {children()}
            </table>
        </div>
    }
}

/// Column class that shows the name to screen readers only (an actions column).
pub const SR_ONLY: &str = "sr-only";

/// The header row: one `(name, extra classes)` per column. A column whose classes are
/// [`SR_ONLY`] is named for screen readers only; children are a first cell of their own (select all).
#[component]
pub fn Head(
    #[prop(into)] cols: Vec<(&'static str, &'static str)>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let cells = cols
        .into_iter()
        .map(|(name, extra)| {
            if extra == SR_ONLY {
                view! { <th scope="col" class=TH><span class="sr-only">{name}</span></th> }
                    .into_any()
            } else {
                view! { <th scope="col" class=format!("{TH} {extra}")>{name}</th> }.into_any()
            }
        })
        .collect_view();
    view! {
        <thead class=format!("{THEAD} {class}")>
            <tr>{children.map(|c| c())}{cells}</tr>
        </thead>
    }
}

/// Sort order of a column, as `aria-sort` says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    None,
    Ascending,
    Descending,
}

impl Sort {
    pub fn aria(self) -> &'static str {
        match self {
            Sort::None => "none",
            Sort::Ascending => "ascending",
            Sort::Descending => "descending",
        }
    }

    fn arrow(self) -> &'static str {
        match self {
            Sort::None => "↕",
            Sort::Ascending => "↑",
            Sort::Descending => "↓",
        }
    }
}

/// A column header that sorts when pressed; the page owns the order and what a press does.
#[component]
pub fn SortTh(
    #[prop(into)] label: String,
    #[prop(into)] sort: Signal<Sort>,
    on_sort: Callback<()>,
) -> impl IntoView {
    view! {
        <th scope="col" class=TH aria-sort=move || sort.get().aria()>
            <button type="button" class="inline-flex items-center gap-1 uppercase hover:text-fg" on:click=move |_| on_sort.run(())>
                {label}<span aria-hidden="true">{move || sort.get().arrow()}</span>
            </button>
        </th>
    }
}

/// A full-width row for the empty, loading or error state.
#[component]
pub fn StateRow(colspan: u32, children: Children) -> impl IntoView {
    view! {
        <tr><td colspan=colspan class="px-3 py-6 text-center text-sm text-muted">{children()}</td></tr>
    }
}

/// The selection cell of a row: a labelled checkbox.
#[component]
pub fn SelectCell(
    #[prop(into)] label: String,
    #[prop(into)] checked: Signal<bool>,
    on_toggle: Callback<bool>,
) -> impl IntoView {
    view! {
        <td class="w-8 px-3 py-2">
            <input type="checkbox" aria-label=label prop:checked=move || checked.get()
                on:change=move |e| on_toggle.run(event_target_checked(&e))/>
        </td>
    }
}
