//! Where the site plan's labels go: every label inside its room (a thing's room is the room its
//! centre lies in, else the whole plan), no two labels overlapping. A label goes inside its
//! thing if it fits, else beside it (below, above, right, left), wrapping and shrinking down to
//! a floor size; failing that it is abbreviated (the full name shows on hover), and as a last
//! resort left out. Pure over a text-layout function, so it is tested with the real fonts.

use bevy_egui::egui::{self, Galley, Pos2, Rect, Vec2};
use std::sync::Arc;

/// Label sizes tried, largest first (points at the reference window).
const SIZES: [f32; 5] = [14.0, 13.0, 12.0, 11.0, 10.0];
/// Padding between a label and what it must stay inside or apart from.
const PAD: f32 = 2.0;

/// One placed label.
#[derive(Clone)]
pub struct Placed {
    /// What is drawn (the full name, or an abbreviation).
    pub shown: String,
    pub full: String,
    pub galley: Arc<Galley>,
    /// The font size and wrap width it was laid out with (to lay it out again when drawing: a
    /// kept galley may point into a font atlas since rebuilt).
    pub size: f32,
    pub wrap: f32,
    /// Where the galley goes (its top left is `rect.min`).
    pub rect: Rect,
    /// The rectangle it must stay inside.
    pub room: Rect,
}

impl Placed {
    pub fn abbreviated(&self) -> bool {
        self.shown != self.full
    }
}

/// A thing or room to label: its rectangle on screen and its name.
pub struct Item {
    pub rect: Rect,
    pub name: String,
}

/// The labels of the rooms and of the things (`None`: no room for even an abbreviation).
#[derive(Clone)]
pub struct Labels {
    pub rooms: Vec<Option<Placed>>,
    pub things: Vec<Option<Placed>>,
}

/// Text layout: (text, size in points, wrap width) → galley.
pub type Layout<'a> = dyn FnMut(&str, f32, f32) -> Arc<Galley> + 'a;

/// Place the labels. `plan` is the whole plan's rectangle; `scale` multiplies the sizes (the
/// type scale's window factor).
pub fn place(
    plan: Rect,
    rooms: &[Item],
    things: &[Item],
    scale: f32,
    layout: &mut Layout<'_>,
) -> Labels {
    let mut taken: Vec<Rect> = Vec::new();
    let mut out = Labels {
        rooms: Vec::new(),
        things: Vec::new(),
    };
    let thing_rects: Vec<Rect> = things.iter().map(|t| t.rect).collect();
    // Room names that fit whole in a top corner clear of things go there first...
    let mut room_labels: Vec<Option<Placed>> = rooms
        .iter()
        .map(|r| {
            let inside = r.rect.shrink(1.0);
            let top = |g: Vec2| {
                let at = |x: f32| Rect::from_min_size(Pos2::new(x, inside.min.y + 1.0), g);
                vec![at(inside.min.x + PAD), at(inside.max.x - PAD - g.x)]
            };
            let clear = |r: &Rect| !thing_rects.iter().any(|t| t.intersects(*r));
            SIZES.iter().find_map(|size| {
                let galley = layout(&r.name, size * scale, f32::INFINITY);
                let rect = top(galley.size())
                    .into_iter()
                    .find(|c| inside.contains_rect(*c) && clear(c))?;
                Some(Placed {
                    shown: r.name.clone(),
                    full: r.name.clone(),
                    galley,
                    size: size * scale,
                    wrap: f32::INFINITY,
                    rect,
                    room: inside,
                })
            })
        })
        .collect();
    taken.extend(room_labels.iter().flatten().map(|p| p.rect));
    // ...then the things, whose names must sit near them; then the other rooms' names.
    for (i, t) in things.iter().enumerate() {
        let centre = t.rect.center();
        let room = rooms
            .iter()
            .map(|r| r.rect)
            .find(|r| r.contains(centre))
            .unwrap_or(plan)
            .shrink(PAD);
        let tr = t.rect;
        let em = 12.0 * scale;
        let spot = Spot {
            room,
            things: &thing_rects,
            own: Some(i),
            max_h: (room.height() * 0.4).max(tr.height()),
            scale,
        };
        // Inside the thing, wrapped to its width (never abbreviated there)...
        let inside = place_one(
            &t.name,
            &spot,
            layout,
            &taken,
            |g| {
                let r = Rect::from_center_size(tr.center(), g);
                if tr.shrink(1.0).contains_rect(r) {
                    vec![r]
                } else {
                    vec![]
                }
            },
            (tr.width() - 2.0 * PAD).max(1.0),
            false,
        );
        // ...else beside it, wrapped to a few characters more than its width.
        let wrap = (tr.width() + 4.0 * em)
            .max(6.0 * em)
            .min(room.width() - 2.0 * PAD);
        let placed = inside.or_else(|| {
            place_one(
                &t.name,
                &spot,
                layout,
                &taken,
                |g| near(tr, g, room),
                wrap.max(1.0),
                true,
            )
        });
        if let Some(p) = &placed {
            taken.push(p.rect);
        }
        out.things.push(placed);
    }
    for (r, done) in rooms.iter().zip(room_labels.iter_mut()) {
        if done.is_some() {
            continue;
        }
        let inside = r.rect.shrink(1.0);
        let spot = Spot {
            room: inside,
            things: &thing_rects,
            own: None,
            max_h: (inside.height() * 0.4).max(SIZES[SIZES.len() - 1] * scale * 1.4),
            scale,
        };
        let placed = place_one(
            &r.name,
            &spot,
            layout,
            &taken,
            |g| {
                // Corners first, the top left best; then anywhere, top rows first.
                let at = |x: f32, y: f32| Rect::from_min_size(Pos2::new(x, y), g);
                let (l, t) = (inside.min.x + 1.0, inside.min.y);
                let (rr, b) = (inside.max.x - 1.0 - g.x, inside.max.y - g.y);
                let mut v = vec![at(l, t), at(rr, t), at(l, b), at(rr, b)];
                let step = (g.y / 2.0).max(4.0);
                let mut y = t;
                while y <= b {
                    let mut x = l;
                    while x <= rr {
                        v.push(at(x, y));
                        x += step;
                    }
                    y += step;
                }
                v
            },
            (inside.width() - 2.0 * PAD).max(1.0),
            true,
        );
        if let Some(p) = &placed {
            taken.push(p.rect);
        }
        *done = placed;
    }
    out.rooms = room_labels;
    out
}

