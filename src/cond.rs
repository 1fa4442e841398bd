//! Conditions over facts and play state, evaluated in three-valued logic.
//!
//! A standard's list rules and a scenario's branches are written as conditions:
//! `All([Is("first_violation"), Timely, Le("goods_value", 500)])`. A fact that is not known makes
//! a leaf `Unknown`; `All` with a false part is still false and `Any` with a true part still true,
//! so a missing fact only matters where it could change the answer (CATALOGUE.md: facts are
//! required "where its rules read them").

use crate::facts::{keys, FactValue};
use crate::measures::Measure;
use crate::ronx::Spanned;
use serde::Deserialize;
use std::collections::BTreeSet;

/// A fact key, choice id or scene id as written, with its span.
pub type Key = Spanned<String>;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Cond {
    /// Always true.
    Always,
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// A boolean fact is true (absent booleans are false).
    Is(Key),
    Eq(Key, FactValue),
    Ne(Key, FactValue),
    Lt(Key, f64),
    Le(Key, f64),
    Gt(Key, f64),
    Ge(Key, f64),
    /// `Between("ph", 5, 10)`: inclusive at both ends.
    Between(Key, f64, f64),
    /// An enumeration fact is one of the listed values.
    In(Key, Vec<String>),
    /// `corrected` is `on_spot`, `immediately` or `within_deadline` (timely correction).
    Timely,
    /// Scenario only: the trainee took this choice earlier in the session.
    Chose(Key),
    /// Scenario only: the session passed through this scene.
    Visited(Key),
    /// Scenario only: this fact has been established in play (revealed by investigation).
    Known(Key),
    /// Scenario only: the trainee applied this measure (by a choice or in the decision form).
    Took(Spanned<Measure>),
    /// Scenario only: how the standard judges the last decision taken (`Decided(Lawful)`,
    /// `Decided(Proportionate)`), so the story can follow the quality of the decision.
    Decided(Spanned<Verdict>),
}

/// What `Decided` asks of the last decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Verdict {
    /// No critical error: the decision is lawful.
    Lawful,
    /// Lawful, and no deduction on discretion (band, type) either.
    Proportionate,
}

/// Three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl From<bool> for Tri {
    fn from(b: bool) -> Self {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }
}

/// What a condition is evaluated against.
pub trait Env {
    fn fact(&self, key: &str) -> Option<&FactValue>;
    /// Whether `key` is declared boolean (absent booleans count as false).
    fn is_bool(&self, key: &str) -> bool;
    fn chose(&self, _choice: &str) -> bool {
        false
    }
    fn visited(&self, _scene: &str) -> bool {
        false
    }
    fn known(&self, _fact: &str) -> bool {
        false
    }
    fn took(&self, _m: Measure) -> bool {
        false
    }
    fn decided(&self, _v: Verdict) -> bool {
        false
    }
}

/// The facts read while evaluating, and those whose absence left something unknown.
#[derive(Debug, Default, Clone)]
pub struct Trace {
    pub read: BTreeSet<String>,
    pub unknown: BTreeSet<String>,
}

impl Cond {
    pub fn eval(&self, env: &dyn Env, t: &mut Trace) -> Tri {
        match self {
            Cond::Always => Tri::True,
            Cond::All(cs) => {
                let mut acc = Tri::True;
                for c in cs {
                    match c.eval(env, t) {
                        Tri::False => return Tri::False,
                        Tri::Unknown => acc = Tri::Unknown,
                        Tri::True => {}
                    }
                }
                acc
            }
            Cond::Any(cs) => {
                let mut acc = Tri::False;
                for c in cs {
                    match c.eval(env, t) {
                        Tri::True => return Tri::True,
                        Tri::Unknown => acc = Tri::Unknown,
                        Tri::False => {}
                    }
                }
                acc
            }
            Cond::Not(c) => match c.eval(env, t) {
                Tri::True => Tri::False,
                Tri::False => Tri::True,
                Tri::Unknown => Tri::Unknown,
            },
            Cond::Is(k) => leaf(env, t, k, |v| match v {
                FactValue::Bool(b) => Some(*b),
                _ => None,
            }),
            Cond::Eq(k, want) => leaf(env, t, k, |v| Some(values_equal(v, want))),
            Cond::Ne(k, want) => leaf(env, t, k, |v| Some(!values_equal(v, want))),
            Cond::Lt(k, x) => leaf(env, t, k, |v| num(v).map(|n| n < *x)),
            Cond::Le(k, x) => leaf(env, t, k, |v| num(v).map(|n| n <= *x)),
            Cond::Gt(k, x) => leaf(env, t, k, |v| num(v).map(|n| n > *x)),
            Cond::Ge(k, x) => leaf(env, t, k, |v| num(v).map(|n| n >= *x)),
            Cond::Between(k, lo, hi) => leaf(env, t, k, |v| num(v).map(|n| *lo <= n && n <= *hi)),
            Cond::In(k, set) => leaf(env, t, k, |v| match v {
                FactValue::Text(s) => Some(set.contains(s)),
                _ => None,
            }),
            Cond::Timely => {
                t.read.insert(keys::CORRECTED.into());
                match env.fact(keys::CORRECTED) {
                    Some(FactValue::Text(s)) => keys::TIMELY.contains(&s.as_str()).into(),
                    _ => {
                        t.unknown.insert(keys::CORRECTED.into());
                        Tri::Unknown
                    }
                }
            }
            Cond::Chose(id) => env.chose(id).into(),
            Cond::Visited(id) => env.visited(id).into(),
            Cond::Known(k) => env.known(k).into(),
            Cond::Took(m) => env.took(m.value).into(),
            Cond::Decided(v) => env.decided(v.value).into(),
        }
    }

