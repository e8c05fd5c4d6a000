//! The PDF's charts, drawn as vector paths from plain data (labels, values, the words to show), so
//! that they know nothing of the summary and can be read and changed on their own.
//!
//! A value that is not shown (`None`) is never drawn as a bar, a point or a zero: it is written as
//! the words it carries (`<5`, `*`, "not shown"), or left as a gap in a line.

use super::layout::{Align, Colour, Pen, Weight, colour};

/// Where a chart goes: its top-left corner and size, in points.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// What it is.
    pub label: String,
    /// Its length; `None` when not shown.
    pub value: Option<f64>,
    /// The value as a person reads it: `76.9%`, `12`, `<5`, `*`, "not shown".
    pub shown: String,
    /// A line under the label ("40 of 52 attended"); may be empty.
    pub note: String,
}

/// One line of a line chart.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub colour: Colour,
    /// One value per label; `None` leaves a gap.
    pub values: Vec<Option<f64>>,
}

/// A round top for an axis holding values up to `max`, and its step: 1, 2 or 5 times a power of ten,
/// in four to six steps.
pub fn scale(max: f64) -> (f64, f64) {
    if max.is_nan() || max <= 0.0 {
        return (4.0, 1.0);
    }
    let rough = max / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power)
        .max(1.0);
    ((max / step).ceil() * step, step)
}

fn tick_text(v: f64, percent: bool) -> String {
    if percent { format!("{v:.0}%") } else { format!("{v:.0}") }
}

/// The title above a chart and the axis name under it; returns where the plot may start.
fn heading(pen: &mut Pen<'_, '_>, a: Area, title: &str, axis: &str) -> f32 {
    pen.text(a.x, a.y + 11.0, 10.5, Weight::Bold, colour::ink(), Align::Left, title);
    let (axis, size) = pen.fonts.fit(axis, 7.5, 6.0, Weight::Regular, a.w);
    pen.text(a.x, a.y + 25.0, size, Weight::Regular, colour::grey(), Align::Left, &axis);
    a.y + 34.0
}

/// Horizontal gridlines with their values at the left, from 0 to `top`.
fn grid(
    pen: &mut Pen<'_, '_>,
    left: f32,
    right: f32,
    top_y: f32,
    base_y: f32,
    (top, step): (f64, f64),
    percent: bool,
) {
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        let y = base_y - ((v / top) as f32) * (base_y - top_y);
        pen.line(left, y, right, y, 0.5, if v == 0.0 { colour::grey() } else { colour::rule() });
        pen.text(
            left - 4.0,
            y + 2.5,
            7.0,
            Weight::Regular,
            colour::grey(),
            Align::Right,
            &tick_text(v, percent),
        );
        v += step;
    }
}

/// Vertical bars of percentages (0 to 100), each with its value above it and its label and note
/// under it.
pub fn columns(pen: &mut Pen<'_, '_>, a: Area, title: &str, axis: &str, bars: &[Bar]) {
    let top_y = heading(pen, a, title, axis) + 8.0;
    let left = a.x + 30.0;
    let right = a.x + a.w;
    // Room under the bars for a label and a note.
    let base_y = a.y + a.h - 30.0;
    grid(pen, left, right, top_y, base_y, (100.0, 20.0), true);
    if bars.is_empty() {
        return;
    }
    let slot = (right - left) / bars.len() as f32;
    let bar_w = (slot * 0.45).min(90.0);
    for (i, b) in bars.iter().enumerate() {
        let cx = left + slot * (i as f32 + 0.5);
        match b.value {
            Some(v) => {
                let h = ((v.clamp(0.0, 100.0) / 100.0) as f32) * (base_y - top_y);
                pen.rect(
                    cx - bar_w / 2.0,
                    base_y - h,
                    bar_w,
                    h,
                    if i == 0 { colour::blue() } else { colour::orange() },
                );
                pen.text(cx, base_y - h - 4.0, 10.0, Weight::Bold, colour::ink(), Align::Centre, &b.shown);
            }
            None => {
                pen.text(cx, base_y - 8.0, 9.0, Weight::Regular, colour::grey(), Align::Centre, &b.shown);
            }
        }
        let (label, size) = pen.fonts.fit(&b.label, 9.0, 7.0, Weight::Bold, slot - 6.0);
        pen.text(cx, base_y + 13.0, size, Weight::Bold, colour::ink(), Align::Centre, &label);
        let (note, size) = pen.fonts.fit(&b.note, 8.0, 6.5, Weight::Regular, slot - 6.0);
        pen.text(cx, base_y + 25.0, size, Weight::Regular, colour::grey(), Align::Centre, &note);
    }
}

