//! A one-page PDF of text lines set in the bundled CJK font (WenQuanYi Micro Hei, cut down to
//! the glyphs used), with a ToUnicode map so the text can be searched, copied and extracted
//! (`pdftotext`). Enough for certificates; not a layout engine.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use skrifa::instance::{LocationRef, Size};
use skrifa::MetadataProvider;
use std::collections::BTreeMap;

/// The bundled font: a collection; face 0 is Micro Hei.
pub const FONT: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");

/// Where a line goes across the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left(f32),
    Center,
}

/// One line of text: its baseline height from the page's bottom (points), size and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub y: f32,
    pub size: f32,
    pub align: Align,
    pub rgb: (f32, f32, f32),
}

/// A4, portrait, in points.
pub const WIDTH: f32 = 595.0;
pub const HEIGHT: f32 = 842.0;

struct Face<'a> {
    font: skrifa::FontRef<'a>,
    upem: f32,
}

impl<'a> Face<'a> {
    fn load() -> Result<Face<'a>, String> {
        let font = skrifa::FontRef::from_index(FONT, 0).map_err(|e| format!("font: {e}"))?;
        let upem = font
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        Ok(Face { font, upem })
    }

    fn glyph(&self, c: char) -> u16 {
        self.font
            .charmap()
            .map(c)
            .map(|g| g.to_u32() as u16)
            .unwrap_or(0)
    }

    /// Advance of a glyph in 1/1000 em.
    fn advance(&self, gid: u16) -> f32 {
        let m = self
            .font
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        m.advance_width(skrifa::GlyphId::new(gid as u32))
            .unwrap_or(0.0)
            * 1000.0
            / self.upem
    }
}

/// The PDF of `lines` on one A4 page, with `title` as its document title.
pub fn page(title: &str, lines: &[Line], frame: bool) -> Result<Vec<u8>, String> {
    let face = Face::load()?;
    // Glyphs used, remapped to the subset's ids; the text each stands for.
    let mut remap = subsetter::GlyphRemapper::new();
    let mut unicode: BTreeMap<u16, char> = BTreeMap::new();
    let mut shaped: Vec<(Vec<u16>, f32)> = Vec::new();
    for l in lines {
        let mut gids = Vec::new();
        let mut width = 0.0;
        for c in l.text.chars().filter(|c| !c.is_control()) {
            let old = face.glyph(c);
            let new = remap.remap(old);
            unicode.entry(new).or_insert(c);
            width += face.advance(old) * l.size / 1000.0;
            gids.push(new);
        }
        shaped.push((gids, width));
    }
    let subset = subsetter::subset(FONT, 0, &remap).map_err(|e| format!("font subset: {e}"))?;

    let mut pdf = Pdf::new();
    let (catalog, tree, page_id, content_id) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    let (type0, cid, descriptor, file, cmap, info) = (
        Ref::new(5),
        Ref::new(6),
        Ref::new(7),
        Ref::new(8),
        Ref::new(9),
        Ref::new(10),
    );
    let font_name = Name(b"F1");
    let base = Name(b"CLSUBS+WenQuanYiMicroHei");
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    let mut p = pdf.page(page_id);
    p.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
    p.parent(tree);
    p.contents(content_id);
    p.resources().fonts().pair(font_name, type0);
    p.finish();
    pdf.document_info(info)
        .title(pdf_writer::TextStr(title))
        .producer(pdf_writer::TextStr("Cailiang 裁量"));

    pdf.type0_font(type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut c = pdf.cid_font(cid);
    c.subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(1000.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let mut old_of = vec![0u16; remap.num_gids() as usize];
    for old in remap.remapped_gids() {
        if let Some(new) = remap.get(old) {
            old_of[new as usize] = old;
        }
    }
    let widths: Vec<f32> = old_of.iter().map(|o| face.advance(*o)).collect();
    c.widths().consecutive(0, widths);
    c.finish();
    let metrics = face.font.metrics(Size::unscaled(), LocationRef::default());
    let scale = 1000.0 / face.upem;
    let bbox = metrics
        .bounds
        .map_or(Rect::new(-100.0, -250.0, 1100.0, 900.0), |b| {
            Rect::new(
                b.x_min * scale,
                b.y_min * scale,
                b.x_max * scale,
                b.y_max * scale,
            )
        });
    pdf.font_descriptor(descriptor)
        .name(base)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(bbox)
        .italic_angle(0.0)
        .ascent(metrics.ascent * scale)
        .descent(metrics.descent * scale)
        .cap_height(metrics.cap_height.unwrap_or(metrics.ascent) * scale)
        .stem_v(80.0)
        .font_file2(file);
    // Uncompressed: the subset holds only the glyphs used (tens of kilobytes).
    pdf.stream(file, &subset)
        .pair(Name(b"Length1"), subset.len() as i32);
    let mut map = UnicodeCmap::new(Name(b"Custom"), system);
    for (g, ch) in &unicode {
        map.pair(*g, *ch);
    }
    pdf.cmap(cmap, &map.finish());

    let mut content = Content::new();
    if frame {
        content.set_stroke_rgb(0.62, 0.16, 0.12);
        content.set_line_width(3.0);
        content.rect(28.0, 28.0, WIDTH - 56.0, HEIGHT - 56.0);
        content.stroke();
        content.set_line_width(0.8);
        content.rect(36.0, 36.0, WIDTH - 72.0, HEIGHT - 72.0);
        content.stroke();
    }
    for (l, (gids, width)) in lines.iter().zip(&shaped) {
        let x = match l.align {
            Align::Left(x) => x,
            Align::Center => (WIDTH - width) / 2.0,
        };
        let bytes: Vec<u8> = gids.iter().flat_map(|g| g.to_be_bytes()).collect();
        content.set_fill_rgb(l.rgb.0, l.rgb.1, l.rgb.2);
        content.begin_text();
        content.set_font(font_name, l.size);
        content.next_line(x, l.y);
        content.show(Str(&bytes));
        content.end_text();
    }
    pdf.stream(content_id, &content.finish());
    Ok(pdf.finish())
}