    /// Every fact key this condition reads (for "declared?" checks).
    pub fn fact_keys(&self) -> Vec<&Key> {
        let mut out = Vec::new();
        self.walk(&mut |c| match c {
            Cond::Is(k)
            | Cond::Eq(k, _)
            | Cond::Ne(k, _)
            | Cond::Lt(k, _)
            | Cond::Le(k, _)
            | Cond::Gt(k, _)
            | Cond::Ge(k, _)
            | Cond::Between(k, _, _)
            | Cond::In(k, _)
            | Cond::Known(k) => out.push(k),
            _ => {}
        });
        out
    }

    /// Visit this condition and every sub-condition.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Cond)) {
        f(self);
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.walk(f)),
            Cond::Not(c) => c.walk(f),
            _ => {}
        }
    }
}

fn leaf(env: &dyn Env, t: &mut Trace, k: &Key, test: impl Fn(&FactValue) -> Option<bool>) -> Tri {
    t.read.insert(k.value.clone());
    match env.fact(&k.value) {
        Some(v) => match test(v) {
            Some(b) => b.into(),
            None => {
                // A value of the wrong type cannot be judged; name it like a missing fact.
                t.unknown.insert(k.value.clone());
                Tri::Unknown
            }
        },
        None if env.is_bool(&k.value) => {
            test(&FactValue::Bool(false)).map_or(Tri::Unknown, Tri::from)
        }
        None => {
            t.unknown.insert(k.value.clone());
            Tri::Unknown
        }
    }
}

fn num(v: &FactValue) -> Option<f64> {
    match v {
        FactValue::Number(x) => Some(*x),
        _ => None,
    }
}

fn values_equal(a: &FactValue, b: &FactValue) -> bool {
    match (a, b) {
        (FactValue::Number(x), FactValue::Number(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Facts;

    struct F(Facts);
    impl Env for F {
        fn fact(&self, key: &str) -> Option<&FactValue> {
            self.0.get(key)
        }
        fn is_bool(&self, key: &str) -> bool {
            key.starts_with("b_")
        }
    }

    fn k(s: &str) -> Key {
        Spanned::new(Default::default(), s.into())
    }

    #[test]
    fn kleene_logic_short_circuits_unknowns() {
        let env = F(Facts::from([("x".into(), FactValue::Number(3.0))]));
        let mut t = Trace::default();
        let c = Cond::All(vec![Cond::Lt(k("missing"), 1.0), Cond::Gt(k("x"), 5.0)]);
        assert_eq!(c.eval(&env, &mut t), Tri::False);
        let c = Cond::Any(vec![Cond::Lt(k("missing"), 1.0), Cond::Gt(k("x"), 1.0)]);
        assert_eq!(c.eval(&env, &mut t), Tri::True);
        let mut t = Trace::default();
        let c = Cond::All(vec![Cond::Lt(k("missing"), 1.0), Cond::Gt(k("x"), 1.0)]);
        assert_eq!(c.eval(&env, &mut t), Tri::Unknown);
        assert!(t.unknown.contains("missing"));
        assert_eq!(Cond::Is(k("b_absent")).eval(&env, &mut t), Tri::False);
        assert_eq!(
            Cond::Between(k("x"), 3.0, 3.0).eval(&env, &mut t),
            Tri::True
        );
    }
}
