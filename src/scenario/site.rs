//! The site (现场) of a case as a schematic map: rooms and things, some of them hotspots that
//! take an investigation choice when clicked. Front ends draw it; the engine only checks it.

use crate::cond::Key;
use crate::ronx::Spanned;
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// `Site(size: (20, 12), rooms: [..], things: [..])`: a plan in metres, origin at the top left.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Site")]
pub struct Site {
    pub size: Spanned<(f32, f32)>,
    #[serde(default)]
    pub rooms: Vec<Room>,
    #[serde(default)]
    pub things: Vec<Thing>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Room")]
pub struct Room {
    pub id: Key,
    pub label: Spanned<Text>,
    /// `(x, y, width, height)` in metres.
    pub rect: Spanned<(f32, f32, f32, f32)>,
}

/// What a thing on the plan is, for its colour and icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ThingKind {
    Shelf,
    Fridge,
    Counter,
    Desk,
    Door,
    Exit,
    Corridor,
    Goods,
    Machine,
    Equipment,
    Tank,
    Pipe,
    Pile,
    Sign,
    Person,
    Other,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Thing")]
pub struct Thing {
    pub id: Key,
    pub kind: ThingKind,
    pub label: Spanned<Text>,
    pub rect: Spanned<(f32, f32, f32, f32)>,
    /// Clicking the thing takes this choice (when it is offered): the map's hotspots.
    #[serde(default)]
    pub choice: Option<Key>,
}
