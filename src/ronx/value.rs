//! RON text → a value tree that keeps the byte span of every node, for diagnostics.
//!
//! The `ron` crate parses straight into serde types and forgets where values were, so an
//! instructor could only be told "scene `x` not found" without a line. This reader accepts the
//! RON syntax our content uses (structs, tuples, lists, maps, enums, strings, raw strings, chars,
//! numbers, `Some`/`None`, comments, `#![enable(..)]` headers) and keeps spans.

use crate::diag::Span;

/// A parsed RON value with the span of its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub span: Span,
    pub kind: Kind,
}

/// A named field of a RON struct: `name: value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub name_span: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `()`
    Unit,
    Bool(bool),
    Int(i64),
    /// Integers above `i64::MAX`.
    UInt(u64),
    Float(f64),
    Str(String),
    Char(char),
    /// `[a, b]`
    List(Vec<Value>),
    /// `{ k: v }`
    Map(Vec<(Value, Value)>),
    /// `Name(field: v, ..)` or `(field: v, ..)`
    Struct {
        name: Option<(String, Span)>,
        fields: Vec<Field>,
    },
    /// `Name(a, b)` or `(a, b)`
    Tuple {
        name: Option<(String, Span)>,
        items: Vec<Value>,
    },
    /// A bare identifier: a unit enum variant, a unit struct, or `None`.
    Ident(String),
}

impl Kind {
    /// What the user wrote, in words, for "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        match self {
            Kind::Unit => "`()`".into(),
            Kind::Bool(b) => format!("boolean `{b}`"),
            Kind::Int(i) => format!("integer `{i}`"),
            Kind::UInt(i) => format!("integer `{i}`"),
            Kind::Float(f) => format!("number `{f}`"),
            Kind::Str(s) => format!("string {s:?}"),
            Kind::Char(c) => format!("character {c:?}"),
            Kind::List(_) => "a list `[..]`".into(),
            Kind::Map(_) => "a map `{..}`".into(),
            Kind::Struct {
                name: Some((n, _)), ..
            } => format!("struct `{n}(..)`"),
            Kind::Struct { name: None, .. } => "a struct `(..)`".into(),
            Kind::Tuple {
                name: Some((n, _)), ..
            } => format!("`{n}(..)`"),
            Kind::Tuple { name: None, .. } => "a tuple `(..)`".into(),
            Kind::Ident(i) => format!("identifier `{i}`"),
        }
    }
}

/// A syntax error: where, what was expected, and a hint.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub help: String,
}

type PResult<T> = Result<T, SyntaxError>;

/// Parse one RON document (a single value, optionally preceded by `#![enable(..)]` lines).
pub fn parse(src: &str) -> PResult<Value> {
    let mut p = Parser {
        src,
        pos: 0,
        depth: 0,
    };
    p.skip_ws()?;
    while p.src[p.pos..].starts_with("#!") {
        p.extension_attribute()?;
        p.skip_ws()?;
    }
    if p.at_end() {
        return Err(p.error_here(
            "the file is empty",
            "a content file holds one RON value, e.g. `Standard( .. )` or `Scenario( .. )`",
        ));
    }
    let value = p.value()?;
    p.skip_ws()?;
    if !p.at_end() {
        return Err(p.error_token(
            "unexpected text after the end of the value",
            "a file holds exactly one value; check for an extra closing bracket or a second value",
        ));
    }
    Ok(value)
}

/// Deeper nesting than any real content; guards the recursive parser's stack.
const MAX_DEPTH: usize = 128;

struct Parser<'s> {
    src: &'s str,
    pos: usize,
    depth: usize,
}

impl<'s> Parser<'s> {
    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn error_here(&self, message: impl Into<String>, help: impl Into<String>) -> SyntaxError {
        let end = self.peek().map_or(self.pos, |c| self.pos + c.len_utf8());
        SyntaxError {
            span: Span::new(self.pos, end),
            message: message.into(),
            help: help.into(),
        }
    }

