//! The discretion evaluation (裁量评估): a violation item applied to a case's facts.
//!
//! Implements the rule order of CATALOGUE.md exactly: undetermined → time_barred → no_penalty →
//! may_waive → mitigated → lighter → heavier → general, then the fine band and coercion. The
//! scorer and `cailiang assess` both call [`assess`]. It also reports which facts were read, so a
//! decision can be compared with what the trainee had established.

mod facts_input;

pub use facts_input::{check_facts, FactError};

use crate::cond::{Env, Trace, Tri};
use crate::facts::{keys, FactValue, Facts};
use crate::standard::{FineRange, Item, ListRule, Scheme, Standard};
use serde::Serialize;
use std::collections::BTreeSet;

/// In JSON `snake_case` (`may_waive`); in RON the variant name (`MayWaive`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all(serialize = "snake_case"))]
pub enum Outcome {
    /// A required fact is missing.
    Undetermined,
    /// 超过追责时效 (APL 36)
    TimeBarred,
    /// 不予处罚
    NoPenalty,
    /// 可以不予处罚
    MayWaive,
    /// 减轻处罚
    Mitigated,
    /// 从轻处罚
    Lighter,
    /// 一般
    General,
    /// 从重处罚
    Heavier,
}

impl Outcome {
    pub fn zh(self) -> &'static str {
        match self {
            Outcome::Undetermined => "事实不清，无法认定",
            Outcome::TimeBarred => "超过追责时效，不予处罚",
            Outcome::NoPenalty => "不予处罚",
            Outcome::MayWaive => "可以不予处罚",
            Outcome::Mitigated => "减轻处罚",
            Outcome::Lighter => "从轻处罚",
            Outcome::General => "一般处罚",
            Outcome::Heavier => "从重处罚",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Outcome::Undetermined => "undetermined: facts unclear",
            Outcome::TimeBarred => "time-barred: no penalty",
            Outcome::NoPenalty => "no penalty",
            Outcome::MayWaive => "penalty may be waived",
            Outcome::Mitigated => "mitigated penalty",
            Outcome::Lighter => "lighter penalty",
            Outcome::General => "general penalty",
            Outcome::Heavier => "heavier penalty",
        }
    }

    /// Whether a fine is lawful at all for this outcome.
    pub fn allows_fine(self) -> bool {
        !matches!(
            self,
            Outcome::Undetermined | Outcome::TimeBarred | Outcome::NoPenalty
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coercion {
    Permitted,
    NotApplied,
}

/// A closed interval of whole yuan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Band {
    pub min: i64,
    pub max: i64,
}

impl Band {
    fn of(lo: f64, hi: f64) -> Band {
        Band {
            min: lo.round() as i64,
            max: hi.round() as i64,
        }
    }

    pub fn contains(&self, amount: f64) -> bool {
        amount >= self.min as f64 && amount <= self.max as f64
    }
}

/// A rule that fired, with its legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ground {
    pub rule: String,
    pub basis: String,
}

/// The result of applying an item to facts (the `cailiang assess` output).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub violation: String,
    pub outcome: Outcome,
    pub fine: Option<Band>,
    pub statutory_fine: Option<Band>,
    pub coercion: Coercion,
    pub mitigation_permitted: bool,
    pub missing: Vec<String>,
    pub grounds: Vec<Ground>,
    /// Facts the evaluation read: what a trainee must have established before deciding.
    pub depends_on: Vec<String>,
    /// Fines at or above this amount require notice of the hearing right (APL 63).
    pub hearing_threshold: Option<f64>,
}

pub(crate) const APL30: &str = "行政处罚法 第三十条";
pub(crate) const APL32: &str = "行政处罚法 第三十二条";
const APL33_1: &str = "行政处罚法 第三十三条第一款";
const APL33_2: &str = "行政处罚法 第三十三条第二款";
const APL36: &str = "行政处罚法 第三十六条";
const APL49: &str = "行政处罚法 第四十九条";
const ACL16_2: &str = "行政强制法 第十六条第二款";
const CONVENTION: &str = "培训惯例 (training convention)";

struct ItemEnv<'a> {
    facts: &'a Facts,
    bools: BTreeSet<String>,
}

