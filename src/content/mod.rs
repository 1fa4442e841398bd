//! Loading content: find RON files, parse them, deserialize, validate, resolve across files.
//!
//! This module and `cli` are the only parts of the engine that touch the file system. Loading
//! never stops at the first problem; it returns everything it could load plus all diagnostics.

pub mod checks;
pub mod codes;
mod outcomes;

use crate::diag::{Diagnostic, Sources, Span};
use crate::plan::Plan;
use crate::ronx::{self, DeErrorKind, DeIssue};
use crate::scenario::Scenario;
use crate::standard::Standard;
use crate::suggest::did_you_mean;
use checks::Sink;
use std::path::{Path, PathBuf};

/// Everything loaded from a set of paths.
#[derive(Debug, Default)]
pub struct Library {
    pub sources: Sources,
    pub standards: Vec<(usize, Standard)>,
    pub scenarios: Vec<(usize, Scenario)>,
    pub plans: Vec<(usize, Plan)>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files that hold a standard, whether or not it loaded.
    pub standard_files: usize,
    /// The files loaded so far, by canonical path (each is loaded once).
    loaded: std::collections::HashSet<PathBuf>,
    /// Where a missing field was filled with a stand-in, (file, offset): checks that trip over
    /// a stand-in are dropped (the missing field is already reported).
    stand_ins: Vec<(usize, usize)>,
}

impl Library {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Find a violation item and its standard by item id.
    pub fn item(&self, id: &str) -> Option<(&Standard, &crate::standard::Item)> {
        self.standards
            .iter()
            .flat_map(|(_, s)| s.items.iter().map(move |i| (s, i)))
            .find(|(_, i)| i.id.value == id)
    }

    /// The current pin of every loaded scenario (its file and its standards' files, hashed).
    pub fn pins(&self) -> std::collections::BTreeMap<String, String> {
        let sha = |file: usize| {
            crate::log::sha256_hex(&std::fs::read(self.sources.path(file)).unwrap_or_default())
        };
        self.scenarios
            .iter()
            .map(|(f, s)| {
                let standards: Vec<(String, String)> = self
                    .standards
                    .iter()
                    .filter(|(_, st)| s.standards.iter().any(|id| id.value == st.id.value))
                    .map(|(sf, st)| (st.id.value.clone(), sha(*sf)))
                    .collect();
                (
                    s.id.value.clone(),
                    crate::plan::case_pin(&sha(*f), &standards),
                )
            })
            .collect()
    }

    pub fn item_ids(&self) -> Vec<&String> {
        self.standards
            .iter()
            .flat_map(|(_, s)| s.items.iter().map(|i| &i.id.value))
            .collect()
    }
}

/// The kinds of content file, told apart by the top-level struct name.
const KINDS: &[&str] = &["Standard", "Scenario", "Plan"];

/// Load and check every `.ron` file under `paths` (files or directories, searched recursively).
pub fn load(paths: &[PathBuf]) -> Library {
    let mut lib = Library::default();
    for p in paths {
        load_path(&mut lib, p);
    }
    cross_check(&mut lib);
    lib
}

/// Load `paths`, adding the standards in `standards_dir` when none of the paths held a standard,
/// so that one scenario file can be checked on its own, and the scenarios beside them when the
/// paths hold a plan but no scenario.
pub fn load_with_standards(paths: &[PathBuf], standards_dir: Option<&Path>) -> Library {
    let mut lib = Library::default();
    for p in paths {
        load_path(&mut lib, p);
    }
    if !lib.plans.is_empty() && lib.scenarios.is_empty() {
        if let Some(content) = standards_dir.and_then(Path::parent).filter(|d| d.exists()) {
            // The cases and standards, not the other plans beside them.
            let mut files = Vec::new();
            collect_ron(content, &mut files);
            files.retain(|f| !f.components().any(|c| c.as_os_str() == "plans"));
            files.sort();
            for f in files {
                load_file(&mut lib, &f);
            }
        }
    }
    if lib.standard_files == 0 {
        if let Some(dir) = standards_dir.filter(|d| d.exists()) {
            load_path(&mut lib, dir);
        }
    }
    cross_check(&mut lib);
    lib
}

/// The content a directory given stands for: a project's root (holding `scenarios/` with its
/// standards) stands for its `scenarios/`, never for its test fixtures or build output.
pub fn content_root(p: &Path) -> PathBuf {
    let inner = p.join("scenarios");
    if p.is_dir() && !p.join("standards").is_dir() && inner.join("standards").is_dir() {
        inner
    } else {
        p.to_path_buf()
    }
}

