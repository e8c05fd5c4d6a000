//! A plain document that flows over as many A4 pages as it needs: a title, headings, paragraphs,
//! "label: value" facts and bulleted items, with each page's number and a line saying what the
//! document is at its foot. Used for what a person reads line by line (a subject access response),
//! where the monthly summary's fixed two-page layout does not fit.
//!
//! The blocks are laid out first (wrapped to the width, each line placed on a page), then drawn, so
//! every page knows the number of pages.

use krilla::Document;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;

use super::layout::{Align, Colour, Fonts, Pen, Weight, colour};
use super::{MARGIN, PAGE_H, PAGE_W, WIDTH, failed};
use crate::Result;

/// One piece of a flowing document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A section heading; never left alone at the foot of a page.
    Heading(String),
    /// A paragraph.
    Para(String),
    /// A paragraph in grey (an explanation).
    Note(String),
    /// A fact: its label in bold, the value beside it.
    Fact(String, String),
    /// A bulleted item.
    Item(String),
}

/// A document: its title, a line under the title, what the foot of each page says, and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Flow {
    pub title: String,
    pub subtitle: String,
    pub footer: String,
    pub blocks: Vec<Block>,
}

struct Line {
    x: f32,
    y: f32,
    size: f32,
    weight: Weight,
    colour: Colour,
    text: String,
}

const TOP: f32 = MARGIN + 10.0;
const BOTTOM: f32 = PAGE_H - 60.0;
const LABEL_W: f32 = 150.0;

/// Places every line of the document on a page.
fn lay_out(fonts: &Fonts, flow: &Flow) -> Vec<Vec<Line>> {
    let mut pages: Vec<Vec<Line>> = vec![Vec::new()];
    let mut y = TOP;
    let put = |pages: &mut Vec<Vec<Line>>, y: &mut f32, lines: Vec<Line>, height: f32, keep_after: f32| {
        if *y + height + keep_after > BOTTOM && *y > TOP {
            pages.push(Vec::new());
            *y = TOP;
        }
        let base = *y;
        if let Some(page) = pages.last_mut() {
            page.extend(lines.into_iter().map(|mut l| {
                l.y += base;
                l
            }));
        }
        *y += height;
    };
    let line = |x: f32, y: f32, size: f32, weight: Weight, colour: Colour, text: String| Line {
        x,
        y,
        size,
        weight,
        colour,
        text,
    };
    for t in fonts.wrap(&flow.title, 20.0, Weight::Bold, WIDTH) {
        put(&mut pages, &mut y, vec![line(MARGIN, 20.0, 20.0, Weight::Bold, colour::ink(), t)], 26.0, 0.0);
    }
    for t in fonts.wrap(&flow.subtitle, 10.0, Weight::Regular, WIDTH) {
        put(
            &mut pages,
            &mut y,
            vec![line(MARGIN, 10.0, 10.0, Weight::Regular, colour::grey(), t)],
            14.0,
            0.0,
        );
    }
    y += 8.0;
    for block in &flow.blocks {
        match block {
            Block::Heading(h) => {
                let lines: Vec<Line> = fonts
                    .wrap(h, 13.0, Weight::Bold, WIDTH)
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| line(MARGIN, 22.0 + 16.0 * i as f32, 13.0, Weight::Bold, colour::ink(), t))
                    .collect();
                let h = 10.0 + 16.0 * lines.len() as f32;
                put(&mut pages, &mut y, lines, h, 30.0);
            }
            Block::Para(p) | Block::Note(p) => {
                let c = if matches!(block, Block::Note(_)) { colour::grey() } else { colour::ink() };
                for t in fonts.wrap(p, 9.5, Weight::Regular, WIDTH) {
                    put(&mut pages, &mut y, vec![line(MARGIN, 12.0, 9.5, Weight::Regular, c, t)], 13.0, 0.0);
                }
                y += 4.0;
            }
            Block::Fact(label, value) => {
                let labels = fonts.wrap(label, 9.5, Weight::Bold, LABEL_W - 10.0);
                let values = fonts.wrap(
                    if value.is_empty() { "—" } else { value },
                    9.5,
                    Weight::Regular,
                    WIDTH - LABEL_W,
                );
                let n = labels.len().max(values.len());
                let mut lines = Vec::new();
                for (i, t) in labels.into_iter().enumerate() {
                    lines.push(line(MARGIN, 12.0 + 13.0 * i as f32, 9.5, Weight::Bold, colour::ink(), t));
                }
                for (i, t) in values.into_iter().enumerate() {
                    lines.push(line(
                        MARGIN + LABEL_W,
                        12.0 + 13.0 * i as f32,
                        9.5,
                        Weight::Regular,
                        colour::ink(),
                        t,
                    ));
                }
                put(&mut pages, &mut y, lines, 13.0 * n as f32 + 2.0, 0.0);
            }
            Block::Item(text) => {
                let wrapped = fonts.wrap(text, 9.5, Weight::Regular, WIDTH - 14.0);
                let mut lines =
                    vec![line(MARGIN + 2.0, 12.0, 9.5, Weight::Regular, colour::grey(), "•".into())];
                for (i, t) in wrapped.iter().enumerate() {
                    lines.push(line(
                        MARGIN + 14.0,
                        12.0 + 13.0 * i as f32,
                        9.5,
                        Weight::Regular,
                        colour::ink(),
                        t.clone(),
                    ));
                }
                put(&mut pages, &mut y, lines, 13.0 * wrapped.len().max(1) as f32 + 2.0, 0.0);
            }
        }
    }
    pages
}

/// The document as an A4 PDF.
pub(crate) fn document(flow: &Flow) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let pages = lay_out(&fonts, flow);
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(flow.title.clone())
            .description(flow.subtitle.clone())
            .creator("Throughcare".into())
            .language("en-GB".into()),
    );
    let count = pages.len();
    for (n, lines) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| failed("page size"))?;
        let mut page = doc.start_page_with(settings);
        let mut pen = Pen::new(page.surface(), &fonts);
        for l in lines {
            pen.text(l.x, l.y, l.size, l.weight, l.colour, Align::Left, &l.text);
        }
        let foot = PAGE_H - 30.0;
        pen.line(MARGIN, foot - 10.0, PAGE_W - MARGIN, foot - 10.0, 0.5, colour::rule());
        let (about, size) = pen.fonts.fit(&flow.footer, 7.5, 6.0, Weight::Regular, WIDTH - 80.0);
        pen.text(MARGIN, foot, size, Weight::Regular, colour::grey(), Align::Left, &about);
        let number = format!("Page {} of {count}", n + 1);
        pen.text(PAGE_W - MARGIN, foot, 7.5, Weight::Regular, colour::grey(), Align::Right, &number);
        pen.finish();
        page.finish();
    }
    doc.finish().map_err(failed)
}