    /// An error spanning the whole token at the current position.
    fn error_token(&self, message: impl Into<String>, help: impl Into<String>) -> SyntaxError {
        let rest = &self.src[self.pos..];
        let len = match rest.chars().next() {
            Some(c) if is_ident_start(c) => rest
                .char_indices()
                .find(|&(_, c)| !is_ident_char(c))
                .map_or(rest.len(), |(i, _)| i),
            Some(c) => c.len_utf8(),
            None => 0,
        };
        SyntaxError {
            span: Span::new(self.pos, self.pos + len),
            message: message.into(),
            help: help.into(),
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the file".into(),
            Some(c) if is_ident_start(c) => {
                let rest = &self.src[self.pos..];
                let end = rest
                    .char_indices()
                    .find(|&(_, c)| !is_ident_char(c))
                    .map_or(rest.len(), |(i, _)| i);
                format!("`{}`", &rest[..end])
            }
            Some('"') => "a string".into(),
            Some(c) => format!("`{c}`"),
        }
    }

    fn skip_ws(&mut self) -> PResult<()> {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('/') if self.peek_at(1) == Some('/') => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                Some('/') if self.peek_at(1) == Some('*') => {
                    let start = self.pos;
                    self.pos += 2;
                    let mut depth = 1;
                    while depth > 0 {
                        if self.src[self.pos..].starts_with("*/") {
                            depth -= 1;
                            self.pos += 2;
                        } else if self.src[self.pos..].starts_with("/*") {
                            depth += 1;
                            self.pos += 2;
                        } else if self.bump().is_none() {
                            return Err(SyntaxError {
                                span: Span::new(start, start + 2),
                                message: "unterminated block comment".into(),
                                help: "close the comment with `*/`".into(),
                            });
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn extension_attribute(&mut self) -> PResult<()> {
        let start = self.pos;
        match self.src[self.pos..].find(']') {
            Some(i) => {
                self.pos += i + 1;
                Ok(())
            }
            None => Err(SyntaxError {
                span: Span::new(start, start + 2),
                message: "unterminated `#![..]` attribute".into(),
                help: "write extensions as `#![enable(implicit_some)]`".into(),
            }),
        }
    }

    fn expect_char(&mut self, want: char, what: &str, help: &str) -> PResult<()> {
        self.skip_ws()?;
        if self.peek() == Some(want) {
            self.bump();
            Ok(())
        } else {
            Err(self.error_token(format!("expected {what}, found {}", self.found()), help))
        }
    }

    fn value(&mut self) -> PResult<Value> {
        self.depth += 1;
        let v = if self.depth > MAX_DEPTH {
            Err(self.error_here(
                format!("values are nested more than {MAX_DEPTH} levels deep"),
                "check for unclosed or repeated brackets",
            ))
        } else {
            self.value_inner()
        };
        self.depth -= 1;
        v
    }

    fn value_inner(&mut self) -> PResult<Value> {
        self.skip_ws()?;
        let start = self.pos;
        let c =
            match self.peek() {
                Some(c) => c,
                None => return Err(self.error_here(
                    "unexpected end of file, expected a value",
                    "the file ends in the middle of a value; check for a missing closing bracket",
                )),
            };
        let kind = match c {
            '(' => return self.paren_body(None, start),
            '[' => self.list()?,
            '{' => self.map()?,
            '"' => Kind::Str(self.string()?),
            '\'' => Kind::Char(self.char_lit()?),
            'r' if matches!(self.peek_at(1), Some('"') | Some('#')) => Kind::Str(self.raw_string()?),
            c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => self.number()?,
            c if is_ident_start(c) => {
                let (name, name_span) = self.ident();
                match name.as_str() {
                    "true" => Kind::Bool(true),
                    "false" => Kind::Bool(false),
                    "inf" => Kind::Float(f64::INFINITY),
                    "NaN" => Kind::Float(f64::NAN),
                    _ => {
                        let save = self.pos;
                        self.skip_ws()?;
                        if self.peek() == Some('(') {
                            return self.paren_body(Some((name, name_span)), start);
                        }
                        self.pos = save;
                        Kind::Ident(name)
                    }
                }
            }
            _ => {
                return Err(self.error_token(
                    format!("expected a value, found {}", self.found()),
                    "a value is a string \"..\", a number, true/false, a list [..], a map {..}, or a struct Name(..)",
                ))
            }
        };
        Ok(Value {
            span: Span::new(start, self.pos),
            kind,
        })
    }

    fn ident(&mut self) -> (String, Span) {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if is_ident_char(c) {
                self.bump();
            } else {
                break;
            }
        }
        (
            self.src[start..self.pos].to_string(),
            Span::new(start, self.pos),
        )
    }

    /// After an optional name, at `(`: a struct `(a: 1)`, a tuple `(1, 2)`, or unit `()`.
    fn paren_body(&mut self, name: Option<(String, Span)>, start: usize) -> PResult<Value> {
        let open = self.pos;
        self.bump(); // (
        self.skip_ws()?;
        if self.peek() == Some(')') {
            self.bump();
            let kind = match name {
                Some(n) => Kind::Struct {
                    name: Some(n),
                    fields: vec![],
                },
                None => Kind::Unit,
            };
            return Ok(Value {
                span: Span::new(start, self.pos),
                kind,
            });
        }
        let is_struct = {
            let save = self.pos;
            let mut yes = false;
            if self.peek().is_some_and(is_ident_start) {
                self.ident();
                self.skip_ws()?;
                yes = self.peek() == Some(':') && self.peek_at(1) != Some(':');
            }
            self.pos = save;
            yes
        };
        let kind = if is_struct {
            let mut fields: Vec<Field> = Vec::new();
            loop {
                self.skip_ws()?;
                if self.peek() == Some(')') {
                    self.bump();
                    break;
                }
                if !self.peek().is_some_and(is_ident_start) {
                    return Err(self.unclosed_or(
                        open,
                        '(',
                        format!("expected a field name or `)`, found {}", self.found()),
                        "struct fields are written `name: value`",
                    ));
                }
                let (fname, fspan) = self.ident();
                self.expect_char(
                    ':',
                    &format!("`:` after field name `{fname}`"),
                    "struct fields are written `name: value`",
                )?;
                let value = self.value()?;
                fields.push(Field {
                    name: fname,
                    name_span: fspan,
                    value,
                });
                self.skip_ws()?;
                match self.peek() {
                    Some(',') => {
                        self.bump();
                    }
                    Some(')') => {
                        self.bump();
                        break;
                    }
                    _ => {
                        let help = if self.src[..self.pos].ends_with('"') {
                            "a string just before this may be missing its closing `\"`, so the text after it is read as code"
                        } else {
                            "separate fields with commas; is a comma missing at the end of the previous field?"
                        };
                        return Err(self.unclosed_or(
                            open,
                            '(',
                            format!("expected `,` or `)` after a field, found {}", self.found()),
                            help,
                        ));
                    }
                }
            }
            Kind::Struct { name, fields }
        } else {
            let items = self.items(')', open)?;
            Kind::Tuple { name, items }
        };
        Ok(Value {
            span: Span::new(start, self.pos),
            kind,
        })
    }

    /// Report a missing closing bracket at the opener when the file ended, else at the token.
    fn unclosed_or(&self, open: usize, opener: char, msg: String, help: &str) -> SyntaxError {
        if self.at_end() {
            SyntaxError {
                span: Span::new(open, open + 1),
                message: format!("this `{opener}` is never closed"),
                help: format!(
                    "add the matching `{}`; the file ended before it",
                    closer(opener)
                ),
            }
        } else {
            self.error_token(msg, help)
        }
    }

    /// Comma-separated values up to `close` (trailing comma allowed).
    fn items(&mut self, close: char, open: usize) -> PResult<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            if self.peek() == Some(close) {
                self.bump();
                return Ok(items);
            }
            if self.at_end() {
                return Err(self.unclosed_or(open, opener(close), String::new(), ""));
            }
            items.push(self.value()?);
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(c) if c == close => {
                    self.bump();
                    return Ok(items);
                }
                _ => {
                    return Err(self.unclosed_or(
                        open,
                        opener(close),
                        format!("expected `,` or `{close}`, found {}", self.found()),
                        "separate items with commas; is a comma missing after the previous item?",
                    ))
                }
            }
        }
    }