fn load_path(lib: &mut Library, p: &Path) {
    if p.is_dir() {
        let mut files = Vec::new();
        collect_ron(&content_root(p), &mut files);
        files.sort();
        for f in files {
            load_file(lib, &f);
        }
    } else {
        load_file(lib, p);
    }
}

/// Directories a content walk never enters: hidden ones, build output, test fixtures (broken on
/// purpose) and packages.
const SKIPPED_DIRS: &[&str] = &["target", "fixtures", "node_modules"];

/// How deep a content walk goes (a symbolic link back up the tree ends here, not in a crash).
const MAX_DIR_DEPTH: usize = 16;

fn collect_ron(dir: &Path, out: &mut Vec<PathBuf>) {
    collect_ron_at(dir, out, 0)
}

fn collect_ron_at(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let path = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if depth < MAX_DIR_DEPTH
                && !name.starts_with('.')
                && !SKIPPED_DIRS.contains(&name.as_ref())
            {
                collect_ron_at(&path, out, depth + 1);
            }
        } else if path.extension().is_some_and(|x| x == "ron") {
            out.push(path);
        }
    }
}

fn load_file(lib: &mut Library, path: &Path) {
    // A file met twice (a plan's scenarios loaded beside it) is loaded once.
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if !lib.loaded.insert(canonical) {
        return;
    }
    let fail = |lib: &mut Library, message: String, help: &str| {
        let f = lib.sources.add(path.to_path_buf(), String::new());
        lib.diagnostics
            .push(Diagnostic::error(codes::IO, f, Span::default(), message).with_help(help));
    };
    let bytes = match crate::bounded::read_bytes(path, crate::bounded::CONTENT_BYTES) {
        Ok(b) => b,
        Err(e @ crate::bounded::ReadError::TooLarge(_)) => {
            return fail(
                lib,
                format!("the file is {e}"),
                "a case is tens of kilobytes: split it, or check the path",
            )
        }
        Err(e) => return fail(lib, format!("cannot read the file: {e}"), "check the path"),
    };
    // Editors on Windows may write a byte-order mark.
    let text = match crate::bounded::text(bytes) {
        Ok(t) => t,
        Err(at) => {
            return fail(
                lib,
                format!("the file is not valid UTF-8 (byte {at})"),
                "save the file as UTF-8",
            )
        }
    };
    load_source(lib, path, text);
}

/// `paths` loaded as `load` does, then `text` as if it were the file `name`, and all of them
/// checked together: for tools that hold content in memory (an editor's buffer, the fuzzer).
pub fn load_with_text(paths: &[PathBuf], name: &Path, text: String) -> Library {
    let mut lib = Library::default();
    for p in paths {
        load_path(&mut lib, p);
    }
    load_source(&mut lib, name, crate::bounded::strip_bom(&text).to_string());
    cross_check(&mut lib);
    lib
}

/// Parse, deserialize and validate one file's text.
fn load_source(lib: &mut Library, path: &Path, text: String) {
    let file = lib.sources.add(path.to_path_buf(), text);
    let src = lib.sources.text(file).to_string();
    let value = match ronx::parse(&src) {
        Ok(v) => v,
        Err(e) => {
            lib.diagnostics
                .push(Diagnostic::error(codes::SYNTAX, file, e.span, e.message).with_help(e.help));
            return;
        }
    };
    let kind = match &value.kind {
        ronx::value::Kind::Struct {
            name: Some((n, span)),
            ..
        } => {
            if KINDS.contains(&n.as_str()) {
                n.clone()
            } else {
                lib.diagnostics.push(
                    Diagnostic::error(
                        codes::UNKNOWN_FILE_KIND,
                        file,
                        *span,
                        format!("unknown kind of content file `{n}`"),
                    )
                    .with_help(did_you_mean(n, KINDS).unwrap_or_else(|| {
                        "a file holds `Standard( .. )`, `Scenario( .. )` or `Plan( .. )`".into()
                    })),
                );
                return;
            }
        }
        _ if path.components().any(|c| c.as_os_str() == "standards") => "Standard".into(),
        ronx::value::Kind::Struct { .. } => "Scenario".into(),
        other => {
            lib.diagnostics.push(
                Diagnostic::error(
                    codes::WRONG_TYPE,
                    file,
                    value.span,
                    format!(
                        "expected `Scenario( .. )` or `Standard( .. )`, found {}",
                        other.describe()
                    ),
                )
                .with_help("a content file holds one `Standard( .. )` or `Scenario( .. )`"),
            );
            return;
        }
    };
    if kind == "Standard" {
        lib.standard_files += 1;
        if let Some(s) = deserialize::<Standard>(lib, file, &value) {
            lib.standards.push((file, s));
        }
    } else if kind == "Plan" {
        if let Some(p) = deserialize::<Plan>(lib, file, &value) {
            lib.plans.push((file, p));
        }
    } else if let Some(s) = deserialize::<Scenario>(lib, file, &value) {
        lib.scenarios.push((file, s));
    }
}

