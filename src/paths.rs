//! Where shipped content is found: the `scenarios/` directory of a project or an install.

use std::path::{Path, PathBuf};

/// Environment variable naming the content directory (the one holding `standards/`).
pub const CONTENT_ENV: &str = "CAILIANG_CONTENT";

/// The content directory: `$CAILIANG_CONTENT`, else `scenarios/` in the current directory or
/// one of its parents, else beside the binary (`<bin>/scenarios`, `<bin>/../share/cailiang/scenarios`,
/// or the project the binary was built in).
pub fn content_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONTENT_ENV) {
        return Some(PathBuf::from(dir));
    }
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        candidates.extend(cwd.ancestors().map(|a| a.join("scenarios")));
    }
    if let Some(bin_dir) = std::env::current_exe()
        .ok()
        .as_deref()
        .and_then(Path::parent)
    {
        candidates.push(bin_dir.join("scenarios"));
        candidates.push(bin_dir.join("../share/cailiang/scenarios"));
        candidates.extend(bin_dir.ancestors().map(|a| a.join("scenarios")));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"));
    candidates
        .into_iter()
        .find(|c| c.join("standards").is_dir())
}

/// The content directory, never looked up from the current directory: `$CAILIANG_CONTENT`, else
/// beside the binary, else the project it was built in. For `verify`, which must not trust
/// whatever `scenarios/` the directory it runs in holds.
pub fn installed_content_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONTENT_ENV) {
        return Some(PathBuf::from(dir));
    }
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(bin_dir) = std::env::current_exe()
        .ok()
        .as_deref()
        .and_then(Path::parent)
    {
        candidates.push(bin_dir.join("scenarios"));
        candidates.push(bin_dir.join("../share/cailiang/scenarios"));
        candidates.extend(bin_dir.ancestors().map(|a| a.join("scenarios")));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"));
    candidates
        .into_iter()
        .find(|c| c.join("standards").is_dir())
}

/// The shipped standards: `<content>/standards`.
pub fn standards_dir() -> Option<PathBuf> {
    content_dir().map(|c| c.join("standards"))
}
