//! One labelled form field: label, the control passed as children (text input, select of an
//! enum, textarea, checkbox), optional help and the error line. The control carries `id` and
//! points `aria-describedby` at [`describedby`] so the help and the error are read with it.

use leptos::prelude::*;

/// The ids the control's `aria-describedby` should name.
pub fn describedby(id: &str, has_help: bool) -> String {
    if has_help {
        format!("{id}-err {id}-help")
    } else {
        format!("{id}-err")
    }
}

#[component]
pub fn Field(
    /// The control's id (the label's `for`).
    #[prop(into)]
    id: String,
    label: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] help: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div>
            <label for=id.clone() class="label">{label}</label>
            {children()}
            {(!help.is_empty()).then(|| view! { <p id=format!("{id}-help") class="mt-1 text-xs text-slate-500 dark:text-slate-400">{help}</p> })}
            <FieldError id=format!("{id}-err") msg=error/>
        </div>
    }
}

/// The error line under a form field; point the field's `aria-describedby` at `id`.
#[component]
pub fn FieldError(
    #[prop(into)] id: String,
    #[prop(into)] msg: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p id=id class="mt-1 whitespace-pre-line text-sm text-red-700 dark:text-red-300">{move || msg.get()}</p>
    }
}

/// `aria-invalid` value for a field with an optional error.
pub fn invalid(msg: Signal<Option<String>>) -> impl Fn() -> &'static str + Copy {
    move || {
        if msg.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    }
}