impl Env for ItemEnv<'_> {
    fn fact(&self, key: &str) -> Option<&FactValue> {
        self.facts.get(key)
    }
    fn is_bool(&self, key: &str) -> bool {
        self.bools.contains(key)
    }
}

/// Evaluation state: the trace of facts read and the grounds that fired.
struct Run<'a> {
    env: ItemEnv<'a>,
    trace: Trace,
    grounds: Vec<Ground>,
}

impl Run<'_> {
    fn flag(&mut self, key: &str) -> bool {
        self.trace.read.insert(key.into());
        matches!(self.env.facts.get(key), Some(FactValue::Bool(true)))
    }

    fn text(&mut self, key: &str) -> Option<&str> {
        self.trace.read.insert(key.into());
        match self.env.facts.get(key) {
            Some(FactValue::Text(s)) => Some(s),
            _ => None,
        }
    }

    fn number(&mut self, key: &str) -> Option<f64> {
        self.trace.read.insert(key.into());
        match self.env.facts.get(key) {
            Some(FactValue::Number(x)) => Some(*x),
            _ => None,
        }
    }

    fn ground(&mut self, rule: &str, basis: &str) {
        self.grounds.push(Ground {
            rule: rule.into(),
            basis: basis.into(),
        });
    }

    /// Whether any rule of a list holds; `Unknown` (with the keys) if it cannot be told.
    fn any_rule(&mut self, rules: &[ListRule], record: bool) -> (Tri, BTreeSet<String>) {
        let mut unknown = BTreeSet::new();
        let mut result = Tri::False;
        for r in rules {
            let mut t = Trace::default();
            let v = r.when.eval(&self.env, &mut t);
            self.trace.read.extend(t.read);
            match v {
                Tri::True => {
                    if record {
                        self.ground(&r.id.value, &r.basis.value);
                    }
                    return (Tri::True, BTreeSet::new());
                }
                Tri::Unknown => {
                    unknown.extend(t.unknown);
                    result = Tri::Unknown;
                }
                Tri::False => {}
            }
        }
        (result, unknown)
    }

    fn timely(&mut self) -> bool {
        self.text(keys::CORRECTED)
            .is_some_and(|c| keys::TIMELY.contains(&c))
    }
}

/// Apply `item` (from `standard`) to `facts`. Facts must have passed [`check_facts`].
pub fn assess(standard: &Standard, item: &Item, facts: &Facts) -> Assessment {
    let decls = item.all_facts();
    let bools = decls
        .iter()
        .filter(|d| d.ty == crate::facts::FactType::Bool)
        .map(|d| d.key.clone())
        .collect();
    let mut run = Run {
        env: ItemEnv { facts, bools },
        trace: Trace::default(),
        grounds: Vec::new(),
    };
    let mut a = Assessment {
        violation: item.id.value.clone(),
        outcome: Outcome::Undetermined,
        fine: None,
        statutory_fine: None,
        coercion: Coercion::Permitted,
        mitigation_permitted: false,
        missing: Vec::new(),
        grounds: Vec::new(),
        depends_on: Vec::new(),
        hearing_threshold: None,
    };

    // 1. Required common facts.
    let mut missing: Vec<String> = keys::REQUIRED
        .iter()
        .filter(|k| !facts.contains_key(**k))
        .map(|k| k.to_string())
        .collect();
    let individual = run.text(keys::PARTY) == Some("individual");
    if individual && !facts.contains_key(keys::AGE) {
        missing.push(keys::AGE.into());
    }
    for k in keys::REQUIRED {
        run.trace.read.insert(k.into());
    }
    if !missing.is_empty() {
        missing.sort();
        return finish(a, run, missing);
    }
    a.hearing_threshold = Some(if individual {
        standard.hearing.individual
    } else {
        standard.hearing.organization
    });

    let statutory = statutory_range(item, &mut run);
    a.statutory_fine = statutory
        .as_ref()
        .ok()
        .copied()
        .flatten()
        .map(|(lo, hi)| Band::of(lo, hi));
    let age = if individual {
        run.number(keys::AGE)
    } else {
        None
    };

    let outcome = match decide(item, &mut run, age) {
        Ok(o) => o,
        Err(keys) => return finish(a, run, keys.into_iter().collect()),
    };
    a.outcome = outcome;

    // Fine band for the outcome. "Below the minimum" is the mitigated range [0, a]: the
    // mitigated outcome, or may_waive where the item's mitigation list also holds.
    let below_minimum = match outcome {
        Outcome::Mitigated => true,
        Outcome::MayWaive => run.any_rule(&item.mitigation, false).0 == Tri::True,
        _ => false,
    };
    if outcome.allows_fine() {
        match statutory {
            Err(keys) => {
                a.outcome = Outcome::Undetermined;
                return finish(a, run, keys.into_iter().collect());
            }
            Ok(None) => {}
            Ok(Some((lo, _))) if below_minimum => a.fine = Some(Band::of(0.0, lo)),
            Ok(Some((lo, hi))) => {
                let scheme = item.scheme();
                let tier = match outcome {
                    Outcome::MayWaive | Outcome::Lighter => Tier::Lighter,
                    Outcome::General => Tier::General,
                    _ => Tier::Heavier,
                };
                let (rule, basis) = match &scheme {
                    Scheme::Tiers { basis, .. } => ("band.tiers", basis),
                    Scheme::Midpoint { basis } => ("band.midpoint", basis),
                };
                run.ground(rule, basis);
                a.fine = Some(band(&scheme, lo, hi, tier));
            }
        }
    }
    a.mitigation_permitted = outcome == Outcome::Lighter || below_minimum;

    // Coercion (ACL 16(2) and the no-coercion list).
    let (no_coercion, _) = run.any_rule(&item.no_coercion, true);
    let harm_none = run.text(keys::HARM) == Some("none");
    if no_coercion == Tri::True {
        a.coercion = Coercion::NotApplied;
    } else if matches!(outcome, Outcome::NoPenalty | Outcome::MayWaive) && harm_none {
        a.coercion = Coercion::NotApplied;
        run.ground("acl16_2.no_coercion", ACL16_2);
    }
    finish(a, run, Vec::new())
}