/// Deserialize, turning every issue and the error (if any) into diagnostics. A missing field
/// is reported and then filled with a stand-in, so the rest of the file is still read and
/// checked (one missing `author` no longer hides every other mistake).
fn deserialize<T: serde::de::DeserializeOwned>(
    lib: &mut Library,
    file: usize,
    value: &ronx::Value,
) -> Option<T> {
    let (res, issues) = ronx::from_value::<T>(value);
    let mut suggested: Vec<&'static str> = Vec::new();
    for issue in issues {
        let d = issue_diagnostic(issue, file, &mut suggested);
        lib.diagnostics.push(d);
    }
    match res {
        Ok(v) => Some(v),
        Err(e) => {
            let missing = matches!(e.kind, DeErrorKind::MissingField(_));
            let src = lib.sources.text(file).to_string();
            if let Some(d) = error_diagnostic(&e, file, &src, &suggested) {
                lib.diagnostics.push(d);
            }
            if missing {
                recover(lib, file, value, e)
            } else {
                None
            }
        }
    }
}

/// Most missing fields a file is read past.
const MAX_STAND_INS: usize = 16;

/// Values tried, in order, as the stand-in for a missing field: the first that deserializes is
/// kept. They all sit at an empty span, so checks that trip over a stand-in are dropped.
fn stand_ins() -> Vec<ronx::value::Kind> {
    use ronx::value::Kind;
    vec![
        Kind::Str(String::new()),
        Kind::Int(0),
        Kind::Float(0.0),
        Kind::Bool(false),
        Kind::List(Vec::new()),
        Kind::Map(Vec::new()),
        Kind::Struct {
            name: None,
            fields: Vec::new(),
        },
        Kind::Ident("None".into()),
        Kind::Unit,
    ]
}

/// Put `field: kind` into the struct at `at`; false if there is no such struct.
fn insert_field(v: &mut ronx::Value, at: Span, field: &str, kind: ronx::value::Kind) -> bool {
    use ronx::value::{Field, Kind};
    let here = Span::new(at.start, at.start);
    let stand_in = |kind| ronx::Value { span: here, kind };
    if v.span == at {
        if let Kind::Struct { fields, .. } = &mut v.kind {
            fields.push(Field {
                name: field.to_string(),
                name_span: here,
                value: stand_in(kind),
            });
            return true;
        }
    }
    let children: Vec<&mut ronx::Value> = match &mut v.kind {
        Kind::List(items) | Kind::Tuple { items, .. } => items.iter_mut().collect(),
        Kind::Map(pairs) => pairs.iter_mut().flat_map(|(k, v)| [k, v]).collect(),
        Kind::Struct { fields, .. } => fields.iter_mut().map(|f| &mut f.value).collect(),
        _ => Vec::new(),
    };
    for c in children {
        if c.span.start <= at.start
            && at.end <= c.span.end
            && insert_field(c, at, field, kind.clone())
        {
            return true;
        }
    }
    false
}

