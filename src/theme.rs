//! Light / dark / system theme. The preference (only that) lives in localStorage; the `dark`
//! class on `<html>` is set before first paint by `public/theme.js`, and kept in sync here.

use leptos::prelude::*;

pub const STORAGE_KEY: &str = "sark-theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    System,
}

impl Theme {
    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System => "system",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::System => "System",
        }
    }

    /// The cycle of the `t` shortcut and the toggle button: light → dark → system.
    pub fn next(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
            Theme::System => Theme::Light,
        }
    }

    pub fn is_dark(self, system_dark: bool) -> bool {
        match self {
            Theme::Light => false,
            Theme::Dark => true,
            Theme::System => system_dark,
        }
    }
}

#[derive(Clone, Copy)]
pub struct ThemeCtx {
    pub theme: RwSignal<Theme>,
    pub system_dark: RwSignal<bool>,
}

impl ThemeCtx {
    pub fn is_dark(&self) -> bool {
        self.theme.get().is_dark(self.system_dark.get())
    }

    pub fn cycle(&self) {
        self.theme.update(|t| *t = t.next());
    }
}

/// Creates the context, follows the OS in system mode and persists changes.
pub fn provide_theme() -> ThemeCtx {
    let initial = crate::dom::pref_get(STORAGE_KEY)
        .map(|s| Theme::parse(&s))
        .unwrap_or(Theme::System);
    let ctx = ThemeCtx {
        theme: RwSignal::new(initial),
        system_dark: RwSignal::new(crate::dom::prefers_dark()),
    };
    watch_system(ctx.system_dark);
    Effect::new(move |_| {
        let t = ctx.theme.get();
        crate::dom::set_root_class("dark", t.is_dark(ctx.system_dark.get()));
        crate::dom::pref_set(STORAGE_KEY, t.as_str());
    });
    provide_context(ctx);
    ctx
}

fn watch_system(target: RwSignal<bool>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(mql) = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
    else {
        return;
    };
    let cb = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
        move |e: web_sys::MediaQueryListEvent| {
            target.set(e.matches());
        },
    );
    let _ = mql.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
    // Lives as long as the page: the app never unmounts.
    cb.forget();
}

pub fn use_theme() -> ThemeCtx {
    expect_context::<ThemeCtx>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_and_resolution() {
        assert_eq!(Theme::Light.next().next().next(), Theme::Light);
        assert!(Theme::System.is_dark(true));
        assert!(!Theme::System.is_dark(false));
        assert!(Theme::Dark.is_dark(false));
        assert_eq!(Theme::parse("bogus"), Theme::System);
    }
}
