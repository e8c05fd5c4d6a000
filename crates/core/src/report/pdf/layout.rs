//! A small layout helper for the PDF: the two embedded fonts, text shaped once so that its width is
//! known before it is placed (to centre it, set it right, shrink a long label or wrap a paragraph),
//! and filled rectangles, lines and dots.
//!
//! Coordinates are points from the page's top-left corner, as krilla's are; text is placed by its
//! baseline. Text is drawn as glyphs of an embedded, subset font with their Unicode text attached,
//! so a reader can select, search and copy it.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, LineCap, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use crate::{Error, Result};

static REGULAR: &[u8] = include_bytes!("../../../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// A colour.
pub type Colour = rgb::Color;

/// The report's colours.
pub mod colour {
    use super::Colour;

    pub fn ink() -> Colour {
        Colour::new(0x1A, 0x1A, 0x1A)
    }
    pub fn grey() -> Colour {
        Colour::new(0x5F, 0x63, 0x68)
    }
    pub fn rule() -> Colour {
        Colour::new(0xC8, 0xCD, 0xD2)
    }
    pub fn faint() -> Colour {
        Colour::new(0xF2, 0xF4, 0xF6)
    }
    pub fn blue() -> Colour {
        Colour::new(0x1F, 0x4E, 0x79)
    }
    pub fn teal() -> Colour {
        Colour::new(0x2E, 0x8B, 0x7A)
    }
    pub fn orange() -> Colour {
        Colour::new(0xC5, 0x5A, 0x11)
    }
    pub fn amber() -> Colour {
        Colour::new(0xFF, 0xF4, 0xD6)
    }
    pub fn red() -> Colour {
        Colour::new(0x9C, 0x2A, 0x00)
    }
    pub fn green() -> Colour {
        Colour::new(0x1E, 0x6B, 0x3A)
    }
}

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// Where a line of text stands against its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// The embedded fonts, each for drawing (krilla) and for measuring (rustybuzz).
pub struct Fonts {
    regular: (Font, rustybuzz::Face<'static>),
    bold: (Font, rustybuzz::Face<'static>),
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts")
    }
}

impl Fonts {
    pub fn load() -> Result<Fonts> {
        let one = |data: &'static [u8]| -> Result<(Font, rustybuzz::Face<'static>)> {
            let font = Font::new(data.into(), 0);
            let face = rustybuzz::Face::from_slice(data, 0);
            font.zip(face).ok_or_else(|| Error::Corrupt("the report's embedded font cannot be read".into()))
        };
        Ok(Fonts { regular: one(REGULAR)?, bold: one(BOLD)? })
    }

    fn get(&self, weight: Weight) -> &(Font, rustybuzz::Face<'static>) {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The glyphs of a line of text, left to right, and its width at 1 point.
    fn shape(&self, text: &str, weight: Weight) -> (Vec<KrillaGlyph>, f32) {
        let face = &self.get(weight).1;
        let upem = face.units_per_em() as f32;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        let out = rustybuzz::shape(face, &[], buffer);
        let infos = out.glyph_infos();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (i, (info, pos)) in infos.iter().zip(out.glyph_positions()).enumerate() {
            let start = info.cluster as usize;
            // A cluster ends where the next one starts (left to right, clusters only grow).
            let end =
                infos[i + 1..].iter().map(|n| n.cluster as usize).find(|&c| c != start).unwrap_or(text.len());
            let advance = pos.x_advance as f32 / upem;
            width += advance;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                advance,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end,
                None,
            ));
        }
        (glyphs, width)
    }

    /// The width of a line of text, in points.
    pub fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        self.shape(text, weight).1 * size
    }

    /// The largest size from `size` down to `min` at which `text` fits in `max` points, and the text,
    /// cut short with an ellipsis if it does not fit even at `min`.
    pub fn fit(&self, text: &str, size: f32, min: f32, weight: Weight, max: f32) -> (String, f32) {
        let w = self.width(text, 1.0, weight);
        if w * size <= max {
            return (text.to_owned(), size);
        }
        if w * min <= max {
            return (text.to_owned(), (max / w).max(min));
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let cut = format!("{}…", chars.iter().collect::<String>().trim_end());
            if self.width(&cut, min, weight) <= max {
                return (cut, min);
            }
        }
        (String::new(), min)
    }

    /// `text` broken into lines no wider than `max` points, at spaces.
    pub fn wrap(&self, text: &str, size: f32, weight: Weight, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if self.width(&candidate, size, weight) <= max || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Draws on one page.
pub struct Pen<'a, 'f> {
    surface: Surface<'a>,
    pub fonts: &'f Fonts,
}

impl std::fmt::Debug for Pen<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pen")
    }
}

