//! Interface strings from the translation files in `assets/i18n/` (a subset of Fluent syntax:
//! `key = value` lines, `#` comments, `{ $name }` arguments). The files are compiled in, so the
//! binary works from any directory.

use crate::text::Lang;
use std::collections::HashMap;

const ZH: &str = include_str!("../../assets/i18n/zh-CN.ftl");
const EN: &str = include_str!("../../assets/i18n/en.ftl");

/// Parse one translation file into key → message.
pub fn parse(src: &str) -> HashMap<String, String> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The strings of both languages, and the one in use.
#[derive(Debug, Clone)]
pub struct Tr {
    pub lang: Lang,
    zh: HashMap<String, String>,
    en: HashMap<String, String>,
}

impl Default for Tr {
    fn default() -> Self {
        Tr::new(Lang::Zh)
    }
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr {
            lang,
            zh: parse(ZH),
            en: parse(EN),
        }
    }

    /// The message for `key`; a missing key shows as the key itself (tests keep the files in step).
    pub fn t(&self, key: &str) -> String {
        let table = if self.lang == Lang::Zh {
            &self.zh
        } else {
            &self.en
        };
        table.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The message with `{ $name }` arguments filled.
    pub fn f(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut s = self.t(key);
        for (name, value) in args {
            s = s.replace(&format!("{{ ${name} }}"), &value.to_string());
        }
        s
    }

    /// Keys present in one language and not the other.
    pub fn mismatched_keys() -> Vec<String> {
        let (zh, en) = (parse(ZH), parse(EN));
        let mut v: Vec<String> = zh
            .keys()
            .filter(|k| !en.contains_key(*k))
            .chain(en.keys().filter(|k| !zh.contains_key(*k)))
            .cloned()
            .collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        assert_eq!(Tr::mismatched_keys(), Vec::<String>::new());
    }

    #[test]
    fn arguments_are_filled() {
        let tr = Tr::new(Lang::Zh);
        assert_eq!(tr.f("day", &[("n", &3)]), "第 3 个工作日");
        assert_eq!(Tr::new(Lang::En).f("day", &[("n", &3)]), "Working day 3");
    }
}
