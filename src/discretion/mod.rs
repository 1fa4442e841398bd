//! The discretion evaluation (裁量评估): a violation item applied to a case's facts.
//!
//! Implements the rule order of CATALOGUE.md v2.1 exactly: undetermined → time_barred →
//! no_penalty → may_waive → mitigated → lighter → heavier → general, then the fine band, whether
//! mitigation is permitted, and coercion (not applied / discouraged / permitted). The scorer and
//! `cailiang assess` both call [`assess`]. It also reports which facts were read, so a decision
//! can be compared with what the trainee had established.

mod facts_input;

pub use facts_input::{check_facts, FactError};

use crate::cond::{Cond, Env, Trace, Tri};
use crate::facts::{keys, FactValue, Facts};
use crate::standard::{FineRange, Item, ListRule, Scheme, Standard, SERIOUS_KEY};
use serde::Serialize;
use std::collections::BTreeSet;

/// In JSON `snake_case` (`may_waive`); in RON the variant name (`MayWaive`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all(serialize = "snake_case"))]
pub enum Outcome {
    /// A required fact is missing.
    #[serde(alias = "undetermined")]
    Undetermined,
    /// 超过追责时效 (APL 36)
    #[serde(alias = "time_barred")]
    TimeBarred,
    /// 不予处罚
    #[serde(alias = "no_penalty")]
    NoPenalty,
    /// 可以不予处罚
    #[serde(alias = "may_waive")]
    MayWaive,
    /// 减轻处罚
    #[serde(alias = "mitigated")]
    Mitigated,
    /// 从轻处罚
    #[serde(alias = "lighter")]
    Lighter,
    /// 一般
    #[serde(alias = "general")]
    General,
    /// 从重处罚
    #[serde(alias = "heavier")]
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

/// Coercion (行政强制措施) for the case: CATALOGUE.md v2's three values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coercion {
    /// Lawful (with the agency head's approval, ACL 18).
    Permitted,
    /// Lawful but poor judgement: ACL 16(2) lets the agency refrain and ACL 5 prefers
    /// non-coercive means.
    Discouraged,
    /// A published no-coercion list binds: sealing or seizure is unlawful.
    NotApplied,
}

/// A closed interval of whole yuan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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

/// What a ground decided: the range, the band, the outcome, seriousness or coercion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    Range,
    Band,
    #[default]
    Outcome,
    Serious,
    Coercion,
}

/// A rule that fired, with its legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Ground {
    pub rule: String,
    pub basis: String,
    #[serde(skip)]
    pub role: Role,
}

/// The result of applying an item to facts (the `cailiang assess` output).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
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
    /// Fines (and confiscations) at or above this amount carry the hearing right (APL 63).
    pub hearing_threshold: Option<f64>,
    /// 情节严重, for items that define it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serious: Option<bool>,
    /// Where an APL 30 (14-17) or APL 32 ground made the outcome `lighter`: the band the case
    /// would get without it. A fine that reaches it is not lighter at all (应当从轻).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_without_leniency: Option<Band>,
}

pub(crate) const APL30: &str = "行政处罚法 第三十条";
pub(crate) const APL31: &str = "行政处罚法 第三十一条";
pub(crate) const APL32: &str = "行政处罚法 第三十二条";
const APL33_1_S1: &str =
    "行政处罚法 第三十三条第一款（违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚）";
const APL33_1_S2: &str =
    "行政处罚法 第三十三条第一款（初次违法且危害后果轻微并及时改正的，可以不予行政处罚）";
