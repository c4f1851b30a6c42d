//! Hand-written, accessible SVG charts: a horizontal bar chart and a line chart. Each is a
//! `<figure>` whose `<svg role="img">` carries a `<title>`, with labelled axes and a "Show table"
//! toggle that swaps in a plain table of the same numbers. Colours come from Tailwind
//! `fill-*`/`stroke-*` classes with `dark:` variants, so the charts follow the theme.
//! Scaling and ticks are pure functions, host-tested. The viewBox is as wide as the chart's box in
//! CSS pixels (measured, and again on resize), so chart text stays at the page's text size at
//! every width instead of scaling with the drawing.

use leptos::prelude::*;

use crate::time_fmt::one_decimal;

/// One bar: label, value and its Tailwind fill class (e.g. `fill-green-500`).
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub fill: &'static str,
}

/// 1, 2 or 5 × 10ⁿ: the round step nearest above `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powi(raw.log10().floor() as i32);
    let f = raw / mag;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

/// About `target` round ticks covering `[min, max]`, first ≤ min, last ≥ max. A flat range is
/// widened so the axis never collapses.
pub fn ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    let (mut lo, mut hi) = if min <= max { (min, max) } else { (max, min) };
    if !(lo.is_finite() && hi.is_finite()) {
        return vec![0.0, 1.0];
    }
    if (hi - lo).abs() < f64::EPSILON {
        lo -= 1.0_f64.max(lo.abs() * 0.05);
        hi += 1.0_f64.max(hi.abs() * 0.05);
        if min >= 0.0 && lo < 0.0 {
            lo = 0.0;
        }
    }
    let step = nice_step((hi - lo) / target.max(1) as f64);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// Maps `v` from `[d0, d1]` onto `[r0, r1]`; a degenerate domain maps to `r0`.