    fn list(&mut self) -> PResult<Kind> {
        let open = self.pos;
        self.bump();
        Ok(Kind::List(self.items(']', open)?))
    }

    fn map(&mut self) -> PResult<Kind> {
        let open = self.pos;
        self.bump();
        let mut entries = Vec::new();
        loop {
            self.skip_ws()?;
            if self.peek() == Some('}') {
                self.bump();
                return Ok(Kind::Map(entries));
            }
            if self.at_end() {
                return Err(self.unclosed_or(open, '{', String::new(), ""));
            }
            let key = self.value()?;
            self.expect_char(
                ':',
                "`:` after a map key",
                "map entries are written `key: value`",
            )?;
            let value = self.value()?;
            entries.push((key, value));
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    return Ok(Kind::Map(entries));
                }
                _ => {
                    return Err(self.unclosed_or(
                        open,
                        '{',
                        format!("expected `,` or `}}`, found {}", self.found()),
                        "separate map entries with commas",
                    ))
                }
            }
        }
    }

    fn string(&mut self) -> PResult<String> {
        let start = self.pos;
        self.bump(); // "
        let mut out = String::new();
        loop {
            let c =
                match self.bump() {
                    Some(c) => c,
                    None => return Err(SyntaxError {
                        span: Span::new(start, start + 1),
                        message: "unterminated string".into(),
                        help:
                            "close the string with `\"`; a `\"` inside text must be written `\\\"`"
                                .into(),
                    }),
                };
            match c {
                '"' => return Ok(out),
                '\\' => out.push(self.escape()?),
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> PResult<char> {
        let at = self.pos - 1;
        let bad = |p: &Self, what: &str| SyntaxError {
            span: Span::new(at, p.pos),
            message: format!("invalid escape {what}"),
            help: "valid escapes: \\\" \\\\ \\n \\t \\r \\0 \\u{XXXX}".into(),
        };
        match self.bump() {
            Some('"') => Ok('"'),
            Some('\'') => Ok('\''),
            Some('\\') => Ok('\\'),
            Some('/') => Ok('/'),
            Some('n') => Ok('\n'),
            Some('t') => Ok('\t'),
            Some('r') => Ok('\r'),
            Some('0') => Ok('\0'),
            Some('u') => {
                if self.peek() != Some('{') {
                    return Err(bad(self, "`\\u` (write `\\u{XXXX}`)"));
                }
                self.bump();
                let hs = self.pos;
                while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                    self.bump();
                }
                let hex = &self.src[hs..self.pos];
                if self.peek() != Some('}') {
                    return Err(bad(self, "`\\u{..}`"));
                }
                self.bump();
                u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| bad(self, "code point"))
            }
            Some(c) => Err(bad(self, &format!("`\\{c}`"))),
            None => Err(bad(self, "at end of file")),
        }
    }

    fn raw_string(&mut self) -> PResult<String> {
        let start = self.pos;
        self.bump(); // r
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.peek() != Some('"') {
            return Err(self.error_here(
                "expected `\"` to open a raw string",
                "raw strings look like r#\"..\"#",
            ));
        }
        self.bump();
        let body_start = self.pos;
        let terminator = format!("\"{}", "#".repeat(hashes));
        match self.src[self.pos..].find(&terminator) {
            Some(i) => {
                let s = self.src[body_start..body_start + i].to_string();
                self.pos = body_start + i + terminator.len();
                Ok(s)
            }
            None => Err(SyntaxError {
                span: Span::new(start, body_start),
                message: "unterminated raw string".into(),
                help: format!("close it with `{terminator}`"),
            }),
        }
    }

    fn char_lit(&mut self) -> PResult<char> {
        let start = self.pos;
        self.bump();
        let c = match self.bump() {
            Some('\\') => self.escape()?,
            Some(c) => c,
            None => {
                return Err(self.error_here("unterminated character", "write a character as 'x'"))
            }
        };
        if self.peek() != Some('\'') {
            return Err(SyntaxError {
                span: Span::new(start, self.pos),
                message: "unterminated character literal".into(),
                help: "single quotes hold one character; use double quotes for text: \"..\"".into(),
            });
        }
        self.bump();
        Ok(c)
    }

    fn number(&mut self) -> PResult<Kind> {
        let start = self.pos;
        if matches!(self.peek(), Some('-') | Some('+')) {
            self.bump();
        }
        let rest = &self.src[self.pos..];
        if rest.starts_with("inf") {
            self.pos += 3;
            let neg = self.src[start..].starts_with('-');
            return Ok(Kind::Float(if neg {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }));
        }
        let radix = if rest.starts_with("0x") {
            16
        } else if rest.starts_with("0b") {
            2
        } else if rest.starts_with("0o") {
            8
        } else {
            10
        };
        if radix != 10 {
            self.pos += 2;
            let ds = self.pos;
            while self
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                self.bump();
            }
            let digits: String = self.src[ds..self.pos]
                .chars()
                .filter(|&c| c != '_')
                .collect();
            let neg = self.src[start..].starts_with('-');
            return match i64::from_str_radix(&digits, radix) {
                Ok(v) => Ok(Kind::Int(if neg { -v } else { v })),
                Err(_) => Err(SyntaxError {
                    span: Span::new(start, self.pos),
                    message: format!("invalid number `{}`", &self.src[start..self.pos]),
                    help: "numbers are written like 12, -3, 0.5, 1_000 or 1e6".into(),
                }),
            };
        }
        let mut is_float = false;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || c == '_' {
                self.bump();
            } else if c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit()) {
                is_float = true;
                self.bump();
            } else if c == '.' && !is_float {
                // `1.` is a float in RON.
                is_float = true;
                self.bump();
            } else if (c == 'e' || c == 'E')
                && self
                    .peek_at(1)
                    .is_some_and(|d| d.is_ascii_digit() || d == '-' || d == '+')
            {
                is_float = true;
                self.bump();
                if matches!(self.peek(), Some('-') | Some('+')) {
                    self.bump();
                }
            } else {
                break;
            }
        }
        // A letter glued to the number (`12abc`) is a typo, not two tokens.
        if self.peek().is_some_and(is_ident_char) {
            while self.peek().is_some_and(is_ident_char) {
                self.bump();
            }
            return Err(SyntaxError {
                span: Span::new(start, self.pos),
                message: format!("invalid number `{}`", &self.src[start..self.pos]),
                help: "numbers are written like 12, -3, 0.5, 1_000 or 1e6; text goes in quotes"
                    .into(),
            });
        }
        let text: String = self.src[start..self.pos]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        let invalid = || SyntaxError {
            span: Span::new(start, self.pos.max(start + 1)),
            message: format!("invalid number `{}`", &self.src[start..self.pos]),
            help: "numbers are written like 12, -3, 0.5, 1_000 or 1e6".into(),
        };
        if is_float {
            text.parse::<f64>().map(Kind::Float).map_err(|_| invalid())
        } else if let Ok(i) = text.parse::<i64>() {
            Ok(Kind::Int(i))
        } else if let Ok(u) = text.trim_start_matches('+').parse::<u64>() {
            Ok(Kind::UInt(u))
        } else {
            Err(invalid())
        }
    }
}

