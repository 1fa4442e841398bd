//! The bundled CJK font (WenQuanYi Micro Hei, Apache-2.0, `assets/fonts/`): egui's own fonts have
//! no Chinese glyphs, so without it Chinese would render as boxes. It comes first, so CJK
//! punctuation and digits match the Chinese around them.

use bevy_egui::egui;
use std::sync::Arc;

const CJK: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");

/// The font definitions: the CJK font first for proportional text, so Chinese, its full-width
/// punctuation, Latin letters and digits all come from one face with one weight (egui's own
/// fonts remain as fallback); last for monospace (ids, paths, hashes keep a fixed width).
pub fn definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "wqy-microhei".into(),
        Arc::new(egui::FontData::from_static(CJK)),
    );
    fonts
        .families
        .entry(egui::FontFamily::Proportional)
        .or_default()
        .insert(0, "wqy-microhei".into());
    fonts
        .families
        .entry(egui::FontFamily::Monospace)
        .or_default()
        .push("wqy-microhei".into());
    fonts
}

pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

#[cfg(test)]
mod tests {
    #[test]
    fn proportional_text_uses_the_cjk_face_first() {
        let d = super::definitions();
        let first = &d.families[&super::egui::FontFamily::Proportional][0];
        assert_eq!(first, "wqy-microhei");
    }
}
