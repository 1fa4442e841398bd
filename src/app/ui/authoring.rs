//! The authoring strip on the play screen (编写模式): the file, reloads, inputs a new version no
//! longer takes, the diagnostics of a file that does not check, and the case graph window.

use crate::app::authoring::Authoring;
use crate::app::i18n::Tr;
use crate::app::style;
use crate::casegraph::{colour, Reach, NODE_H, NODE_W};
use bevy_egui::egui;

fn color32(hex: &str) -> egui::Color32 {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    egui::Color32::from_rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

/// The strip under the play screen's top bar.
pub fn strip(ui: &mut egui::Ui, tr: &Tr, a: &mut Authoring) {
    ui.horizontal_wrapped(|ui| {
        super::who::badge(ui, tr, super::who::Badge::Instructor);
        ui.strong(tr.f("author-file", &[("file", &a.file.display())]));
        ui.label(style::caption(tr.f("author-reloads", &[("n", &a.reloads)])));
        if a.dropped > 0 {
            ui.colored_label(style::WARN, tr.f("author-dropped", &[("n", &a.dropped)]));
        }
        ui.toggle_value(&mut a.show_graph, tr.t("author-graph"));
    });
    if let Some(e) = &a.error {
        ui.colored_label(style::ERROR, tr.t("author-error"));
        egui::ScrollArea::vertical()
            .id_salt("author-error")
            .max_height(ui.available_height().min(220.0))
            .show(ui, |ui| {
                ui.label(egui::RichText::new(e).monospace().color(style::ERROR));
            });
    }
}

/// The case graph in a window, coloured by coverage.
pub fn graph_window(ctx: &egui::Context, tr: &Tr, a: &mut Authoring) {
    let mut open = a.show_graph;
    egui::Window::new(tr.t("author-graph"))
        .open(&mut open)
        .default_size([720.0, 420.0])
        .vscroll(true)
        .hscroll(true)
        .show(ctx, |ui| {
            let Some(g) = &a.graph else {
                ui.label(tr.t("author-graph-wait"));
                return;
            };
            ui.horizontal(|ui| {
                for (r, key) in [
                    (Reach::Tested, "author-tested"),
                    (Reach::Explored, "author-explored"),
                    (Reach::Unreached, "author-unreached"),
                ] {
                    ui.colored_label(color32(colour(r)), format!("■ {}", tr.t(key)));
                }
            });
            let (at, (w, h)) = g.positions();
            let k = 0.7;
            let (rect, _) = ui.allocate_exact_size(
                egui::vec2((w * k) as f32, (h * k) as f32),
                egui::Sense::hover(),
            );
            let p = ui.painter();
            let pos = |x: f64, y: f64| rect.min + egui::vec2((x * k) as f32, (y * k) as f32);
            for e in &g.edges {
                let (Some(a0), Some(b0)) = (at.get(e.from.as_str()), at.get(e.to.as_str())) else {
                    continue;
                };
                let from = pos(a0.0 + NODE_W, a0.1 + NODE_H / 2.0);
                let to = pos(b0.0, b0.1 + NODE_H / 2.0);
                p.line_segment([from, to], egui::Stroke::new(1.5, color32(colour(e.reach))));
                p.circle_filled(to, 3.0, color32(colour(e.reach)));
            }
            for n in &g.nodes {
                let (x, y) = at[n.id.as_str()];
                let r = egui::Rect::from_min_size(
                    pos(x, y),
                    egui::vec2((NODE_W * k) as f32, (NODE_H * k) as f32),
                );
                p.rect_filled(r, if n.ending { 10.0 } else { 3.0 }, egui::Color32::WHITE);
                p.rect_stroke(
                    r,
                    if n.ending { 10.0 } else { 3.0 },
                    egui::Stroke::new(if n.start { 3.0 } else { 1.5 }, color32(colour(n.reach))),
                    egui::StrokeKind::Inside,
                );
                p.text(
                    r.left_top() + egui::vec2(6.0, 4.0),
                    egui::Align2::LEFT_TOP,
                    &n.id,
                    egui::FontId::proportional(12.0),
                    style::TEXT,
                );
                p.text(
                    r.left_top() + egui::vec2(6.0, 20.0),
                    egui::Align2::LEFT_TOP,
                    &n.text,
                    egui::FontId::proportional(11.0),
                    style::WEAK,
                );
            }
        });
    a.show_graph = open;
}