fn closer(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn opener(close: char) -> char {
    match close {
        ')' => '(',
        ']' => '[',
        _ => '{',
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(src: &str) -> Kind {
        parse(src).unwrap().kind
    }

    #[test]
    fn scalars() {
        assert_eq!(kind("12"), Kind::Int(12));
        assert_eq!(kind("-1_000"), Kind::Int(-1000));
        assert_eq!(kind("0.5"), Kind::Float(0.5));
        assert_eq!(kind("1e3"), Kind::Float(1000.0));
        assert_eq!(kind("true"), Kind::Bool(true));
        assert_eq!(kind(r#""a\"b\u{4e2d}""#), Kind::Str("a\"b中".into()));
        assert_eq!(kind(r##"r#"raw "x""#"##), Kind::Str("raw \"x\"".into()));
        assert_eq!(kind("'c'"), Kind::Char('c'));
        assert_eq!(kind("None"), Kind::Ident("None".into()));
        assert_eq!(kind("()"), Kind::Unit);
    }

    #[test]
    fn structs_tuples_and_spans() {
        let v = parse("// c\nScene(id: \"a\", /* x */ n: [1, 2,],)").unwrap();
        let Kind::Struct { name, fields } = v.kind else {
            panic!("not a struct")
        };
        assert_eq!(name.unwrap().0, "Scene");
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].value.span, Span::new(15, 18));
        assert!(matches!(kind("Some(3)"), Kind::Tuple { .. }));
        assert!(matches!(kind("(1, \"x\")"), Kind::Tuple { name: None, .. }));
        assert!(matches!(kind("{\"k\": 1}"), Kind::Map(_)));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("(a: 1 b: 2)").unwrap_err();
        assert_eq!(e.span, Span::new(6, 7));
        assert!(e.message.contains("expected `,` or `)`"), "{}", e.message);
        let e = parse("(a: [1, 2)").unwrap_err();
        assert!(e.message.contains("expected `,` or `]`"), "{}", e.message);
        let e = parse("(a: \"x)").unwrap_err();
        assert_eq!(e.message, "unterminated string");
        let e = parse("(a: 1,").unwrap_err();
        assert_eq!(e.span, Span::new(0, 1));
        assert!(e.message.contains("never closed"));
        assert!(parse("").is_err());
        assert!(parse("1 2").is_err());
        assert!(parse("12ab").is_err());
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
    }
}
