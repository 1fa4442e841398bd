//! Authoring diagnostics as plain data (file, span, code, message, help) and their rendering.
//!
//! Loading never stops at the first problem: every stage pushes into a `Vec<Diagnostic>`. The
//! CLI renders them like a compiler (codespan-reporting) or as JSON.

use crate::text::{cut, escape_controls};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about authored content. `code` is stable (documented in docs/DIAGNOSTICS.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub file: usize,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: usize, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file,
            span,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(
        code: &'static str,
        file: usize,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(code, file, span, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// The source files of one load, indexed by the `file` of a diagnostic.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<(PathBuf, String)>,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: String) -> usize {
        self.files.push((path, text));
        self.files.len() - 1
    }

    pub fn path(&self, file: usize) -> &Path {
        &self.files[file].0
    }

    pub fn text(&self, file: usize) -> &str {
        &self.files[file].1
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: usize, offset: usize) -> (usize, usize) {
        line_col(self.text(file), offset)
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Characters of a message or help shown; a longer one (a user's megabyte name inside) is cut.
const MESSAGE_CHARS: usize = 400;
/// Source lines longer than this are located, not shown.
const SHOWN_LINE_BYTES: usize = 2000;

/// Render diagnostics like a compiler. `color` off gives stable text for snapshots.
pub fn render(sources: &Sources, diags: &[Diagnostic], color: bool, width: usize) -> String {
    let mut files = SimpleFiles::new();
    // What the files say is shown, never obeyed: control characters in a path, a message or a
    // quoted source line cannot steer the terminal.
    // Only the files a diagnostic points into are copied for the renderer.
    let used: std::collections::HashSet<usize> = diags.iter().map(|d| d.file).collect();
    for i in 0..sources.len() {
        files.add(
            escape_controls(&display_path(sources.path(i))),
            if used.contains(&i) {
                inert(sources.text(i))
            } else {
                String::new()
            },
        );
    }
    let config = term::Config {
        display_style: term::DisplayStyle::Rich,
        start_context_lines: 1,
        end_context_lines: 1,
        ..Default::default()
    };
    let _ = width;
    let mut buf = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    for d in diags {
        let cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_code(d.code)
        .with_message(cut(&escape_controls(&d.message), MESSAGE_CHARS));
        let text = sources.text(d.file);
        let span = clamp(d.span, text);
        let mut notes = Vec::new();
        let longest = shown_lines(text, &span).map(str::len).max().unwrap_or(0);
        let cs = if longest > SHOWN_LINE_BYTES {
            // A line this long is not shown (it would flood the terminal): only where it is.
            let (l, c) = line_col(text, span.start);
            notes.push(format!(
                "--> {}:{l}:{c} (a line of {longest} bytes here, not shown)",
                escape_controls(&display_path(sources.path(d.file))),
            ));
            cs
        } else {
            cs.with_labels(vec![Label::primary(d.file, span)])
        };
        notes.extend(
            d.help
                .iter()
                .map(|h| format!("help: {}", cut(&escape_controls(h), MESSAGE_CHARS))),
        );
        let cs = cs.with_notes(notes);
        // Writing to an in-memory buffer only fails on an out-of-range span, which `clamp` prevents.
        let _ = term::emit_to_write_style(&mut buf, &config, &files, &cs);
    }
    String::from_utf8_lossy(buf.as_slice()).into_owned()
}

/// The lines a label on `span` shows: those it covers, and one of context either side.
fn shown_lines<'a>(text: &'a str, span: &std::ops::Range<usize>) -> std::str::Lines<'a> {
    let before = text[..span.start]
        .rfind('\n')
        .and_then(|i| text[..i].rfind('\n').map(|j| j + 1).or(Some(0)))
        .unwrap_or(0);
    let after = text[span.end..]
        .match_indices('\n')
        .nth(1)
        .map_or(text.len(), |(i, _)| span.end + i);
    text[before..after].lines()
}

/// `text` with each control character other than tab and line endings replaced by as many `?`
/// as it has bytes, so that every span still points at the same place.
fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

fn clamp(span: Span, text: &str) -> std::ops::Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Paths as the user gave them, with `/` separators so snapshots match on every OS.
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// A diagnostic as data, for `--format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub help: Option<String>,
}

pub fn to_json(sources: &Sources, d: &Diagnostic) -> JsonDiagnostic {
    let (line, column) = sources.line_col(d.file, d.span.start);
    let (end_line, end_column) = sources.line_col(d.file, d.span.end);
    JsonDiagnostic {
        severity: d.severity,
        code: d.code,
        file: display_path(sources.path(d.file)),
        line,
        column,
        end_line,
        end_column,
        message: d.message.clone(),
        help: d.help.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\n中文x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 9), (2, 3));
        assert_eq!(line_col(t, 4), (2, 1), "inside a character: its start");
    }

    #[test]
    fn render_has_location_code_and_help() {
        let mut s = Sources::default();
        let f = s.add("x.ron".into(), "(a: 1)\n".into());
        let d = Diagnostic::error("E0001", f, Span::new(1, 2), "bad").with_help("fix it");
        let out = render(&s, &[d], false, 100);
        assert!(out.contains("error[E0001]: bad"), "{out}");
        assert!(out.contains("x.ron:1:2"), "{out}");
        assert!(out.contains("help: fix it"), "{out}");
    }
}
