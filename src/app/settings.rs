//! Settings remembered on this workstation: trainee id, language, mode, UI scale, window size,
//! the workshop station last joined.

use crate::runtime::Mode;
use crate::text::Lang;
use bevy::prelude::Resource;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Resource)]
#[serde(default)]
pub struct Settings {
    pub trainee: String,
    pub lang: Lang,
    pub mode: Mode,
    pub ui_scale: f32,
    pub window: (f32, f32),
    /// The workshop station last joined (address and join code).
    pub station: String,
    pub join_code: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            trainee: String::new(),
            lang: Lang::Zh,
            mode: Mode::Practice,
            ui_scale: 1.0,
            window: (1280.0, 800.0),
            station: String::new(),
            join_code: String::new(),
        }
    }
}

impl Settings {
    pub fn path(data: &Path) -> PathBuf {
        data.join("settings.json")
    }

    /// Load, falling back to defaults for a missing or unreadable file (never fails).
    pub fn load(data: &Path) -> Settings {
        std::fs::read_to_string(Self::path(data))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, data: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(data)?;
        let json = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(Self::path(data), json)
    }
}
