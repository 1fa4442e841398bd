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

/// The part of the window left free for the site view, as egui lays it out: in egui points
/// (origin top left), with the factor from points to the window's logical pixels and the type
/// scale, so the sprites and the overlay agree at any UI zoom.
#[derive(Resource, Default)]
pub struct SiteArea {
    pub rect: Option<Rect>,
    pub to_window: f32,
    pub type_scale: f32,
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

/// The colour of a thing once inspected (distinct from the green of exits).
pub const INSPECTED: Color = Color::srgb(0.45, 0.58, 0.90);

/// One stroke of a thing's drawing, in fractions of the thing's rectangle along its long side
/// (`u`) and across it (`v`): (u, v, length, width), a shade of the thing's colour, round or not.
struct Mark(f32, f32, f32, f32, f32, bool);

/// The drawing of each kind of thing, made of rectangles and discs.
fn marks(kind: ThingKind) -> Vec<Mark> {
    use ThingKind::*;
    match kind {
        // Shelves: three boards along the shelf.
        Shelf => (0..3)
            .map(|i| Mark(0.06, 0.2 + 0.27 * i as f32, 0.88, 0.07, 0.6, false))
            .collect(),
        // Counters and desks: the worktop along one side.
        Counter | Desk => vec![Mark(0.0, 0.0, 1.0, 0.28, 0.72, false)],
        // A fridge: two glass doors and their handles.
        Fridge => vec![
            Mark(0.06, 0.12, 0.42, 0.76, 1.22, false),
            Mark(0.52, 0.12, 0.42, 0.76, 1.22, false),
            Mark(0.44, 0.4, 0.03, 0.2, 0.5, false),
            Mark(0.53, 0.4, 0.03, 0.2, 0.5, false),
        ],
        // A door: its leaf and knob.
        Door => vec![
            Mark(0.05, 0.42, 0.9, 0.16, 0.62, false),
            Mark(0.78, 0.3, 0.08, 0.4, 0.45, true),
        ],
        // An exit: an arrow pointing out.
        Exit => vec![
            Mark(0.12, 0.42, 0.55, 0.16, 1.7, false),
            Mark(0.62, 0.22, 0.22, 0.56, 1.7, false),
        ],
        // A corridor: a dashed centre line.
        Corridor => (0..4)
            .map(|i| Mark(0.08 + 0.24 * i as f32, 0.47, 0.12, 0.06, 0.75, false))
            .collect(),
        // Goods and piles: stacked boxes.
        Goods | Pile => vec![
            Mark(0.08, 0.1, 0.4, 0.38, 0.72, false),
            Mark(0.52, 0.1, 0.4, 0.38, 0.8, false),
            Mark(0.08, 0.52, 0.4, 0.38, 0.8, false),
            Mark(0.52, 0.52, 0.4, 0.38, 0.72, false),
        ],
        // Machines and equipment: a panel and a dial.
        Machine | Equipment => vec![
            Mark(0.15, 0.15, 0.45, 0.7, 0.7, false),
            Mark(0.68, 0.3, 0.2, 0.4, 1.5, true),
        ],
        Tank => vec![Mark(0.1, 0.1, 0.8, 0.8, 0.78, true)],
        Pipe => vec![Mark(0.0, 0.38, 1.0, 0.24, 0.65, false)],
        // A person: head and shoulders.
        Person => vec![
            Mark(0.3, 0.06, 0.4, 0.4, 0.55, true),
            Mark(0.18, 0.5, 0.64, 0.44, 0.7, false),
        ],
        Sign => vec![Mark(0.1, 0.35, 0.8, 0.3, 1.7, false)],
        Other => vec![],
    }
}

/// `c` lightened (> 1) or darkened (< 1).
fn shade(c: Color, f: f32) -> Color {
    let s = c.to_srgba();
    let ch = |v: f32| {
        if f >= 1.0 {
            v + (1.0 - v) * (f - 1.0).min(1.0)
        } else {
            v * f
        }
    };
    Color::srgb(ch(s.red), ch(s.green), ch(s.blue))
}

/// A mark's rectangle in metres, for a thing at `r` (people are drawn upright, the rest along
/// their long side).
fn mark_rect(m: &Mark, r: (f32, f32, f32, f32), kind: ThingKind) -> (f32, f32, f32, f32) {
    let (x, y, w, h) = r;
    let Mark(u, v, lu, lv, _, _) = *m;
    if w >= h || kind == ThingKind::Person {
        (x + u * w, y + v * h, lu * w, lv * h)
    } else {
        (x + v * w, y + u * h, lv * w, lu * h)
    }
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

/// The plan of the scenario being played, or a generic office.
pub fn plan(play: &Play) -> Site {
    plan_of(&play.case().scenario)
}

/// The plan of a scenario, or a generic office.
pub fn plan_of(s: &crate::scenario::Scenario) -> Site {
    if let Some(site) = &s.site {
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
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
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
        for m in marks(th.kind) {
            let rect = mark_rect(&m, th.rect.value, th.kind);
            let c = shade(color(th.kind), m.4);
            let piece = Piece {
                rect,
                z: 3.0,
                choice: None,
                base: c,
                border: false,
            };
            if m.5 {
                commands.spawn((
                    Mesh2d(meshes.add(Circle::new(0.5))),
                    MeshMaterial2d(materials.add(c)),
                    Transform::default(),
                    piece,
                    DespawnOnExit(Screen::Play),
                ));
            } else {
                commands.spawn((
                    Sprite::from_color(c, Vec2::ONE),
                    Transform::default(),
                    piece,
                    DespawnOnExit(Screen::Play),
                ));
            }
        }
    }
    spawned.0 = Some(id);
}

/// The play screen's panel sizes for a window of `w`×`h` points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Panels {
    /// The case file on the left.
    pub file_w: f32,
    /// The story, choices and form at the bottom.
    pub scene_h: f32,
}

/// Panel sizes: while things on the plan can still be inspected the plan gets the middle of
/// the screen; after that the story and the decision form get most of it.
pub fn panels(w: f32, h: f32, investigating: bool) -> Panels {
    Panels {
        file_w: (w * 0.26).clamp(240.0, 440.0).round(),
        scene_h: (h * if investigating { 0.46 } else { 0.58 }).round(),
    }
}

/// Whether a thing on the plan can be inspected now (its choice is on offer).
pub fn investigating(play: &Play) -> bool {
    let Some(prompt) = play.prompt() else {
        return false;
    };
    plan(play).things.iter().any(|t| {
        t.choice
            .as_ref()
            .is_some_and(|c| prompt.choices.iter().any(|p| p.id == c.value))
    })
}

/// The rectangle (x, y, w, h) left for the plan on the play screen, below a top bar of `top`
/// points.
pub fn site_rect(w: f32, h: f32, top: f32, investigating: bool) -> (f32, f32, f32, f32) {
    let p = panels(w, h, investigating);
    (p.file_w, top, w - p.file_w, (h - top - p.scene_h).max(0.0))
}

/// Room above the plan for its heading, hint and legend, in points at the reference size.
pub const HEADER: f32 = 62.0;

/// Where the plan's metres land in a rectangle: (origin, scale). `type_scale` is the type
/// scale's window factor (the header above the plan grows with it).
pub fn fit(size: (f32, f32), area: (f32, f32, f32, f32), type_scale: f32) -> (Vec2, f32) {
    let (ax, ay, aw, ah) = area;
    // Room for the heading, hint and legend above the plan.
    let (margin, top) = (12.0, (HEADER * type_scale).round());
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
    mut discs: Query<(&Piece, &mut Transform, &mut Visibility), Without<Sprite>>,
) {
    let (Some(rect), Some(play)) = (area.rect, play) else {
        return;
    };
    let size = plan(&play).size.value;
    let (origin, scale) = fit(
        size,
        (rect.min.x, rect.min.y, rect.width(), rect.height()),
        area.type_scale,
    );
    // Points to window pixels.
    let (origin, scale) = (origin * area.to_window, scale * area.to_window);
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
        sprite.color = if inspected { INSPECTED } else { p.base };
        *vis = if scale > 0.0 {
            Visibility::Visible
        } else {
            Visibility::Hidden
        };
    }
    for (p, mut tf, mut vis) in &mut discs {
        let (x, y, pw, ph) = p.rect;
        let centre = origin + Vec2::new((x + pw / 2.0) * scale, (y + ph / 2.0) * scale);
        tf.translation = Vec3::new(centre.x - w / 2.0, h / 2.0 - centre.y, p.z);
        let d = (pw * scale).min(ph * scale);
        tf.scale = Vec3::new(d, d, 1.0);
        *vis = if scale > 0.0 {
            Visibility::Visible
        } else {
            Visibility::Hidden
        };
    }
}