pub fn scale(v: f64, d0: f64, d1: f64, r0: f64, r1: f64) -> f64 {
    if (d1 - d0).abs() < f64::EPSILON {
        r0
    } else {
        r0 + (v - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// A number for an axis or a table: whole numbers without decimals, else one decimal.
pub fn num(v: f64) -> String {
    if v.is_finite() && v.fract().abs() < 1e-9 && v.abs() < 1e15 {
        (v as i64).to_string()
    } else {
        one_decimal(v)
    }
}

/// Pixel coordinate for an attribute: integers keep float formatting out of the wasm.
fn px(v: f64) -> i32 {
    v.round() as i32
}

/// An SVG `<title>` (the chart's accessible name). Built by hand: inside `view!` a `<title>`
/// under `<svg>` would be created in the HTML namespace.
fn svg_title(text: &str) -> impl IntoView {
    leptos::tachys::svg::title().child(text.to_owned())
}

const AXIS: &str = "fill-muted";
/// Chart text in CSS pixels: the page's small text (`text-xs`).
const FONT: i32 = 12;
/// Roughly the advance of one character at `FONT`.
const CHAR_W: i32 = 7;

/// Measures `node` into `width`; while it has no width (e.g. inside a closed `<details>`), looks
/// again every 250 ms until it is shown or gone.
fn measure(node: NodeRef<leptos::html::Div>, width: RwSignal<f64>) {
    let Some(el) = node.try_get_untracked().flatten() else {
        return;
    };
    let w = el.client_width();
    if w > 0 {
        if width.try_get_untracked() != Some(w as f64) {
            width.try_set(w as f64);
        }
    } else {
        set_timeout(
            move || measure(node, width),
            std::time::Duration::from_millis(250),
        );
    }
}

/// The drawing width in CSS pixels of the element behind `node`, kept current on resize.
fn measured_width(node: NodeRef<leptos::html::Div>) -> RwSignal<f64> {
    // 0 until measured: drawing at a guessed width could widen the page before the first measure.
    let width = RwSignal::new(0.0);
    let measure = move || measure(node, width);
    Effect::new(move |_| {
        node.track();
        measure();
    });
    let handle = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || handle.remove());
    width
}
/// The chart's box, drawn by `draw` at its measured width (at least 200 px); nothing until the
/// width is known, so a guess never widens the page.
fn sized(
    draw: impl Fn(f64) -> AnyView + Clone + Send + Sync + 'static,
) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    let boxed = NodeRef::<leptos::html::Div>::new();
    let width = measured_width(boxed);
    move || {
        let draw = draw.clone();
        let at_width = move || match width.get() {
            w if w > 0.0 => draw(w.max(200.0)),
            _ => ().into_any(),
        };
        view! { <div node_ref=boxed class="w-full min-w-0 overflow-hidden">{at_width}</div> }
            .into_any()
    }
}

const GRID: &str = "stroke-slate-200 dark:stroke-slate-700";

/// The figure around a chart, with its title and the table toggle.
fn frame(
    title: String,
    id: String,
    chart: impl Fn() -> AnyView + Send + Sync + 'static,
    table: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    let as_table = RwSignal::new(false);
    view! {
        <figure class="card" data-testid=id>
            <div class="mb-2 flex items-center justify-between gap-2">
                <figcaption class="text-sm font-medium">{title.clone()}</figcaption>
                <button type="button" class="btn-secondary px-2 py-1 text-xs" aria-pressed=move || as_table.get().to_string() on:click=move |_| as_table.update(|t| *t = !*t)>
                    {move || if as_table.get() { "Show chart" } else { "Show table" }}
                    <span class="sr-only">{format!(": {title}")}</span>
                </button>
            </div>
            {move || if as_table.get() { table() } else { chart() }}
        </figure>
    }
    .into_any()
}

fn table(caption: String, head: (&'static str, String), rows: Vec<(String, String)>) -> AnyView {
    view! {
        <table class="w-full text-left text-sm">
            <caption class="sr-only">{caption}</caption>
            <thead class="text-xs text-muted">
                <tr><th scope="col" class="py-1">{head.0}</th><th scope="col" class="py-1 text-right">{head.1}</th></tr>
            </thead>
            <tbody class="divide-y divide-slate-100 dark:divide-slate-800">
                {rows.into_iter().map(|(k, v)| view! {
                    <tr><th scope="row" class="py-1 font-normal">{k}</th><td class="py-1 text-right tabular-nums">{v}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Horizontal bars with category labels on the left and a value axis (`unit`) below.
#[component]
pub fn BarChart(
    #[prop(into)] title: String,
    /// The bars; a signal so live data redraws without resetting the table toggle.
    #[prop(into)]
    bars: Signal<Vec<Bar>>,
    /// Label of the value axis, e.g. "Servers".
    unit: &'static str,
    #[prop(into, optional)] id: String,
) -> impl IntoView {
    const ROW: f64 = 24.0;
    let t2 = title.clone();
    let chart = sized(move |w: f64| {
        let bars = bars.get();
        let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
        let ts = ticks(0.0, max.max(1.0), 4);
        let top = *ts.last().unwrap_or(&1.0);
        let height = bars.len() as i32 * ROW as i32 + 44;
        let axis_y = bars.len() as i32 * ROW as i32 + 4;
        // Room for the longest label, but never more than 40 % of the width (the table view
        // has every label in full).
        let longest = bars
            .iter()
            .map(|b| b.label.chars().count())
            .max()
            .unwrap_or(0);
        let left = (longest as i32 * CHAR_W + 12).clamp(48, (w * 0.4) as i32);
        let max_chars = ((left - 12) / CHAR_W).max(3) as usize;
        let label = move |l: &str| {
            if l.chars().count() <= max_chars {
                l.to_string()
            } else {
                let cut: String = l.chars().take(max_chars - 1).collect();
                format!("{cut}…")
            }
        };
        // Room on the right for the value printed after the longest bar.
        let (lf, rf) = (left as f64, w - 36.0);
        let x = move |v: f64| px(scale(v, 0.0, top, lf, rf));
        let wi = px(w);
        view! {
            <svg role="img" viewBox=format!("0 0 {wi} {height}") width=wi height=height class="block max-w-full" font-size=FONT>
                {svg_title(&t2)}
                {ts.iter().map(|t| view! {
                    <line x1=x(*t) x2=x(*t) y1="0" y2=axis_y class=GRID/>
                    <text x=x(*t) y=axis_y + 13 text-anchor="middle" class=AXIS>{num(*t)}</text>
                }).collect_view()}
                <text x=px((lf + rf) / 2.0) y=axis_y + 32 text-anchor="middle" class=AXIS>{unit}</text>
                {bars.iter().enumerate().map(|(i, b)| {
                    let y = i as i32 * ROW as i32 + 4;
                    view! {
                        <text x=left - 6 y=y + 14 text-anchor="end" class="fill-fg">{label(&b.label)}</text>
                        <rect x=left y=y + 3 height=ROW as i32 - 8 width=(x(b.value) - left).max(0) rx="2" class=b.fill/>
                        <text x=x(b.value) + 4 y=y + 14 class="fill-fg">{num(b.value)}</text>
                    }
                }).collect_view()}
            </svg>
        }
        .into_any()
    });
    let caption = title.clone();
    frame(title, id, chart, move || {
        let rows = bars.with(|b| b.iter().map(|b| (b.label.clone(), num(b.value))).collect());
        table(caption.clone(), ("Category", unit.to_string()), rows)
    })
}

/// Chronological points (Unix seconds, value) as a line with time and value axes.
#[component]
pub fn LineChart(
    #[prop(into)] title: String,
    /// Chronological (Unix seconds, value) pairs.
    #[prop(into)]
    points: Signal<Vec<(i64, f64)>>,
    /// Label of the value axis.
    #[prop(into)]
    y_label: Signal<String>,
    #[prop(into, optional)] id: String,
) -> impl IntoView {
    const L: f64 = 56.0;
    const T: f64 = 8.0;
    const B: f64 = 160.0;
    let t2 = title.clone();
    let chart = sized(move |w: f64| {
        let r = w - 8.0;
        let points = points.get();
        let lo = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        let hi = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let ys = if points.is_empty() {
            vec![0.0, 1.0]
        } else {
            ticks(lo, hi, 4)
        };
        let (y0, y1) = (ys[0], *ys.last().unwrap_or(&1.0));
        let (t0, t1) = (
            points.first().map_or(0, |p| p.0),
            points.last().map_or(1, |p| p.0),
        );
        // Times of day for a day or less, dates beyond.
        let short = t1 - t0 <= 86_400;
        let when = move |t: i64| {
            let s = crate::time_fmt::to_rfc3339(t);
            let part = if short { s.get(11..16) } else { s.get(5..10) };
            part.unwrap_or_default().to_string()
        };
        let n = points.len();
        // Five time labels where they fit (about 60 px each), fewer on a phone.
        let slots = (((r - L) / 60.0) as i64).clamp(1, 4);
        let xt: Vec<i64> = if n < 2 {
            vec![t0]
        } else {
            (0..=slots).map(|i| t0 + (t1 - t0) * i / slots).collect()
        };
        let x = move |t: i64| px(scale(t as f64, t0 as f64, t1 as f64, L, r));
        // The outermost labels align inwards so none is clipped at the edges.
        let anchor = move |i: usize| {
            if n < 2 || i == 0 {
                "start"
            } else if i as i64 == slots {
                "end"
            } else {
                "middle"
            }
        };
        let y = move |v: f64| px(scale(v, y0, y1, B, T));
        let d: String = points
            .iter()
            .enumerate()
            .map(|(i, (t, v))| format!("{}{} {} ", if i == 0 { 'M' } else { 'L' }, x(*t), y(*v)))
            .collect();
        let wi = px(w);
        view! {
            <svg role="img" viewBox=format!("0 0 {wi} 200") width=wi height="200" class="block max-w-full" font-size=FONT>
                {svg_title(&t2)}
                {ys.iter().map(|v| view! {
                    <line x1=L as i32 x2=px(r) y1=y(*v) y2=y(*v) class=GRID/>
                    <text x=L as i32 - 6 y=y(*v) + 4 text-anchor="end" class=AXIS>{num(*v)}</text>
                }).collect_view()}
                {xt.iter().enumerate().map(|(i, t)| view! {
                    <text x=x(*t) y=B as i32 + 18 text-anchor=anchor(i) class=AXIS>{when(*t)}</text>
                }).collect_view()}
                <text x=px((L + r) / 2.0) y="194" text-anchor="middle" class=AXIS>"Time (UTC)"</text>
                <text transform=format!("translate(14 {}) rotate(-90)", px((T + B) / 2.0)) text-anchor="middle" class=AXIS>{y_label.get()}</text>
                <path d=d fill="none" stroke-width="2" class="stroke-indigo-600 dark:stroke-indigo-400"/>
            </svg>
        }
        .into_any()
    });
    let caption = title.clone();
    frame(title, id, chart, move || {
        let rows = points.with(|p| {
            p.iter()
                .map(|(t, v)| {
                    (
                        crate::time_fmt::display(&crate::time_fmt::to_rfc3339(*t)),
                        num(*v),
                    )
                })
                .collect()
        });
        table(caption.clone(), ("Time", y_label.get()), rows)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_five() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.5), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(230.0), 500.0);
        assert_eq!(nice_step(0.03), 0.05);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
    }

    #[test]
    fn ticks_cover_the_range() {
        assert_eq!(ticks(0.0, 10.0, 4), vec![0.0, 5.0, 10.0]);
        assert_eq!(ticks(0.0, 23.0, 4), vec![0.0, 10.0, 20.0, 30.0]);
        assert_eq!(ticks(0.0, 1.0, 4), vec![0.0, 0.5, 1.0]);
        let t = ticks(95.0, 100.0, 4);
        assert!(t[0] <= 95.0 && *t.last().unwrap() >= 100.0);
        // A flat series still gets an axis around its value.
        let t = ticks(100.0, 100.0, 4);
        assert!(t.len() >= 2 && t[0] < 100.0 && *t.last().unwrap() > 100.0);
        // Non-negative flat series never dips below zero.
        assert_eq!(ticks(0.0, 0.0, 4)[0], 0.0);
        assert_eq!(ticks(f64::NAN, 1.0, 4), vec![0.0, 1.0]);
    }

    #[test]
    fn scale_maps_and_tolerates_flat_domains() {
        assert_eq!(scale(5.0, 0.0, 10.0, 100.0, 200.0), 150.0);
        assert_eq!(scale(0.0, 0.0, 10.0, 160.0, 8.0), 160.0);
        assert_eq!(scale(10.0, 0.0, 10.0, 160.0, 8.0), 8.0);
        assert_eq!(scale(3.0, 2.0, 2.0, 7.0, 9.0), 7.0);
    }

    #[test]
    fn numbers_print_without_float_noise() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(99.5), "99.5");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(f64::NAN), "–");
    }
}