/// Read the file again with a stand-in for each missing field in turn (reporting each), so
/// what follows is checked too. Stops at another kind of error, which is reported.
fn recover<T: serde::de::DeserializeOwned>(
    lib: &mut Library,
    file: usize,
    value: &ronx::Value,
    first: ronx::de::DeError,
) -> Option<T> {
    let src = lib.sources.text(file).to_string();
    let mut v = value.clone();
    let mut err = first;
    // Each try reads the whole file again: at most 64 MiB of re-reading in all, so a huge file
    // with many missing fields stays quick (it just stops recovering sooner).
    let mut budget = (64usize << 20) / src.len().max(1);
    for _ in 0..MAX_STAND_INS {
        let (DeErrorKind::MissingField(field), Some(at)) = (&err.kind, err.span) else {
            return None;
        };
        let here = Span::new(at.start, at.start);
        let mut next = None;
        let mut kinds: std::collections::VecDeque<_> = stand_ins().into();
        let mut tries = 0;
        while let Some(kind) = kinds.pop_front().filter(|_| tries < 20 && budget > 0) {
            tries += 1;
            budget -= 1;
            let mut tried = v.clone();
            if !insert_field(&mut tried, at, field, kind) {
                return None;
            }
            let (res, issues) = ronx::from_value::<T>(&tried);
            match res {
                // An enum: its first variant will do.
                Err(ronx::de::DeError {
                    span: Some(s),
                    kind: DeErrorKind::UnknownVariant { expected, .. },
                }) if s == here && !expected.is_empty() => {
                    kinds.push_front(ronx::value::Kind::Ident(expected[0].to_string()));
                    kinds.retain(|k| !matches!(k, ronx::value::Kind::Ident(i) if i == "None"));
                    continue;
                }
                // The stand-in has the wrong type: try the next one.
                Err(e) if e.span == Some(here) => continue,
                res => {
                    next = Some((tried, res, issues));
                    break;
                }
            }
        }
        let (tried, res, issues) = next?;
        lib.stand_ins.push((file, at.start));
        // Issues in parts of the file the first reading never reached.
        let mut suggested = Vec::new();
        for issue in issues {
            let d = issue_diagnostic(issue, file, &mut suggested);
            if !lib.diagnostics.contains(&d) {
                lib.diagnostics.push(d);
            }
        }
        match res {
            Ok(x) => return Some(x),
            Err(e) => {
                if let Some(d) = error_diagnostic(&e, file, &src, &suggested) {
                    if !lib.diagnostics.contains(&d) {
                        lib.diagnostics.push(d);
                    }
                }
                v = tried;
                err = e;
            }
        }
    }
    None
}

fn issue_diagnostic(issue: DeIssue, file: usize, suggested: &mut Vec<&'static str>) -> Diagnostic {
    match issue {
        DeIssue::UnknownField {
            span,
            field,
            expected,
        } => {
            let close = crate::suggest::closest(&field, expected);
            if let Some(c) = close {
                suggested.push(c);
            }
            Diagnostic::error(
                codes::UNKNOWN_FIELD,
                file,
                span,
                format!("unknown field `{field}`"),
            )
            .with_help(match close {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("expected one of {}", ronx::de::backticked(expected)),
            })
        }
        DeIssue::DuplicateField { span, field } => Diagnostic::error(
            codes::DUPLICATE_FIELD,
            file,
            span,
            format!("field `{field}` is given twice"),
        )
        .with_help("remove one of them"),
        DeIssue::WrongStructName {
            span,
            found,
            expected,
        } => Diagnostic::error(
            codes::WRONG_STRUCT,
            file,
            span,
            format!("expected `{expected}(..)` here, found `{found}(..)`"),
        )
        .with_help(format!("write `{expected}(` or leave the name out: `(`")),
    }
}