/// The legend's entries: a colour and a translation key, for the kinds present in `site`.
fn legend(site: &Site) -> Vec<(Color, &'static str)> {
    use ThingKind::*;
    let groups: [(&[ThingKind], &str); 8] = [
        (&[Shelf, Counter, Desk], "legend-furniture"),
        (&[Fridge], "legend-fridge"),
        (&[Goods, Pile], "legend-goods"),
        (&[Machine, Equipment, Tank, Pipe], "legend-equipment"),
        (&[Person], "legend-person"),
        (&[Door, Corridor], "legend-door"),
        (&[Exit, Sign], "legend-exit"),
        (&[Other], "legend-other"),
    ];
    groups
        .iter()
        .filter(|(kinds, _)| site.things.iter().any(|t| kinds.contains(&t.kind)))
        .map(|(kinds, key)| (color(kinds[0]), *key))
        .collect()
}

fn egui_color(c: Color) -> egui::Color32 {
    let s = c.to_srgba();
    egui::Color32::from_rgb(
        (s.red * 255.0) as u8,
        (s.green * 255.0) as u8,
        (s.blue * 255.0) as u8,
    )
}

/// The plan's rooms and things as screen rectangles with their names, for the label layout.
pub fn items(
    site: &Site,
    tr: &Tr,
    to_rect: impl Fn((f32, f32, f32, f32)) -> egui::Rect,
) -> (Vec<super::site_labels::Item>, Vec<super::site_labels::Item>) {
    use super::site_labels::Item;
    let rooms = site
        .rooms
        .iter()
        .map(|r| Item {
            rect: to_rect(r.rect.value),
            name: text(&r.label.value, tr),
        })
        .collect();
    let things = site
        .things
        .iter()
        .map(|t| Item {
            rect: to_rect(t.rect.value),
            name: text(&t.label.value, tr),
        })
        .collect();
    (rooms, things)
}

