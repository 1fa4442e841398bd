//! Checks shared by standards and scenarios: text, legal bases, and conditions over facts.

use super::codes;
use crate::cond::{Cond, Key};
use crate::diag::{Diagnostic, Span};
use crate::facts::{FactType, FactValue};
use crate::ronx::Spanned;
use crate::suggest::did_you_mean;
use crate::text::Text;
use std::collections::{BTreeMap, BTreeSet};

/// Where findings go for one file.
pub struct Sink<'a> {
    pub file: usize,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    pub fn error(
        &mut self,
        code: &'static str,
        span: Span,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::error(code, self.file, span, msg).with_help(help));
    }

    pub fn warning(
        &mut self,
        code: &'static str,
        span: Span,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::warning(code, self.file, span, msg).with_help(help));
    }

    /// Text that trainees see must have Simplified Chinese.
    pub fn text(&mut self, t: &Spanned<Text>, what: &str) {
        if !t.value.has_zh() {
            self.error(
                codes::MISSING_ZH,
                t.span,
                format!("{what} has no Simplified Chinese text"),
                "add `zh: \"…\"`; Chinese is required, `en` is optional",
            );
        }
        if t.value.en.as_deref().is_some_and(|e| e.trim().is_empty()) {
            self.warning(
                codes::EMPTY_TEXT,
                t.span,
                format!(
                    "{what} has an empty English text: the English interface would show nothing"
                ),
                "write the English, or leave `en` out (the Chinese is shown instead)",
            );
        }
    }

    pub fn basis(&mut self, b: &Spanned<String>, what: &str) {
        if b.value.trim().is_empty() {
            self.error(
                codes::MISSING_BASIS,
                b.span,
                format!("{what} has an empty legal basis"),
                "cite the statute article, the published list, or write \"training convention\"",
            );
        }
    }

    /// Report ids that occur twice in `ids`.
    pub fn unique<'k>(&mut self, ids: impl IntoIterator<Item = &'k Spanned<String>>, what: &str) {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for id in ids {
            if !seen.insert(&id.value) {
                self.error(
                    codes::DUPLICATE_ID,
                    id.span,
                    format!("duplicate {what} id `{}`", id.value),
                    format!("each {what} needs its own id; rename one of them"),
                );
            }
        }
    }
}

/// Declared facts by key.
pub type FactTable = BTreeMap<String, FactType>;

/// Names a scenario condition may refer to; `None` inside standards, which see facts only.
pub struct StateNames<'a> {
    pub choices: &'a BTreeSet<String>,
    pub scenes: &'a BTreeSet<String>,
}

pub fn unknown_fact(sink: &mut Sink, k: &Key, facts: &FactTable) {
    sink.error(
        codes::UNKNOWN_FACT,
        k.span,
        format!("fact `{}` is not declared", k.value),
        did_you_mean(&k.value, facts.keys()).unwrap_or_else(|| {
            "declare it in the item's `facts` (standards) or the scenario's `facts`".into()
        }),
    );
}

