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

/// The fact keys of a text's placeholders, which play fills with the facts' values.
pub fn placeholders(s: &str) -> Vec<&str> {
    placeholders_in(s).into_iter().map(|p| p.key).collect()
}

/// A placeholder in a text, between braces:
/// - `{key}`: the fact's value (a yes/no fact as 是/否);
/// - `{key|when yes|when no}`: a yes/no fact said in words, e.g.
///   `{source_stated|她如实说出了供货商|她说不清进货来源}`;
/// - `{key:years}`: a number of years said naturally (under one year, in months).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placeholder<'a> {
    /// The whole placeholder, braces included.
    pub whole: &'a str,
    pub key: &'a str,
    pub form: Form<'a>,
}

/// How a placeholder says its fact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Form<'a> {
    Value,
    YesNo(&'a str, &'a str),
    Years,
    /// Something after `:` or `|` that is none of the above (validation reports it).
    Unknown(&'a str),
}

/// The placeholders of a text, in order.
pub fn placeholders_in(s: &str) -> Vec<Placeholder<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else { break };
        let inner = &after[..j];
        let whole = &rest[i..i + j + 2];
        let (key, form) = if let Some((key, alts)) = inner.split_once('|') {
            match alts.split_once('|') {
                Some((yes, no)) if !no.contains('|') => (key, Form::YesNo(yes, no)),
                _ => (key, Form::Unknown(alts)),
            }
        } else if let Some((key, form)) = inner.split_once(':') {
            match form {
                "years" => (key, Form::Years),
                other => (key, Form::Unknown(other)),
            }
        } else {
            (inner, Form::Value)
        };
        out.push(Placeholder {
            whole,
            key: key.trim(),
            form,
        });
        rest = &after[j + 1..];
    }
    out
}

/// A number of years as people say it: under one year in months ("5 个月", "5 months"), else in
/// years to one decimal ("2 年", "2.5 years").
pub fn years(x: f64, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    if x < 1.0 {
        let months = ((x * 12.0).round() as i64).max(1);
        return match (zh, months) {
            (true, m) => format!("{m} 个月"),
            (false, 1) => "1 month".into(),
            (false, m) => format!("{m} months"),
        };
    }
    let y = (x * 10.0).round() / 10.0;
    let shown = if y.fract() == 0.0 {
        format!("{y:.0}")
    } else {
        format!("{y:.1}")
    };
    match (zh, shown.as_str()) {
        (true, s) => format!("{s} 年"),
        (false, "1") => "1 year".into(),
        (false, s) => format!("{s} years"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_have_forms() {
        let ps = placeholders_in(
            "货值{goods_value}元，{source_stated|说得清|说不清}，约 {years:years}前，{x:weeks}",
        );
        let forms: Vec<(&str, Form)> = ps.iter().map(|p| (p.key, p.form)).collect();
        assert_eq!(
            forms,
            vec![
                ("goods_value", Form::Value),
                ("source_stated", Form::YesNo("说得清", "说不清")),
                ("years", Form::Years),
                ("x", Form::Unknown("weeks")),
            ]
        );
        assert_eq!(ps[1].whole, "{source_stated|说得清|说不清}");
        assert_eq!(placeholders("{a|b}"), vec!["a"]);
        assert_eq!(placeholders_in("{a|b}")[0].form, Form::Unknown("b"));
    }

    #[test]
    fn years_read_naturally() {
        assert_eq!(years(0.4, Lang::Zh), "5 个月");
        assert_eq!(years(0.01, Lang::Zh), "1 个月");
        assert_eq!(years(0.08, Lang::En), "1 month");
        assert_eq!(years(2.0, Lang::Zh), "2 年");
        assert_eq!(years(2.46, Lang::En), "2.5 years");
        assert_eq!(years(1.0, Lang::En), "1 year");
    }

    #[test]
    fn shown_escapes_and_cuts() {
        assert_eq!(shown("a\u{1b}b"), "a\\u{1b}b");
        let long = "x".repeat(100);
        assert_eq!(shown(&long), format!("{}…(100 characters)", "x".repeat(60)));
        assert_eq!(
            basis_in("三个效果统一（培训惯例 training convention）", Lang::Zh),
            "三个效果统一（培训惯例）"
        );
        assert_eq!(basis_in("（未核实 unverified）", Lang::Zh), "（未核实）");
    }
}