/// Labels, legend and hotspots over the plan, in the free `rect` (egui points). Returns a
/// choice when the trainee clicks a thing whose choice is on offer.
pub fn overlay(ctx: &egui::Context, rect: egui::Rect, play: &Play, tr: &Tr) -> Option<Command> {
    use super::style;
    let site = plan(play);
    let view = ctx.viewport_rect();
    let ts = style::window_scale(view.width(), view.height());
    let (origin, scale) = fit(
        site.size.value,
        (rect.min.x, rect.min.y, rect.width(), rect.height()),
        ts,
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
    let mut y = rect.min.y + 4.0;
    let heading = painter.layout_no_wrap(
        tr.t("site-heading"),
        egui::FontId::proportional(17.0 * ts),
        style::TEXT,
    );
    let heading_w = heading.size().x;
    painter.galley(egui::pos2(rect.min.x + 8.0, y), heading, style::TEXT);
    painter.text(
        egui::pos2(rect.min.x + 20.0 + heading_w, y + 3.0 * ts),
        egui::Align2::LEFT_TOP,
        tr.t("site-hint"),
        egui::FontId::proportional(14.0 * ts),
        style::WEAK,
    );
    y += (24.0 * ts).round();
    // The legend: a swatch and a word per kind of thing, then what the outline and blue mean.
    let mut x = rect.min.x + 8.0;
    let font = egui::FontId::proportional(13.0 * ts);
    let entry = |x: &mut f32, swatch: &dyn Fn(egui::Rect), word: String| {
        let g = painter.layout_no_wrap(word, font.clone(), style::TEXT);
        if *x + 16.0 + g.size().x > rect.max.x - 8.0 {
            return;
        }
        swatch(egui::Rect::from_min_size(
            egui::pos2(*x, y + 2.0),
            egui::vec2(12.0, 12.0),
        ));
        *x += 16.0;
        let w = g.size().x;
        painter.galley(egui::pos2(*x, y), g, style::TEXT);
        *x += w + 12.0;
    };
    for (c, key) in legend(&site) {
        entry(
            &mut x,
            &|r| {
                painter.rect_filled(r, 2.0, egui_color(c));
            },
            tr.t(key),
        );
    }
    entry(
        &mut x,
        &|r| {
            painter.rect_stroke(
                r,
                2.0,
                egui::Stroke::new(2.0, HOTSPOT),
                egui::StrokeKind::Inside,
            );
        },
        tr.t("legend-inspect"),
    );
    entry(
        &mut x,
        &|r| {
            painter.rect_filled(r, 2.0, egui_color(INSPECTED));
        },
        tr.t("legend-inspected"),
    );
    for r in &site.rooms {
        painter.rect_stroke(
            to_rect(r.rect.value),
            2.0,
            egui::Stroke::new(2.0, egui::Color32::from_gray(90)),
            egui::StrokeKind::Inside,
        );
    }
    let (rooms, things) = items(&site, tr, to_rect);
    let plan_rect = to_rect((0.0, 0.0, site.size.value.0, site.size.value.1));
    let s = ts;
    // The layout is worked out once per plan, language and size, then kept.
    // A probe of the fonts in use: the layout is redone once the CJK font is in.
    let probe = ctx.fonts_mut(|f| {
        f.layout_no_wrap("中".into(), egui::FontId::proportional(14.0), style::TEXT)
            .size()
            .x
    });
    let key = egui::Id::new((
        "site-labels",
        probe.to_bits(),
        &play.case().scenario.id.value,
        tr.lang == crate::text::Lang::Zh,
        [
            plan_rect.min.x,
            plan_rect.min.y,
            plan_rect.max.x,
            plan_rect.max.y,
            s,
        ]
        .map(f32::to_bits),
    ));
    let labels = match ctx.data(|d| d.get_temp::<super::site_labels::Labels>(key)) {
        Some(l) => l,
        None => {
            let l = super::site_labels::place(
                plan_rect,
                &rooms,
                &things,
                s,
                &mut super::site_labels::layout_with(ctx),
            );
            ctx.data_mut(|d| d.insert_temp(key, l.clone()));
            l
        }
    };
    let prompt = play.prompt();
    let offered = |id: &str| {
        prompt
            .as_ref()
            .and_then(|p| p.choices.iter().find(|c| c.id == id).cloned())
    };
    let taken: Vec<&str> = play
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Chosen { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    for (i, (r, p)) in rooms.iter().zip(&labels.rooms).enumerate() {
        if let Some(p) = p {
            let g = painter.layout(
                p.shown.clone(),
                egui::FontId::proportional(p.size),
                style::WEAK,
                p.wrap,
            );
            painter.galley(p.rect.min, g, style::WEAK);
        }
        // A room whose name is cut or left out shows it on hover (things, drawn later, take
        // the hover over themselves).
        if p.as_ref().is_none_or(|p| p.abbreviated()) {
            let _ = ui
                .interact(r.rect, egui::Id::new(("room", i)), egui::Sense::hover())
                .on_hover_text(r.name.clone());
        }
    }
    let mut out = None;
    for (i, th) in site.things.iter().enumerate() {
        let tr_rect = things[i].rect;
        if let Some(p) = &labels.things[i] {
            // A light backing keeps the name readable over any colour.
            painter.rect_filled(
                p.rect.expand(1.0),
                2.0,
                egui::Color32::from_white_alpha(200),
            );
            let g = painter.layout(
                p.shown.clone(),
                egui::FontId::proportional(p.size),
                style::TEXT,
                p.wrap,
            );
            painter.galley(p.rect.min, g, style::TEXT);
        }
        let choice = th.choice.as_ref().map(|c| c.value.as_str());
        let inspected = choice.is_some_and(|c| taken.contains(&c));
        if inspected {
            painter.text(
                tr_rect.right_top() + egui::vec2(-2.0, 1.0),
                egui::Align2::RIGHT_TOP,
                "✓",
                egui::FontId::proportional(14.0),
                egui::Color32::from_rgb(20, 40, 120),
            );
        }
        let on_offer = choice.and_then(offered);
        let sense = if on_offer.is_some() {
            egui::Sense::click()
        } else {
            egui::Sense::hover()
        };
        let resp = ui.interact(tr_rect, egui::Id::new(("thing", i)), sense);
        let mut tip = things[i].name.clone();
        if let Some(c) = &on_offer {
            tip = format!(
                "{tip}\n{}",
                tr.f("site-click", &[("choice", &text(&c.label, tr))])
            );
        }
        if inspected {
            tip = format!("{tip}\n{}", tr.t("legend-inspected"));
        }
        let resp = resp.on_hover_text(tip);
        if let Some(c) = on_offer {
            let stroke = if resp.hovered() { 3.0 } else { 2.0 };
            painter.rect_stroke(
                tr_rect.expand(2.0),
                3.0,
                egui::Stroke::new(stroke, HOTSPOT),
                egui::StrokeKind::Outside,
            );
            if resp.clicked() {
                out = Some(Command::Choose(c.id.clone()));
            }
        }
    }
    out
}

/// The outline of a thing that can be inspected now.
const HOTSPOT: egui::Color32 = egui::Color32::from_rgb(220, 120, 0);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    /// Every shipped case's plan at 1024×640 and 1280×800, in both languages, while
    /// investigating and after: no two labels intersect and every label lies inside its room.
    #[test]
    fn site_labels_never_overlap_and_never_leave_their_room() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let cases = crate::catalog::load_all(&dir).unwrap();
        let ctx = egui::Context::default();
        super::super::fonts::install(&ctx);
        let mut out = ctx.run_ui(Default::default(), |_| {});
        out.textures_delta.clear();
        let (mut labels_seen, mut abbreviated, mut hidden) = (0, 0, 0);
        for case in &cases {
            let site = plan_of(&case.case.scenario);
            for lang in [Lang::Zh, Lang::En] {
                let tr = Tr::new(lang);
                for (w, h) in [(1024.0, 640.0), (1280.0, 800.0)] {
                    for investigating in [true, false] {
                        let area = site_rect(w, h, 34.0, investigating);
                        let ts = crate::app::style::window_scale(w, h);
                        let (origin, scale) = fit(site.size.value, area, ts);
                        let to_rect = |(x, y, w, h): (f32, f32, f32, f32)| {
                            egui::Rect::from_min_size(
                                egui::pos2(origin.x + x * scale, origin.y + y * scale),
                                egui::vec2(w * scale, h * scale),
                            )
                        };
                        let (rooms, things) = items(&site, &tr, to_rect);
                        let plan_rect = to_rect((0.0, 0.0, site.size.value.0, site.size.value.1));
                        let s = crate::app::style::window_scale(w, h);
                        let mut layout = crate::app::site_labels::layout_with(&ctx);
                        let l = crate::app::site_labels::place(
                            plan_rect,
                            &rooms,
                            &things,
                            s,
                            &mut layout,
                        );
                        let at = format!(
                            "{} {lang:?} {w}x{h} investigating={investigating}",
                            case.case.scenario.id.value
                        );
                        let mut placed = Vec::new();
                        let mut missing = Vec::new();
                        for (r, p) in rooms.iter().zip(&l.rooms) {
                            let Some(p) = p.as_ref() else {
                                missing.push(r.name.clone());
                                continue;
                            };
                            assert!(
                                r.rect.contains_rect(p.rect),
                                "{at}: {} leaves its room",
                                p.full
                            );
                            placed.push(p);
                        }
                        for (t, p) in things.iter().zip(&l.things) {
                            let Some(p) = p.as_ref() else {
                                missing.push(t.name.clone());
                                continue;
                            };
                            let room = rooms
                                .iter()
                                .map(|r| r.rect)
                                .find(|r| r.contains(t.rect.center()))
                                .unwrap_or(plan_rect);
                            assert!(
                                room.contains_rect(p.rect),
                                "{at}: {} leaves its room",
                                p.full
                            );
                            placed.push(p);
                        }
                        // Hover-only names (no room even for an abbreviation) only on the
                        // smallest plan: the small window once the investigation is over.
                        if w >= 1280.0 || investigating {
                            assert!(missing.is_empty(), "{at}: no label for {missing:?}");
                        }
                        hidden += missing.len();
                        for (i, a) in placed.iter().enumerate() {
                            for b in &placed[i + 1..] {
                                assert!(
                                    !a.rect.intersects(b.rect),
                                    "{at}: “{}” and “{}” overlap",
                                    a.shown,
                                    b.shown
                                );
                            }
                        }
                        labels_seen += placed.len();
                        abbreviated += placed.iter().filter(|p| p.abbreviated()).count();
                    }
                }
            }
        }
        // Abbreviation is the exception: nearly every name is shown whole.
        eprintln!("{labels_seen} labels placed, {abbreviated} abbreviated, {hidden} hover-only");
        assert!(
            abbreviated * 10 < labels_seen && hidden * 20 < labels_seen,
            "{abbreviated} of {labels_seen} labels abbreviated, {hidden} hover-only"
        );
    }
}