/// Lines over `labels` (one point each), with gridlines, a legend when there is more than one line,
/// and each point's value when there is only one. `percent` values run from 0 to 100.
#[allow(clippy::too_many_arguments)]
pub fn lines(
    pen: &mut Pen<'_, '_>,
    a: Area,
    title: &str,
    axis: &str,
    labels: &[(String, String)],
    series: &[Series],
    percent: bool,
) {
    let gaps = series.iter().any(|s| s.values.iter().any(Option::is_none));
    let axis = if gaps { format!("{axis}; a gap: not shown") } else { axis.to_owned() };
    let mut top_y = heading(pen, a, title, &axis) + 6.0;
    if series.len() > 1 {
        // The legend, on one line under the axis name.
        let mut x = a.x;
        for s in series {
            pen.line(x, top_y + 1.0, x + 14.0, top_y + 1.0, 2.0, s.colour);
            pen.dot(x + 7.0, top_y + 1.0, 2.2, s.colour);
            x += 18.0
                + pen.text(x + 18.0, top_y + 4.0, 7.5, Weight::Regular, colour::ink(), Align::Left, &s.name);
            x += 12.0;
        }
        top_y += 14.0;
    }
    let left = a.x + 30.0;
    let right = a.x + a.w;
    let base_y = a.y + a.h - 22.0;
    let max = series.iter().flat_map(|s| s.values.iter().flatten().copied()).fold(0.0, f64::max);
    let range = if percent { (100.0, 20.0) } else { scale(max) };
    // Room above the highest point for its value.
    let plot_top = if percent || series.len() > 1 { top_y } else { top_y + 8.0 };
    grid(pen, left, right, plot_top, base_y, range, percent);
    if labels.is_empty() {
        return;
    }
    let step = (right - left) / labels.len() as f32;
    let x_of = |i: usize| left + step * (i as f32 + 0.5);
    let y_of = |v: f64| base_y - ((v / range.0).clamp(0.0, 1.0) as f32) * (base_y - plot_top);
    for (i, (month, year)) in labels.iter().enumerate() {
        pen.text(x_of(i), base_y + 10.0, 7.0, Weight::Regular, colour::ink(), Align::Centre, month);
        pen.text(x_of(i), base_y + 19.0, 6.5, Weight::Regular, colour::grey(), Align::Centre, year);
    }
    for s in series {
        let mut run: Vec<(f32, f32)> = Vec::new();
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => run.push((x_of(i), y_of(*v))),
                None => {
                    pen.polyline(&run, 1.8, s.colour);
                    run.clear();
                }
            }
        }
        pen.polyline(&run, 1.8, s.colour);
        for (i, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                pen.dot(x_of(i), y_of(*v), 2.2, s.colour);
                if series.len() == 1 {
                    let shown = tick_text(*v, percent);
                    pen.text(
                        x_of(i),
                        y_of(*v) - 5.0,
                        6.5,
                        Weight::Regular,
                        colour::ink(),
                        Align::Centre,
                        &shown,
                    );
                }
            }
        }
    }
}

/// Horizontal bars under a small heading, one row each: the label, the bar and its value, all on
/// one scale running to `max`. A value not shown gets its words and no bar. Returns the y below.
pub fn rows(pen: &mut Pen<'_, '_>, x: f32, y: f32, w: f32, heading: &str, bars: &[Bar], max: f64) -> f32 {
    const ROW: f32 = 12.5;
    pen.text(x, y + 9.0, 9.0, Weight::Bold, colour::ink(), Align::Left, heading);
    let mut y = y + 15.0;
    let label_w = w * 0.52;
    let bar_x = x + label_w + 6.0;
    let bar_max = w - label_w - 6.0 - 26.0;
    for b in bars {
        let (label, size) = pen.fonts.fit(&b.label, 7.5, 6.0, Weight::Regular, label_w);
        pen.text(x, y + 8.5, size, Weight::Regular, colour::ink(), Align::Left, &label);
        pen.rect(bar_x, y + 2.0, bar_max, ROW - 4.0, colour::faint());
        let end = match b.value {
            Some(v) if v > 0.0 && max > 0.0 => {
                let len = ((v / max).clamp(0.0, 1.0) as f32) * bar_max;
                pen.rect(bar_x, y + 2.0, len.max(1.0), ROW - 4.0, colour::teal());
                bar_x + len.max(1.0)
            }
            _ => bar_x,
        };
        let c = if b.value.is_some() { colour::ink() } else { colour::grey() };
        pen.text(end + 3.0, y + 8.5, 7.5, Weight::Bold, c, Align::Left, &b.shown);
        y += ROW;
    }
    y
}
