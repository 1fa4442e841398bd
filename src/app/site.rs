//! The site view (现场): the scenario's plan drawn by Bevy as 2D sprites in the middle of the play
//! screen, with labels and clickable hotspots drawn by egui over the same rectangles. A thing
//! whose choice has been taken turns green: the visible change of an inspection. Cases without
//! a plan get a generic office.

use super::i18n::Tr;
use super::model::Play;
use super::screens::Screen;
use super::ui::{text, Command};
use crate::ronx::Spanned;
use crate::runtime::Event;
use crate::scenario::site::{Room, Site, Thing, ThingKind};
use bevy::prelude::*;
use bevy_egui::egui;

/// The part of the window (logical pixels, origin top left) left free for the site view.
#[derive(Resource, Default)]
pub struct SiteArea {
    pub rect: Option<Rect>,
}

/// Which scenario's plan is on screen.
#[derive(Resource, Default)]
struct Spawned(Option<String>);

#[derive(Component)]
struct Piece {
    /// (x, y, w, h) in metres.
    rect: (f32, f32, f32, f32),
    z: f32,
    /// For things: the choice that inspects it.
    choice: Option<String>,
    base: Color,
    border: bool,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<SiteArea>()
        .init_resource::<Spawned>()
        .add_systems(Startup, camera)
        .add_systems(
            Update,
            (spawn, layout).chain().run_if(in_state(Screen::Play)),
        )
        .add_systems(OnExit(Screen::Play), |mut s: ResMut<Spawned>| s.0 = None);
}

fn camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

fn t(zh: &str, en: &str) -> Spanned<crate::text::Text> {
    Spanned::new(Default::default(), crate::text::Text::new(zh, en))
}

fn key(s: &str) -> crate::cond::Key {
    Spanned::new(Default::default(), s.to_string())
}

/// The plan of a scenario, or a generic office.
pub fn plan(play: &Play) -> Site {
    if let Some(site) = &play.case().scenario.site {
        return site.clone();
    }
    let thing = |id: &str, kind, zh: &str, en: &str, r| Thing {
        id: key(id),
        kind,
        label: t(zh, en),
        rect: Spanned::new(Default::default(), r),
        choice: None,
    };
    Site {
        size: Spanned::new(Default::default(), (16.0, 10.0)),
        rooms: vec![Room {
            id: key("office"),
            label: t("办公区", "Office"),
            rect: Spanned::new(Default::default(), (0.0, 0.0, 16.0, 10.0)),
        }],
        things: vec![
            thing(
                "desk",
                ThingKind::Desk,
                "接待台",
                "Front desk",
                (6.0, 4.0, 4.0, 1.5),
            ),
            thing(
                "files",
                ThingKind::Shelf,
                "档案柜",
                "Files",
                (0.5, 0.5, 5.0, 1.0),
            ),
            thing(
                "door",
                ThingKind::Door,
                "入口",
                "Entrance",
                (7.0, 9.2, 2.0, 0.8),
            ),
            thing(
                "exit",
                ThingKind::Exit,
                "安全出口",
                "Exit",
                (15.2, 1.0, 0.8, 2.0),
            ),
        ],
    }
}

fn color(kind: ThingKind) -> Color {
    match kind {
        ThingKind::Shelf | ThingKind::Counter | ThingKind::Desk => Color::srgb(0.62, 0.52, 0.40),
        ThingKind::Fridge => Color::srgb(0.55, 0.75, 0.90),
        ThingKind::Door | ThingKind::Corridor => Color::srgb(0.80, 0.80, 0.72),
        ThingKind::Exit | ThingKind::Sign => Color::srgb(0.30, 0.70, 0.35),
        ThingKind::Goods | ThingKind::Pile => Color::srgb(0.85, 0.62, 0.30),
        ThingKind::Machine | ThingKind::Equipment | ThingKind::Tank | ThingKind::Pipe => {
            Color::srgb(0.50, 0.55, 0.62)
        }
        ThingKind::Person => Color::srgb(0.85, 0.45, 0.45),
        ThingKind::Other => Color::srgb(0.70, 0.70, 0.70),
    }
}

fn spawn(
    mut commands: Commands,
    play: Option<Res<Play>>,
    mut spawned: ResMut<Spawned>,
    old: Query<Entity, With<Piece>>,
) {
    let Some(play) = play else { return };
    let id = play.case().scenario.id.value.clone();
    if spawned.0.as_deref() == Some(id.as_str()) {
        return;
    }
    for e in &old {
        commands.entity(e).despawn();
    }
    let site = plan(&play);
    for r in &site.rooms {
        commands.spawn((
            Sprite::from_color(Color::srgb(0.96, 0.95, 0.90), Vec2::ONE),
            Transform::default(),
            Piece {
                rect: r.rect.value,
                z: 0.0,
                choice: None,
                base: Color::srgb(0.96, 0.95, 0.90),
                border: true,
            },
            DespawnOnExit(Screen::Play),
        ));
    }
    for th in &site.things {
        commands.spawn((
            Sprite::from_color(color(th.kind), Vec2::ONE),
            Transform::default(),
            Piece {
                rect: th.rect.value,
                z: 2.0,
                choice: th.choice.as_ref().map(|c| c.value.clone()),
                base: color(th.kind),
                border: false,
            },
            DespawnOnExit(Screen::Play),
        ));
    }
    spawned.0 = Some(id);
}

