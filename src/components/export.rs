//! Export controls shared by the list pages: the "Export CSV" / "Export JSON" buttons and the
//! file-name rules. Pages build the file text (through `crate::csv`), then call [`save`].

use leptos::prelude::*;

use crate::csv::ExportFormat;

/// Two buttons; `busy` disables both while a file is being built and says so.
#[component]
pub fn ExportMenu(
    on_export: Callback<ExportFormat>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    [(ExportFormat::Csv, "Export CSV"), (ExportFormat::Json, "Export JSON")]
        .into_iter()
        .map(|(f, label)| {
            view! {
                <button type="button" class="btn-secondary" disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                    on:click=move |_| on_export.run(f)>{label}</button>
            }
        })
        .collect_view()
}

/// `<prefix>-<UTC YYYY-MM-DDTHH-MM-SS>.<ext>`.
pub fn default_name(prefix: &str, fmt: ExportFormat, unix: i64) -> String {
    format!(
        "{prefix}-{}.{}",
        crate::time_fmt::file_stamp(unix),
        fmt.ext()
    )
}

/// The server's file name (`Content-Disposition`) with the extension of the format written.
pub fn with_ext(name: &str, fmt: ExportFormat) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("{stem}.{}", fmt.ext())
}

/// Offers `contents` as a download named `name`.
pub fn save(name: &str, fmt: ExportFormat, contents: &str) -> Result<(), String> {
    crate::dom::download(name, fmt.mime(), contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(
            default_name("servers", ExportFormat::Csv, 1_795_364_277),
            "servers-2026-11-22T16-17-57.csv"
        );
        assert_eq!(
            with_ext("servers_20261122_161758.json", ExportFormat::Csv),
            "servers_20261122_161758.csv"
        );
        assert_eq!(with_ext("servers", ExportFormat::Json), "servers.json");
    }
}