/// Positions for a label of size `g` near `t`: centred just below, above, right and left of
/// it; then the same sides shifted along; then anywhere in `room` close to it, nearest first.
fn near(t: Rect, g: Vec2, room: Rect) -> Vec<Rect> {
    let c = t.center();
    let at = |x: f32, y: f32| Rect::from_min_size(Pos2::new(x, y), g);
    let (below, above) = (t.max.y + PAD, t.min.y - PAD - g.y);
    let (right, left) = (t.max.x + PAD, t.min.x - PAD - g.x);
    let mut out = vec![
        at(c.x - g.x / 2.0, below),
        at(c.x - g.x / 2.0, above),
        at(right, c.y - g.y / 2.0),
        at(left, c.y - g.y / 2.0),
    ];
    for x in [
        t.min.x,
        t.max.x - g.x,
        t.min.x - g.x / 2.0,
        t.max.x - g.x / 2.0,
    ] {
        out.push(at(x, below));
        out.push(at(x, above));
    }
    for y in [t.min.y, t.max.y - g.y] {
        out.push(at(right, y));
        out.push(at(left, y));
    }
    // Anywhere within a few lines of the thing.
    let reach = t.size().length() / 2.0 + 4.0 * g.y.max(12.0);
    let step = (g.y / 2.0).max(4.0);
    let mut grid = Vec::new();
    let mut y = room.min.y;
    while y + g.y <= room.max.y {
        let mut x = room.min.x;
        while x + g.x <= room.max.x {
            let r = at(x, y);
            let d = r.center().distance(c);
            if d <= reach {
                grid.push((d, r));
            }
            x += step;
        }
        y += step;
    }
    grid.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.extend(grid.into_iter().map(|(_, r)| r));
    out
}

/// Where a label must stay: inside `room`, preferably clear of `things` (but its own).
struct Spot<'a> {
    room: Rect,
    things: &'a [Rect],
    own: Option<usize>,
    /// The tallest a label may be here (a name wrapped over most of a small room is abbreviated
    /// instead, leaving room for its neighbours).
    max_h: f32,
    /// The type scale's window factor.
    scale: f32,
}

/// The first position `candidates` offers (for each size, then, if `abbreviate`, ever shorter
/// abbreviations) inside the spot's room and clear of `taken`; positions clear of other things
/// are preferred.
fn place_one(
    name: &str,
    spot: &Spot<'_>,
    layout: &mut Layout<'_>,
    taken: &[Rect],
    candidates: impl Fn(Vec2) -> Vec<Rect>,
    wrap: f32,
    abbreviate: bool,
) -> Option<Placed> {
    let (room, scale) = (spot.room, spot.scale);
    let free = |r: &Rect| {
        room.contains_rect(*r)
            && r.height() <= spot.max_h
            && !taken.iter().any(|t| t.intersects(*r))
    };
    let clear_of_things = |r: &Rect| {
        spot.things
            .iter()
            .enumerate()
            .all(|(j, t)| Some(j) == spot.own || !t.intersects(*r))
    };
    let chars: Vec<char> = name.chars().collect();
    // The full name at each size; then ever shorter abbreviations at the floor size.
    let full: Vec<(String, f32, f32)> = SIZES
        .iter()
        .map(|s| (name.to_string(), s * scale, wrap))
        .collect();
    let short: Vec<(String, f32, f32)> = (1..chars.len())
        .filter(|_| abbreviate)
        .rev()
        .map(|n| {
            let s: String = chars[..n].iter().collect::<String>() + "…";
            (s, SIZES[SIZES.len() - 1] * scale, f32::INFINITY)
        })
        .collect();
    for tries in [full, short] {
        // Clear of other things if possible, else over them (never over another label).
        for strict in [true, false] {
            for (shown, size, wrap) in &tries {
                // A Latin word is never broken across lines (Chinese wraps between any two
                // characters).
                let longest = shown
                    .split_whitespace()
                    .filter(|w| w.is_ascii())
                    .max_by_key(|w| w.len());
                if let Some(w) = longest {
                    if layout(w, *size, f32::INFINITY).size().x > *wrap {
                        continue;
                    }
                }
                let galley = layout(shown, *size, *wrap);
                let g = galley.size();
                if let Some(rect) = candidates(g)
                    .into_iter()
                    .find(|r| free(r) && (!strict || clear_of_things(r)))
                {
                    return Some(Placed {
                        shown: shown.clone(),
                        full: name.to_string(),
                        galley,
                        size: *size,
                        wrap: *wrap,
                        rect,
                        room,
                    });
                }
            }
        }
    }
    None
}

/// Text layout through an egui context's fonts.
pub fn layout_with(ctx: &egui::Context) -> impl FnMut(&str, f32, f32) -> Arc<Galley> + '_ {
    move |text: &str, size: f32, wrap: f32| {
        ctx.fonts_mut(|f| {
            f.layout(
                text.to_string(),
                egui::FontId::proportional(size),
                egui::Color32::BLACK,
                wrap,
            )
        })
    }
}