/// Check that every fact a condition reads is declared with a fitting type.
pub fn check_cond(sink: &mut Sink, c: &Cond, facts: &FactTable, state: Option<&StateNames>) {
    c.walk(&mut |c| {
        let mut want = |k: &Key, ok: fn(&FactType) -> bool, need: &str| match facts.get(&k.value) {
            None => unknown_fact(sink, k, facts),
            Some(t) if !ok(t) => sink.error(
                codes::FACT_TYPE_MISMATCH,
                k.span,
                format!("fact `{}` is {}, but this test needs {need}", k.value, t.describe()),
                "compare booleans with `Is`, numbers with `Lt`/`Le`/`Gt`/`Ge`/`Between`, enumerations with `In`/`Eq`",
            ),
            Some(_) => {}
        };
        match c {
            Cond::Is(k) => want(k, |t| matches!(t, FactType::Bool), "a boolean"),
            Cond::Lt(k, _) | Cond::Le(k, _) | Cond::Gt(k, _) | Cond::Ge(k, _) | Cond::Between(k, _, _) => {
                want(k, FactType::is_numeric, "a number")
            }
            Cond::In(k, values) => {
                want(k, |t| matches!(t, FactType::Enum(_)), "an enumeration");
                if let Some(FactType::Enum(allowed)) = facts.get(&k.value) {
                    for v in values {
                        if !allowed.contains(v) {
                            sink.error(
                                codes::FACT_TYPE_MISMATCH,
                                k.span,
                                format!("`{v}` is not a value of fact `{}`", k.value),
                                did_you_mean(v, allowed)
                                    .unwrap_or_else(|| format!("allowed values: {}", allowed.join(", "))),
                            );
                        }
                    }
                }
            }
            Cond::Eq(k, v) | Cond::Ne(k, v) => match facts.get(&k.value) {
                None => unknown_fact(sink, k, facts),
                Some(t) => {
                    if let Err(e) = t.check(v) {
                        sink.error(
                            codes::FACT_TYPE_MISMATCH,
                            k.span,
                            format!("fact `{}` {e}", k.value),
                            "compare a fact with a value of its declared type",
                        );
                    }
                }
            },
            Cond::Known(k) => {
                if state.is_none() {
                    state_only(sink, k.span, "Known");
                } else if !facts.contains_key(&k.value) {
                    unknown_fact(sink, k, facts);
                }
            }
            Cond::Chose(k) => match state {
                None => state_only(sink, k.span, "Chose"),
                Some(s) if !s.choices.contains(&k.value) => sink.error(
                    codes::UNKNOWN_CHOICE,
                    k.span,
                    format!("no choice has the id `{}`", k.value),
                    did_you_mean(&k.value, s.choices).unwrap_or_else(|| "check the choice ids of the scenes".into()),
                ),
                _ => {}
            },
            Cond::Visited(k) => match state {
                None => state_only(sink, k.span, "Visited"),
                Some(s) if !s.scenes.contains(&k.value) => sink.error(
                    codes::UNKNOWN_SCENE,
                    k.span,
                    format!("no scene has the id `{}`", k.value),
                    did_you_mean(&k.value, s.scenes).unwrap_or_else(|| "check the scene ids".into()),
                ),
                _ => {}
            },
            Cond::Took(m) if state.is_none() => state_only(sink, m.span, "Took"),
            Cond::Decided(v) if state.is_none() => state_only(sink, v.span, "Decided"),
            _ => {}
        }
    });
}

fn state_only(sink: &mut Sink, span: Span, what: &str) {
    sink.error(
        codes::STATE_IN_STANDARD,
        span,
        format!("`{what}` reads the play session and cannot be used in a standard"),
        "standards decide on case facts only; move this condition into the scenario",
    );
}

/// A fact value must fit its declared type.
pub fn check_value(sink: &mut Sink, key: &str, ty: &FactType, v: &FactValue, span: Span) {
    if let Err(e) = ty.check(v) {
        sink.error(
            codes::DISTRIBUTION_OUT_OF_TYPE,
            span,
            format!("fact `{key}` {e}"),
            format!("`{key}` is declared as {}", ty.describe()),
        );
    }
}

/// Add declared facts to `facts`: each label needs Chinese, each type must admit a value, and a
/// key already in the table is reported with `clash` (message, help).
pub fn declare_facts(
    sink: &mut Sink,
    facts: &mut FactTable,
    specs: &[crate::standard::FactSpec],
    clash: (&str, &str),
) {
    for f in specs {
        sink.text(&f.label, &format!("the label of fact `{}`", f.key.value));
        if facts
            .insert(f.key.value.clone(), f.kind.value.clone())
            .is_some()
        {
            sink.error(
                codes::DUPLICATE_ID,
                f.key.span,
                format!("fact `{}` {}", f.key.value, clash.0),
                clash.1,
            );
        }
        let empty = match &f.kind.value {
            FactType::Integer {
                min: Some(a),
                max: Some(b),
            }
            | FactType::Number {
                min: Some(a),
                max: Some(b),
            } => a > b,
            FactType::Enum(vs) => vs.is_empty(),
            _ => false,
        };
        if empty {
            sink.error(
                codes::BAD_RANGE,
                f.kind.span,
                "this fact type admits no value",
                "check that min ≤ max, and that an enumeration lists at least one value",
            );
        }
    }
}
