//! Where shipped content is found: the `scenarios/` directory of a project or an install.

use std::path::{Path, PathBuf};

/// Environment variable naming the content directory (the one holding `standards/`).
pub const CONTENT_ENV: &str = "CAILIANG_CONTENT";

/// Where the content directory was found, so that commands can say which one they use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Named by `$CAILIANG_CONTENT`.
    Env,
    /// `scenarios/` in the current directory or one of its parents.
    Here,
    /// Installed beside the binary.
    Installed,
    /// The project the binary was built from (a development build run elsewhere).
    BuiltFrom,
    /// Given on the command line.
    Given,
}

impl Origin {
    /// Why this directory, in the interface language.
    pub fn why(self, lang: crate::text::Lang) -> &'static str {
        let zh = lang == crate::text::Lang::Zh;
        match self {
            Origin::Env if zh => "由 $CAILIANG_CONTENT 指定",
            Origin::Env => "from $CAILIANG_CONTENT",
            Origin::Here if zh => "当前目录下",
            Origin::Here => "found here",
            Origin::Installed if zh => "随程序安装",
            Origin::Installed => "installed beside the program",
            Origin::BuiltFrom if zh => "构建本程序的项目；当前目录下没有 scenarios/",
            Origin::BuiltFrom => {
                "the project this program was built from: there is no scenarios/ here"
            }
            Origin::Given if zh => "命令行指定",
            Origin::Given => "as given",
        }
    }
}

/// The content directory and where it was found: `$CAILIANG_CONTENT`, else `scenarios/` in the
/// current directory or one of its parents, else beside the binary (`<bin>/scenarios`,
/// `<bin>/../share/cailiang/scenarios`), else the project the binary was built in.
pub fn find_content() -> Option<(PathBuf, Origin)> {
    if let Some(dir) = std::env::var_os(CONTENT_ENV) {
        return Some((PathBuf::from(dir), Origin::Env));
    }
    let mut candidates: Vec<(PathBuf, Origin)> = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        candidates.extend(cwd.ancestors().map(|a| (a.join("scenarios"), Origin::Here)));
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    if let Some(bin_dir) = std::env::current_exe()
        .ok()
        .as_deref()
        .and_then(Path::parent)
    {
        candidates.push((bin_dir.join("scenarios"), Origin::Installed));
        candidates.push((
            bin_dir.join("../share/cailiang/scenarios"),
            Origin::Installed,
        ));
        // A build in the project's target directory finds the project by its ancestors.
        candidates.extend(bin_dir.ancestors().map(|a| a.join("scenarios")).map(|d| {
            let origin = if d == built {
                Origin::BuiltFrom
            } else {
                Origin::Installed
            };
            (d, origin)
        }));
    }
    candidates.push((built, Origin::BuiltFrom));
    candidates
        .into_iter()
        .find(|(c, _)| c.join("standards").is_dir())
}

/// The content directory (see `find_content`).
pub fn content_dir() -> Option<PathBuf> {
    find_content().map(|(d, _)| d)
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