fn fill(c: Colour) -> Fill {
    Fill { paint: c.into(), opacity: NormalizedF32::ONE, rule: Default::default() }
}

impl<'a, 'f> Pen<'a, 'f> {
    pub fn new(surface: Surface<'a>, fonts: &'f Fonts) -> Self {
        Pen { surface, fonts }
    }

    /// Ends the page's drawing.
    pub fn finish(self) {
        self.surface.finish();
    }

    /// One line of text with its baseline at `y`; returns its width.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        c: Colour,
        align: Align,
        text: &str,
    ) -> f32 {
        if text.is_empty() {
            return 0.0;
        }
        let (glyphs, w) = self.fonts.shape(text, weight);
        let width = w * size;
        let x = match align {
            Align::Left => x,
            Align::Centre => x - width / 2.0,
            Align::Right => x - width,
        };
        self.surface.set_fill(Some(fill(c)));
        self.surface.set_stroke(None);
        let font = self.fonts.get(weight).0.clone();
        self.surface.draw_glyphs(Point::from_xy(x, y), &glyphs, font, text, size, false);
        width
    }

    /// Lines of text from the baseline `y`, `leading` apart; returns the baseline after the last.
    #[allow(clippy::too_many_arguments)]
    pub fn lines(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        leading: f32,
        weight: Weight,
        c: Colour,
        lines: &[String],
    ) -> f32 {
        let mut y = y;
        for line in lines {
            self.text(x, y, size, weight, c, Align::Left, line);
            y += leading;
        }
        y
    }

    /// A filled rectangle.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Colour) {
        let Some(r) = Rect::from_xywh(x, y, w.max(0.01), h.max(0.01)) else { return };
        let mut pb = PathBuilder::new();
        pb.push_rect(r);
        if let Some(path) = pb.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(fill(c)));
            self.surface.draw_path(&path);
        }
    }

    /// A line through `points`.
    pub fn polyline(&mut self, points: &[(f32, f32)], width: f32, c: Colour) {
        let Some(((x0, y0), rest)) = points.split_first() else { return };
        if rest.is_empty() {
            return;
        }
        let mut pb = PathBuilder::new();
        pb.move_to(*x0, *y0);
        for (x, y) in rest {
            pb.line_to(*x, *y);
        }
        if let Some(path) = pb.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                paint: c.into(),
                width,
                line_cap: LineCap::Round,
                ..Stroke::default()
            }));
            self.surface.draw_path(&path);
        }
    }

    /// A straight line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, c: Colour) {
        self.polyline(&[(x1, y1), (x2, y2)], width, c);
    }

    /// A filled dot.
    pub fn dot(&mut self, cx: f32, cy: f32, r: f32, c: Colour) {
        // A circle from four cubic curves.
        let k = 0.552_284_8 * r;
        let mut pb = PathBuilder::new();
        pb.move_to(cx + r, cy);
        pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
        pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
        pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
        pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
        pb.close();
        if let Some(path) = pb.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(fill(c)));
            self.surface.draw_path(&path);
        }
    }
}