fn finish(mut a: Assessment, run: Run, missing: Vec<String>) -> Assessment {
    if !missing.is_empty() {
        a.outcome = Outcome::Undetermined;
        a.fine = None;
        a.statutory_fine = None;
        a.mitigation_permitted = false;
        a.hearing_threshold = None;
    }
    // An undetermined outcome rests on no rule: grounds that fired on the way are dropped.
    a.grounds = if missing.is_empty() {
        run.grounds
    } else {
        Vec::new()
    };
    a.missing = missing;
    a.depends_on = run.trace.read.into_iter().collect();
    a
}

/// Rules 2–8. `Err` holds the facts whose absence leaves the outcome undecided.
fn decide(item: &Item, run: &mut Run, age: Option<f64>) -> Result<Outcome, BTreeSet<String>> {
    // 2. Time limit (APL 36).
    let years = run.number(keys::YEARS_SINCE_ACT).unwrap_or(0.0);
    let lhf = run.flag(keys::LIFE_HEALTH_OR_FINANCIAL);
    let harm = run.text(keys::HARM).unwrap_or("none").to_string();
    let limit = if lhf && harm != "none" { 5.0 } else { 2.0 };
    if years > limit {
        run.ground("apl36.time_barred", APL36);
        return Ok(Outcome::TimeBarred);
    }

    // 3. No penalty: under 14, no fault, or the item's no-penalty list.
    if age.is_some_and(|a| a < 14.0) {
        run.ground("apl30.under_14", APL30);
        return Ok(Outcome::NoPenalty);
    }
    if run.flag(keys::NO_FAULT_PROVEN) {
        run.ground("apl33_2.no_fault", APL33_2);
        return Ok(Outcome::NoPenalty);
    }
    match run.any_rule(&item.no_penalty, true) {
        (Tri::True, _) => return Ok(Outcome::NoPenalty),
        (Tri::Unknown, keys) => return Err(keys),
        (Tri::False, _) => {}
    }

    // 4. May waive: the item's rule, or first violation + slight harm + timely correction.
    match run.any_rule(&item.may_waive, true) {
        (Tri::True, _) => return Ok(Outcome::MayWaive),
        (Tri::Unknown, keys) => return Err(keys),
        (Tri::False, _) => {}
    }
    let first = run.flag(keys::FIRST_VIOLATION);
    let timely = run.timely();
    if first && (harm == "none" || harm == "slight") && timely {
        run.ground("apl33_1.first_violation", APL33_1);
        return Ok(Outcome::MayWaive);
    }

    // 5. The item's mitigation list.
    match run.any_rule(&item.mitigation, true) {
        (Tri::True, _) => return Ok(Outcome::Mitigated),
        (Tri::Unknown, keys) => return Err(keys),
        (Tri::False, _) => {}
    }

    // 6–8. Mitigating against aggravating grounds.
    let mut mitigating = Vec::new();
    for k in keys::APL32 {
        if run.flag(k) {
            mitigating.push((format!("apl32.{k}"), APL32.to_string()));
        }
    }
    let (extra_mit, unknown_mit) = rules_holding(run, &item.mitigating);
    let apl32 = !mitigating.is_empty() || !extra_mit.is_empty();
    mitigating.extend(extra_mit);
    let minor = age.is_some_and(|a| (14.0..=17.0).contains(&a));
    let mut aggravating = Vec::new();
    for k in keys::AGGRAVATING {
        if run.flag(k) {
            let basis = if k == "emergency_period" {
                APL49
            } else {
                CONVENTION
            };
            aggravating.push((format!("aggravating.{k}"), basis.to_string()));
        }
    }
    let (extra_agg, unknown_agg) = rules_holding(run, &item.aggravating);
    aggravating.extend(extra_agg);
    if !unknown_mit.is_empty() || !unknown_agg.is_empty() {
        return Err(unknown_mit.into_iter().chain(unknown_agg).collect());
    }
    let agg = !aggravating.is_empty();
    let outcome = if (apl32 || minor) && !agg {
        if minor {
            mitigating.push(("apl30.minor".into(), APL30.into()));
        }
        Outcome::Lighter
    } else if agg && !apl32 {
        Outcome::Heavier
    } else {
        Outcome::General
    };
    if outcome != Outcome::General || agg {
        for (r, b) in mitigating.iter().chain(&aggravating) {
            run.ground(r, b);
        }
    }
    Ok(outcome)
}