/// Where the plan's metres land in a rectangle: (origin, scale).
pub fn fit(size: (f32, f32), area: (f32, f32, f32, f32)) -> (Vec2, f32) {
    let (ax, ay, aw, ah) = area;
    // Room for the heading and hint above the plan.
    let (margin, top) = (16.0, 44.0);
    let scale = ((aw - 2.0 * margin) / size.0)
        .min((ah - top - margin) / size.1)
        .max(0.0);
    let origin = Vec2::new(
        ax + (aw - size.0 * scale) / 2.0,
        ay + top + (ah - top - margin - size.1 * scale) / 2.0,
    );
    (origin, scale)
}

fn layout(
    area: Res<SiteArea>,
    play: Option<Res<Play>>,
    window: Single<&Window>,
    mut pieces: Query<(&Piece, &mut Sprite, &mut Transform, &mut Visibility)>,
) {
    let (Some(rect), Some(play)) = (area.rect, play) else {
        return;
    };
    let size = plan(&play).size.value;
    let (origin, scale) = fit(size, (rect.min.x, rect.min.y, rect.width(), rect.height()));
    let (w, h) = (window.width(), window.height());
    let taken: Vec<&str> = play
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Chosen { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    for (p, mut sprite, mut tf, mut vis) in &mut pieces {
        let (x, y, pw, ph) = p.rect;
        let centre = origin + Vec2::new((x + pw / 2.0) * scale, (y + ph / 2.0) * scale);
        tf.translation = Vec3::new(centre.x - w / 2.0, h / 2.0 - centre.y, p.z);
        sprite.custom_size = Some(
            Vec2::new(pw * scale, ph * scale)
                - if p.border {
                    Vec2::splat(2.0)
                } else {
                    Vec2::ZERO
                },
        );
        let inspected = p.choice.as_deref().is_some_and(|c| taken.contains(&c));
        sprite.color = if inspected {
            Color::srgb(0.35, 0.75, 0.45)
        } else {
            p.base
        };
        *vis = if scale > 0.0 {
            Visibility::Visible
        } else {
            Visibility::Hidden
        };
    }
}

/// Labels and hotspots over the plan, in the free `rect` (egui points). Returns a choice when
/// the trainee clicks a thing whose choice is on offer.
pub fn overlay(ctx: &egui::Context, rect: egui::Rect, play: &Play, tr: &Tr) -> Option<Command> {
    let site = plan(play);
    let (origin, scale) = fit(
        site.size.value,
        (rect.min.x, rect.min.y, rect.width(), rect.height()),
    );
    let to_rect = |(x, y, w, h): (f32, f32, f32, f32)| {
        egui::Rect::from_min_size(
            egui::pos2(origin.x + x * scale, origin.y + y * scale),
            egui::vec2(w * scale, h * scale),
        )
    };
    let ui = egui::Ui::new(
        ctx.clone(),
        "site-overlay".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::new(egui::Order::Middle, "site".into()))
            .max_rect(rect),
    );
    let painter = ui.painter().clone();
    painter.text(
        rect.min + egui::vec2(8.0, 6.0),
        egui::Align2::LEFT_TOP,
        tr.t("site-heading"),
        egui::FontId::proportional(16.0),
        egui::Color32::from_gray(40),
    );
    painter.text(
        rect.min + egui::vec2(8.0, 26.0),
        egui::Align2::LEFT_TOP,
        tr.t("site-hint"),
        egui::FontId::proportional(12.0),
        egui::Color32::from_gray(90),
    );
    for r in &site.rooms {
        let rr = to_rect(r.rect.value);
        painter.rect_stroke(
            rr,
            2.0,
            egui::Stroke::new(2.0, egui::Color32::from_gray(90)),
            egui::StrokeKind::Inside,
        );
        painter.text(
            rr.min + egui::vec2(6.0, 4.0),
            egui::Align2::LEFT_TOP,
            text(&r.label.value, tr),
            egui::FontId::proportional(13.0),
            egui::Color32::from_gray(60),
        );
    }
    let prompt = play.prompt();
    let offered = |id: &str| {
        prompt
            .as_ref()
            .is_some_and(|p| p.choices.iter().any(|c| c.id == id))
    };
    let mut out = None;
    for (i, th) in site.things.iter().enumerate() {
        let tr_rect = to_rect(th.rect.value);
        painter.text(
            tr_rect.center(),
            egui::Align2::CENTER_CENTER,
            text(&th.label.value, tr),
            egui::FontId::proportional(12.0),
            egui::Color32::BLACK,
        );
        let Some(choice) = th.choice.as_ref().map(|c| c.value.as_str()) else {
            continue;
        };
        if !offered(choice) {
            continue;
        }
        let resp = ui.interact(tr_rect, egui::Id::new(("hotspot", i)), egui::Sense::click());
        let stroke = if resp.hovered() { 3.0 } else { 2.0 };
        painter.rect_stroke(
            tr_rect.expand(2.0),
            3.0,
            egui::Stroke::new(stroke, egui::Color32::from_rgb(230, 140, 20)),
            egui::StrokeKind::Outside,
        );
        if resp.clicked() {
            out = Some(Command::Choose(choice.to_string()));
        }
    }
    out
}
