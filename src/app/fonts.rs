//! The bundled CJK font (WenQuanYi Micro Hei, Apache-2.0, `assets/fonts/`): egui's own fonts have
//! no Chinese glyphs, so without it Chinese would render as boxes.

use bevy_egui::egui;
use std::sync::Arc;

const CJK: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");

/// Add the CJK font as a fallback for both families (Latin keeps egui's default look).
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "wqy-microhei".into(),
        Arc::new(egui::FontData::from_static(CJK)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("wqy-microhei".into());
    }
    ctx.set_fonts(fonts);
}