/// The rules of a list that hold, and the facts that left others unknown.
fn rules_holding(run: &mut Run, rules: &[ListRule]) -> (Vec<(String, String)>, BTreeSet<String>) {
    let mut holding = Vec::new();
    let mut unknown = BTreeSet::new();
    for r in rules {
        let mut t = Trace::default();
        let v = r.when.eval(&run.env, &mut t);
        run.trace.read.extend(t.read);
        match v {
            Tri::True => holding.push((r.id.value.clone(), r.basis.value.clone())),
            Tri::Unknown => unknown.extend(t.unknown),
            Tri::False => {}
        }
    }
    (holding, unknown)
}

/// The statutory range for these facts: `Ok(None)` if no range applies, `Err` if unknown.
fn statutory_range(item: &Item, run: &mut Run) -> Result<Option<(f64, f64)>, BTreeSet<String>> {
    for f in &item.fine {
        let mut t = Trace::default();
        let v = f.when.eval(&run.env, &mut t);
        run.trace.read.extend(t.read);
        match v {
            Tri::False => continue,
            Tri::Unknown => return Err(t.unknown),
            Tri::True => {}
        }
        let range = match &f.range.value {
            FineRange::Range { min, max } => (*min, *max),
            FineRange::UpTo(max) => (0.0, *max),
            FineRange::Multiple { of, min, max } => match run.number(&of.value) {
                Some(x) => (x * min, x * max),
                None => return Err(BTreeSet::from([of.value.clone()])),
            },
        };
        run.ground("statutory_range", &f.basis.value);
        return Ok(Some(range));
    }
    Ok(None)
}

#[derive(Clone, Copy)]
enum Tier {
    Lighter,
    General,
    Heavier,
}

fn band(scheme: &Scheme, a: f64, b: f64, tier: Tier) -> Band {
    let (l, h) = match scheme {
        Scheme::Tiers {
            lighter, heavier, ..
        } => (a + lighter * (b - a), a + heavier * (b - a)),
        Scheme::Midpoint { .. } => {
            let m = (a + b) / 2.0;
            (m, m)
        }
    };
    match tier {
        Tier::Lighter => Band::of(a, l),
        Tier::General => Band::of(l, h),
        Tier::Heavier => Band::of(h, b),
    }
}
