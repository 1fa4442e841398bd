//! Bilingual text: Simplified Chinese required, English optional.

use serde::{Deserialize, Serialize};

/// Text shown to users: `(zh: "…", en: "…")`. A missing `zh` is reported by validation.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub zh: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Text {
    pub fn new(zh: &str, en: &str) -> Self {
        Text {
            zh: Some(zh.into()),
            en: Some(en.into()),
        }
    }

    /// The text in `lang`, falling back to Chinese (always present after validation).
    pub fn get(&self, lang: Lang) -> &str {
        let zh = self.zh.as_deref().unwrap_or("");
        match lang {
            Lang::Zh => zh,
            Lang::En => self.en.as_deref().filter(|s| !s.is_empty()).unwrap_or(zh),
        }
    }

    pub fn has_zh(&self) -> bool {
        self.zh.as_deref().is_some_and(|s| !s.trim().is_empty())
    }
}

/// The `{fact_key}` placeholders in a text, which play fills with the fact's value.
pub fn placeholders(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) => {
                out.push(&after[..j]);
                rest = &after[j + 1..];
            }
            None => break,
        }
    }
    out
}

impl Text {
    /// Placeholders in either language.
    pub fn placeholders(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .zh
            .iter()
            .chain(self.en.iter())
            .flat_map(|s| placeholders(s))
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// A legal basis as shown in `lang`: in Chinese, without the English annotations the content
/// carries for its developers ("training convention", "unverified"), whose Chinese already
/// stands beside them (培训惯例, 未核实).
pub fn basis_in(basis: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return basis.to_string();
    }
    let mut s = basis.to_string();
    for note in [
        " unverified, training convention",
        ", training convention",
        " (training convention)",
        "(training convention)",
        " training convention",
        " unverified",
    ] {
        s = s.replace(note, "");
    }
    s
}

/// Characters of a user's name or id echoed back in a message: beyond this, `shown` cuts it.
pub const SHOWN_CHARS: usize = 60;

/// A name or id the user gave, as an error message echoes it: control characters escaped (see
/// `escape_controls`) and anything past `SHOWN_CHARS` characters cut, with how long it was.
pub fn shown(s: &str) -> String {
    cut(&escape_controls(s), SHOWN_CHARS)
}

/// `s` cut to its first `max` characters, saying how long it was.
pub fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((end, _)) => format!("{}…({} characters)", &s[..end], s.chars().count()),
    }
}

/// `s` with control characters (terminal escapes, NUL, newlines) written as `\u{1b}`, so that
/// text from a file can never steer the terminal it is printed on.
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