/// The diagnostic for a deserialization error; none for a missing field whose misspelling was
/// already reported as an unknown field ("did you mean").
fn error_diagnostic(
    e: &ronx::de::DeError,
    file: usize,
    src: &str,
    suggested: &[&'static str],
) -> Option<Diagnostic> {
    let span = first_line(src, e.span.unwrap_or_default());
    let (code, help) = match &e.kind {
        DeErrorKind::MissingField(f) if suggested.contains(f) => return None,
        DeErrorKind::MissingField(f) => (
            codes::MISSING_FIELD,
            format!("add `{f}: …`; docs/SCENARIOS.md and docs/STANDARDS.md list every field"),
        ),
        DeErrorKind::UnknownVariant {
            variant, expected, ..
        } => (
            codes::UNKNOWN_VARIANT,
            did_you_mean(variant, expected.iter())
                .unwrap_or_else(|| format!("expected one of {}", ronx::de::backticked(expected))),
        ),
        DeErrorKind::DuplicateField(_) => (codes::DUPLICATE_FIELD, "remove one of them".into()),
        DeErrorKind::InvalidType { expected, .. } => (
            codes::WRONG_TYPE,
            format!("write {} here", ronx::de::humane(expected)),
        ),
        _ => (
            codes::WRONG_TYPE,
            "check this value against the format in docs/".into(),
        ),
    };
    Some(Diagnostic::error(code, file, span, e.to_string()).with_help(help))
}

/// Shorten a multi-line span to its first line, so a message points at the start of a struct.
fn first_line(src: &str, span: Span) -> Span {
    let start = span.start.min(src.len());
    let end = span.end.min(src.len());
    match src[start..end].find('\n') {
        Some(i) => Span::new(start, start + i),
        None => Span::new(start, end),
    }
}

/// Validate each file, then what spans files: duplicate ids and references.
fn cross_check(lib: &mut Library) {
    let mut diags = Vec::new();
    for (file, s) in &lib.standards {
        crate::standard::validate::validate(
            s,
            &mut Sink {
                file: *file,
                diags: &mut diags,
            },
        );
    }
    let mut seen_std: Vec<&str> = Vec::new();
    let mut seen_items: Vec<(&str, &str)> = Vec::new();
    for (file, s) in &lib.standards {
        let mut sink = Sink {
            file: *file,
            diags: &mut diags,
        };
        if seen_std.contains(&s.id.value.as_str()) {
            sink.error(
                codes::DUPLICATE_ID,
                s.id.span,
                format!("another standard already has the id `{}`", s.id.value),
                "give each standard file its own id",
            );
        }
        seen_std.push(&s.id.value);
        for i in &s.items {
            let elsewhere = seen_items
                .iter()
                .any(|(item, std)| *item == i.id.value && *std != s.id.value);
            if elsewhere {
                sink.error(
                    codes::DUPLICATE_ID,
                    i.id.span,
                    format!("item `{}` is defined in another standard too", i.id.value),
                    "item ids are global; rename one",
                );
            }
            seen_items.push((&i.id.value, &s.id.value));
        }
    }
    let standards: Vec<&Standard> = lib.standards.iter().map(|(_, s)| s).collect();
    let owned_standards: Vec<Standard> = lib.standards.iter().map(|(_, s)| s.clone()).collect();
    let mut seen_sc: Vec<&str> = Vec::new();
    for (file, s) in &lib.scenarios {
        let mut sink = Sink {
            file: *file,
            diags: &mut diags,
        };
        crate::scenario::validate::validate(s, &standards, &mut sink);
        // Only for a file without errors: after one, the outcome check would just repeat it.
        let clean = !sink
            .diags
            .iter()
            .chain(&lib.diagnostics)
            .any(|d| d.file == *file && d.severity == crate::diag::Severity::Error);
        if clean {
            outcomes::check_determined(&mut sink, s, &owned_standards);
        }
        if seen_sc.contains(&s.id.value.as_str()) {
            sink.error(
                codes::DUPLICATE_ID,
                s.id.span,
                format!("another scenario already has the id `{}`", s.id.value),
                "give each scenario its own id",
            );
        }
        seen_sc.push(&s.id.value);
    }
    let pins = lib.pins();
    let mut seen_plans: Vec<&str> = Vec::new();
    for (file, p) in &lib.plans {
        let mut sink = Sink {
            file: *file,
            diags: &mut diags,
        };
        crate::plan::validate::validate(p, &pins, &mut sink);
        if seen_plans.contains(&p.id.value.as_str()) {
            sink.error(
                codes::DUPLICATE_ID,
                p.id.span,
                format!("another plan already has the id `{}`", p.id.value),
                "give each plan its own id",
            );
        }
        seen_plans.push(&p.id.value);
    }
    for d in &mut diags {
        narrow_to_placeholder(d, lib.sources.text(d.file));
    }
    diags.retain(|d| {
        !(d.span.start == d.span.end && lib.stand_ins.contains(&(d.file, d.span.start)))
    });
    lib.diagnostics.extend(diags);
}

/// A diagnostic about a placeholder points at the placeholder, not the whole text it is in.
fn narrow_to_placeholder(d: &mut Diagnostic, src: &str) {
    if d.code != codes::UNKNOWN_FACT && d.code != codes::BAD_PLACEHOLDER {
        return;
    }
    let Some(rest) = d.message.strip_prefix("placeholder `") else {
        return;
    };
    let Some((needle, _)) = rest.split_once('`') else {
        return;
    };
    let (start, end) = (d.span.start.min(src.len()), d.span.end.min(src.len()));
    let Some(within) = src.get(start..end) else {
        return;
    };
    if let Some(at) = within.find(needle) {
        d.span = Span::new(start + at, start + at + needle.len());
    }
}