const APL33_2: &str = "行政处罚法 第三十三条第二款";
const APL36: &str = "行政处罚法 第三十六条";
const APL49: &str = "行政处罚法 第四十九条";
const ACL16_2: &str = "行政强制法 第十六条第二款（可以不采取）、第五条（适当原则）";
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

    fn ground(&mut self, rule: &str, basis: &str, role: Role) {
        self.grounds.push(Ground {
            rule: rule.into(),
            basis: basis.into(),
            role,
        });
    }

    fn eval(&mut self, c: &Cond) -> (Tri, BTreeSet<String>) {
        let mut t = Trace::default();
        let v = c.eval(&self.env, &mut t);
        self.trace.read.extend(t.read);
        (v, t.unknown)
    }

    /// Whether any rule of a list holds; `Unknown` (with the keys) if it cannot be told. The
    /// first rule that holds is returned so the caller can record it.
    fn any_rule<'r>(
        &mut self,
        rules: &'r [ListRule],
    ) -> (Tri, Option<&'r ListRule>, BTreeSet<String>) {
        let mut unknown = BTreeSet::new();
        let mut result = Tri::False;
        for r in rules {
            match self.eval(&r.when) {
                (Tri::True, _) => return (Tri::True, Some(r), BTreeSet::new()),
                (Tri::Unknown, u) => {
                    unknown.extend(u);
                    result = Tri::Unknown;
                }
                (Tri::False, _) => {}
            }
        }
        (result, None, unknown)
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
        serious: None,
        band_without_leniency: None,
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
    if !missing.is_empty() {
        for k in keys::REQUIRED {
            run.trace.read.insert(k.into());
        }
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

    let d = match decide(item, &mut run, age) {
        Ok(d) => d,
        Err(keys) => return finish(a, run, keys.into_iter().collect()),
    };
    a.outcome = d.outcome;
    a.serious = d.serious;
    // A time-barred case rests on the time limit alone; every other outcome read the required
    // facts (correction and first violation matter to the lists and APL 33).
    if d.outcome != Outcome::TimeBarred {
        for k in keys::REQUIRED {
            run.trace.read.insert(k.into());
        }
    }
    if d.outcome.allows_fine() {
        run.trace.read.extend(d.leniency_reads.iter().cloned());
    }

    // Fine band for the outcome. "Below the minimum" is the mitigated range [0, a]: the
    // mitigated outcome, or may_waive where the item's mitigation list also holds.
    let below_minimum = match d.outcome {
        Outcome::Mitigated => true,
        Outcome::MayWaive => run.any_rule(&item.mitigation).0 == Tri::True,
        _ => false,
    };
    if d.outcome.allows_fine() {
        match statutory {
            Err(keys) => {
                a.outcome = Outcome::Undetermined;
                return finish(a, run, keys.into_iter().collect());
            }
            Ok(None) => {}
            Ok(Some((lo, _))) if below_minimum => a.fine = Some(Band::of(0.0, lo)),
            Ok(Some((lo, hi))) => {
                let scheme = item.scheme();
                let tier = match d.outcome {
                    Outcome::MayWaive | Outcome::Lighter => Tier::Lighter,
                    Outcome::General => Tier::General,
                    _ => Tier::Heavier,
                };
                let (rule, basis) = match &scheme {
                    Scheme::Tiers { basis, .. } => ("band.tiers", basis),
                    Scheme::Midpoint { basis } => ("band.midpoint", basis),
                };
                run.ground(rule, basis, Role::Band);
                a.fine = Some(band(&scheme, lo, hi, tier));
                if d.outcome == Outcome::Lighter {
                    a.band_without_leniency = d.without_leniency.map(|t| band(&scheme, lo, hi, t));
                    // 应当从轻 is strictly lighter (粤环发〔2021〕7号 Art. 12: 从轻 below the mean):
                    // the edge this band shares with that one is not in it.
                    if let (Some(f), Some(w)) = (a.fine.as_mut(), a.band_without_leniency) {
                        if w.min > f.min && f.max >= w.min {
                            f.max = w.min - 1;
                        }
                    }
                }
            }
        }
    }
    a.mitigation_permitted = d.leniency_ground || d.outcome == Outcome::Mitigated || below_minimum;

    // Coercion: a binding no-coercion list, else ACL 16(2) for cases waived without harm.
    let (no_coercion, rule, _) = run.any_rule(&item.no_coercion);
    let harm_none = run.text(keys::HARM) == Some("none");
    if no_coercion == Tri::True {
        let r = rule.expect("a rule that holds");
        run.ground(&r.id.value, &r.basis.value, Role::Coercion);
        a.coercion = if r.binding == Some(false) {
            Coercion::Discouraged
        } else {
            Coercion::NotApplied
        };
    } else if matches!(d.outcome, Outcome::NoPenalty | Outcome::MayWaive) && harm_none {
        a.coercion = Coercion::Discouraged;
        run.ground("acl16_2.discouraged", ACL16_2, Role::Coercion);
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
        a.serious = None;
        a.band_without_leniency = None;
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

/// What rules 2-8 found.
struct Decided {
    outcome: Outcome,
    serious: Option<bool>,
    /// An APL 30 (14-17) or APL 32 ground holds (应当从轻或者减轻), whatever the outcome.
    leniency_ground: bool,
    /// For `lighter`: the tier the case would get without its leniency grounds.
    without_leniency: Option<Tier>,
    /// The facts read to find the leniency grounds.
    leniency_reads: BTreeSet<String>,
}

/// Rules 2–8. `Err` holds the facts whose absence leaves the outcome undecided.
fn decide(item: &Item, run: &mut Run, age: Option<f64>) -> Result<Decided, BTreeSet<String>> {
    let mut d = Decided {
        outcome: Outcome::General,
        serious: None,
        leniency_ground: false,
        without_leniency: None,
        leniency_reads: BTreeSet::new(),
    };
    // Leniency grounds decide `mitigation_permitted` whatever the outcome, but a decision
    // depends on them only where a fine is possible: their reads are kept aside until then.
    let before = run.trace.read.clone();
    let mut mitigating = Vec::new();
    for k in keys::APL32 {
        if run.flag(k) {
            mitigating.push((format!("apl32.{k}"), APL32.to_string()));
        }
    }
    let (extra_mit, unknown_mit) = rules_holding(run, &item.mitigating);
    mitigating.extend(extra_mit);
    if age.is_some_and(|a| (14.0..18.0).contains(&a)) {
        mitigating.push(("apl30.aged_14_to_17".into(), APL30.into()));
    }
    d.leniency_ground = !mitigating.is_empty();
    d.leniency_reads = run.trace.read.difference(&before).cloned().collect();
    run.trace.read = before;

    // 2. Time limit (APL 36).
    let years = run.number(keys::YEARS_SINCE_ACT).unwrap_or(0.0);
    let lhf = run.flag(keys::LIFE_HEALTH_OR_FINANCIAL);
    let harm = run.text(keys::HARM).unwrap_or("none").to_string();
    let limit = if lhf && harm != "none" { 5.0 } else { 2.0 };
    if years > limit {
        run.ground("apl36.time_barred", APL36, Role::Outcome);
        d.outcome = Outcome::TimeBarred;
        return Ok(d);
    }

    // 3. No penalty for the person: under 14, mental incapacity, no fault proven.
    let no_penalty = |run: &mut Run, mut d: Decided, rule: &str, basis: &str| {
        run.ground(rule, basis, Role::Outcome);
        d.outcome = Outcome::NoPenalty;
        Ok(d)
    };
    if age.is_some_and(|a| a < 14.0) {
        return no_penalty(run, d, "apl30.under_14", APL30);
    }
    if run.flag(keys::MENTAL_INCAPACITY) {
        return no_penalty(run, d, "apl31.mental_incapacity", APL31);
    }
    if item.no_fault_replaced_by.is_none() && run.flag(keys::NO_FAULT_PROVEN) {
        return no_penalty(run, d, "apl33_2.no_fault", APL33_2);
    }

    // Serious circumstances (情节严重) decide whether the lenient rules 3-5 apply at all.
    let serious = match &item.serious {
        None => None,
        Some(s) => match run.eval(&s.when) {
            (Tri::Unknown, u) => return Err(u),
            (v, _) => {
                let v = v == Tri::True;
                if v {
                    run.ground("serious", &s.basis.value, Role::Serious);
                }
                Some(v)
            }
        },
    };
    d.serious = serious;
    let excluded =
        serious == Some(true) && item.serious.as_ref().is_some_and(|s| s.excludes_leniency);

    if !excluded {
        // 3. APL 33(1) first sentence, then the item's no-penalty list.
        let timely = run.timely();
        if run.flag(keys::MINOR) && timely && harm == "none" {
            return no_penalty(run, d, "apl33_1.minor", APL33_1_S1);
        }
        match run.any_rule(&item.no_penalty) {
            (Tri::True, Some(r), _) => {
                let (id, basis) = (r.id.value.clone(), r.basis.value.clone());
                return no_penalty(run, d, &id, &basis);
            }
            (Tri::Unknown, _, keys) => return Err(keys),
            _ => {}
        }

        // 4. May waive: the item's rule, or first violation + slight harm + timely correction.
        match run.any_rule(&item.may_waive) {
            (Tri::True, Some(r), _) => {
                let (id, basis) = (r.id.value.clone(), r.basis.value.clone());
                run.ground(&id, &basis, Role::Outcome);
                d.outcome = Outcome::MayWaive;
                return Ok(d);
            }
            (Tri::Unknown, _, keys) => return Err(keys),
            _ => {}
        }
        let first = run.flag(keys::FIRST_VIOLATION);
        if first && (harm == "none" || harm == "slight") && timely {
            run.ground("apl33_1.first_violation", APL33_1_S2, Role::Outcome);
            d.outcome = Outcome::MayWaive;
            return Ok(d);
        }

        // 5. The item's mitigation list.
        match run.any_rule(&item.mitigation) {
            (Tri::True, Some(r), _) => {
                let (id, basis) = (r.id.value.clone(), r.basis.value.clone());
                run.ground(&id, &basis, Role::Outcome);
                d.outcome = Outcome::Mitigated;
                return Ok(d);
            }
            (Tri::Unknown, _, keys) => return Err(keys),
            _ => {}
        }
    }

    // 6-8. Aggravating grounds, except the facts that select the statutory range (never
    // weighed twice: 禁止重复评价).
    let range_keys: BTreeSet<&str> = item
        .fine
        .iter()
        .flat_map(|f| f.when.fact_keys())
        .map(|k| k.value.as_str())
        .collect();
    let mut aggravating = Vec::new();
    for k in keys::AGGRAVATING {
        if !range_keys.contains(k) && run.flag(k) {
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
    if let (Some(true), Some(s)) = (serious, &item.serious) {
        if s.aggravating {
            aggravating.push(("aggravating.serious".into(), s.basis.value.clone()));
        }
    }
    if !unknown_mit.is_empty() || !unknown_agg.is_empty() {
        return Err(unknown_mit.into_iter().chain(unknown_agg).collect());
    }
    let otherwise = if aggravating.is_empty() {
        Tier::General
    } else {
        Tier::Heavier
    };
    run.trace.read.extend(std::mem::take(&mut d.leniency_reads));
    // 6. APL 30 and 32 say 应当从轻或者减轻: whatever aggravating grounds also hold.
    let (outcome, fired) = if d.leniency_ground {
        d.without_leniency = Some(otherwise);
        (Outcome::Lighter, mitigating)
    } else if !aggravating.is_empty() {
        (Outcome::Heavier, aggravating)
    } else {
        (Outcome::General, Vec::new())
    };
    for (r, b) in fired {
        run.ground(&r, &b, Role::Outcome);
    }
    d.outcome = outcome;
    Ok(d)
}

/// The rules of a list that hold, and the facts that left others unknown.
fn rules_holding(run: &mut Run, rules: &[ListRule]) -> (Vec<(String, String)>, BTreeSet<String>) {
    let mut holding = Vec::new();
    let mut unknown = BTreeSet::new();
    for r in rules {
        match run.eval(&r.when) {
            (Tri::True, _) => holding.push((r.id.value.clone(), r.basis.value.clone())),
            (Tri::Unknown, u) => unknown.extend(u),
            (Tri::False, _) => {}
        }
    }
    (holding, unknown)
}

/// The statutory range for these facts: `Ok(None)` if no range applies, `Err` if unknown.
fn statutory_range(item: &Item, run: &mut Run) -> Result<Option<(f64, f64)>, BTreeSet<String>> {
    for f in &item.fine {
        match run.eval(&f.when) {
            (Tri::False, _) => continue,
            (Tri::Unknown, u) => return Err(u),
            (Tri::True, _) => {}
        }
        let range = match &f.range.value {
            FineRange::Range { min, max } => (*min, *max),
            FineRange::UpTo(max) => (0.0, *max),
            FineRange::Multiple { of, min, max } => match run.number(&of.value) {
                Some(x) => (x * min, x * max),
                None => return Err(BTreeSet::from([of.value.clone()])),
            },
        };
        run.ground("statutory_range", &f.basis.value, Role::Range);
        return Ok(Some(range));
    }
    Ok(None)
}

#[derive(Clone, Copy, Debug)]
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

/// The facts with an item's derived `serious` value added, for penalty-type conditions.
pub fn with_serious(facts: &Facts, a: &Assessment) -> Facts {
    let mut f = facts.clone();
    if let Some(s) = a.serious {
        f.insert(SERIOUS_KEY.into(), FactValue::Bool(s));
    }
    f
}

/// Evaluate a condition of `item` on facts (absent booleans false); `Unknown` if undecidable.
pub fn holds(item: &Item, facts: &Facts, c: &Cond) -> Tri {
    // The same keys as `item.all_facts()` of type yes/no, without building their labels.
    let mut bools: BTreeSet<String> = crate::facts::common_bool_keys()
        .iter()
        .cloned()
        .chain(
            item.facts
                .iter()
                .filter(|f| f.kind.value == crate::facts::FactType::Bool)
                .map(|f| f.key.value.clone()),
        )
        .collect();
    bools.insert(SERIOUS_KEY.into());
    c.eval(&ItemEnv { facts, bools }, &mut Trace::default())
}
