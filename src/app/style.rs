//! The app's look: a type scale (title, heading, body, caption) that grows with the window, a
//! light palette whose text meets WCAG AA contrast, visible checkboxes and input borders.

use bevy_egui::egui::{self, Color32, FontFamily, FontId, Stroke, TextStyle};

/// Text sizes in points at the reference window (1280×800, scale 1).
pub const TITLE: f32 = 26.0;
pub const HEADING: f32 = 20.0;
pub const BODY: f32 = 16.0;
pub const CAPTION: f32 = 14.0;

/// The reference window the sizes above are for.
pub const REFERENCE: (f32, f32) = (1280.0, 800.0);

/// Panel and window backgrounds.
pub const PANEL: Color32 = Color32::from_gray(248);
/// Body text.
pub const TEXT: Color32 = Color32::from_gray(25);
/// Secondary text (captions, hints): still AA on the panel.
pub const WEAK: Color32 = Color32::from_gray(85);
/// Errors and critical deductions.
pub const ERROR: Color32 = Color32::from_rgb(180, 20, 20);
/// Passed, lawful.
pub const GOOD: Color32 = Color32::from_rgb(20, 110, 50);
/// Warnings (time running out, a hard measure).
pub const WARN: Color32 = Color32::from_rgb(160, 70, 0);
/// Links, feedback.
pub const INFO: Color32 = Color32::from_rgb(20, 85, 150);
/// Tag backgrounds (white text on them): flexible, hard, coercive, other.
pub const TAG_FLEXIBLE: Color32 = Color32::from_rgb(25, 115, 70);
pub const TAG_HARD: Color32 = Color32::from_rgb(170, 70, 20);
pub const TAG_COERCIVE: Color32 = Color32::from_rgb(175, 25, 25);
pub const TAG_OTHER: Color32 = Color32::from_rgb(70, 90, 120);
/// Mode badges: practice, assessment.
pub const BADGE_PRACTICE: Color32 = Color32::from_rgb(25, 100, 150);
pub const BADGE_ASSESSMENT: Color32 = Color32::from_rgb(140, 40, 110);

/// How much the type grows with the window: the square root of the window's size relative to
/// 1280×800 (so 1024×640 stays readable and 1920×1080 uses its room), kept within 0.9–1.5.
pub fn window_scale(w: f32, h: f32) -> f32 {
    let r = (w / REFERENCE.0).min(h / REFERENCE.1);
    r.max(0.0).sqrt().clamp(0.9, 1.5)
}

/// Apply the look for a window of `w`×`h` logical pixels.
pub fn apply(ctx: &egui::Context, w: f32, h: f32) {
    let s = window_scale(w, h);
    // Light whatever the system theme says: the palette's contrast is measured for it.
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.visuals = visuals();
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(HEADING * s, FontFamily::Proportional),
            ),
            (
                TextStyle::Body,
                FontId::new(BODY * s, FontFamily::Proportional),
            ),
            (
                TextStyle::Button,
                FontId::new(BODY * s, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(CAPTION * s, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(CAPTION * s, FontFamily::Monospace),
            ),
        ]
        .into();
        // Whole points: fractional spacing leaves widgets off the pixel grid (blurry edges).
        let k = s.min(1.2);
        style.spacing.item_spacing = egui::vec2((8.0 * k).round(), (6.0 * k).round());
        style.spacing.button_padding = egui::vec2((8.0 * k).round(), (4.0 * k).round());
        style.spacing.interact_size.y = (24.0 * s).round();
        style.spacing.icon_width = (18.0 * s).round();
        style.spacing.icon_width_inner = (10.0 * s).round();
    });
}

fn visuals() -> egui::Visuals {
    let mut v = egui::Visuals::light();
    v.panel_fill = PANEL;
    v.window_fill = PANEL;
    v.override_text_color = None;
    v.weak_text_color = Some(WEAK);
    v.error_fg_color = ERROR;
    v.warn_fg_color = WARN;
    v.hyperlink_color = INFO;
    v.extreme_bg_color = Color32::WHITE;
    let border = Stroke::new(1.0, Color32::from_gray(110));
    v.widgets.noninteractive.fg_stroke = Stroke::new(1.0, TEXT);
    // Inputs and checkboxes: a white box with a visible border; the tick dark and thick.
    v.widgets.inactive.bg_fill = Color32::WHITE;
    v.widgets.inactive.bg_stroke = border;
    v.widgets.inactive.weak_bg_fill = Color32::from_gray(225);
    v.widgets.inactive.fg_stroke = Stroke::new(2.0, TEXT);
    v.widgets.hovered.bg_fill = Color32::from_gray(240);
    v.widgets.hovered.bg_stroke = Stroke::new(1.5, Color32::from_gray(60));
    v.widgets.hovered.fg_stroke = Stroke::new(2.0, Color32::BLACK);
    v.widgets.active.fg_stroke = Stroke::new(2.5, Color32::BLACK);
    v.selection.bg_fill = Color32::from_rgb(190, 215, 245);
    v.selection.stroke = Stroke::new(1.5, Color32::from_rgb(20, 70, 140));
    v
}

/// The title of a screen: the type scale's title size relative to the body text in `ui`.
pub fn title(ui: &egui::Ui, text: impl Into<String>) -> egui::RichText {
    let body = ui
        .style()
        .text_styles
        .get(&TextStyle::Body)
        .map_or(BODY, |f| f.size);
    egui::RichText::new(text).size(body * TITLE / BODY).strong()
}

/// A caption: small secondary text.
pub fn caption(text: impl Into<String>) -> egui::RichText {
    egui::RichText::new(text).small().color(WEAK)
}

/// WCAG relative luminance of an sRGB colour.
pub fn luminance(c: Color32) -> f64 {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
}

/// WCAG contrast ratio of two colours (1–21).
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_colour_meets_wcag_aa_on_its_background() {
        let on_panel = [TEXT, WEAK, ERROR, GOOD, WARN, INFO];
        for c in on_panel {
            for bg in [PANEL, Color32::WHITE] {
                assert!(
                    contrast(c, bg) >= 4.5,
                    "{c:?} on {bg:?}: {}",
                    contrast(c, bg)
                );
            }
        }
        let white_on = [
            TAG_FLEXIBLE,
            TAG_HARD,
            TAG_COERCIVE,
            TAG_OTHER,
            BADGE_PRACTICE,
            BADGE_ASSESSMENT,
        ];
        for bg in white_on {
            assert!(contrast(Color32::WHITE, bg) >= 4.5, "white on {bg:?}");
        }
        assert_eq!(visuals().weak_text_color(), WEAK);
    }

    #[test]
    fn body_text_is_at_least_15_px_at_1280_by_800_and_grows_with_the_window() {
        assert!(BODY * window_scale(1280.0, 800.0) >= 15.0);
        assert!(window_scale(1920.0, 1080.0) > window_scale(1280.0, 800.0));
        assert!(BODY * window_scale(1024.0, 640.0) >= 14.0);
        let (mut last, mut s) = (0.0, 0.0);
        for size in [TITLE, HEADING, BODY, CAPTION] {
            s += 1.0;
            assert!(
                last == 0.0 || size < last,
                "type scale not decreasing at step {s}"
            );
            last = size;
        }
    }
}
