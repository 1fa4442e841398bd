//! Judging one decision against the assessment of its facts (CATALOGUE.md v2.1, "What scoring
//! does with this"). The session scorer and `cailiang assess --decision` both call [`judge`], so
//! a trainee's decision and a real case file's decision (案卷评查) get the same verdict.
//!
//! Rule ids starting with `legality.` are critical: the decision is unlawful and a session with
//! one fails whatever its total. The others are deductions a good officer would not incur.

use super::{Deduction, Dimension};
use crate::discretion::{holds, with_serious, Assessment, Coercion, Outcome, Role};
use crate::facts::{keys, FactValue, Facts};
use crate::measures::{Measure, Step};
use crate::standard::{FineDuty, Item, Provides, Standard};
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

const APL4: &str = "行政处罚法 第四条（处罚的种类和条件须有法定依据）";
const APL5: &str = "行政处罚法 第五条（过罚相当）";
const APL6: &str = "行政处罚法 第六条（处罚与教育相结合）";
const APL28_1: &str = "行政处罚法 第二十八条第一款（责令改正）";
const APL28_2: &str = "行政处罚法 第二十八条第二款（违法所得应当没收）";
const APL30: &str = "行政处罚法 第三十条（不满十四周岁的，责令监护人加以管教）";
const APL30_32: &str = "行政处罚法 第三十条、第三十二条（应当从轻或者减轻）";
const APL33_3: &str = "行政处罚法 第三十三条第三款（不予处罚的应当教育）";
const APL40: &str = "行政处罚法 第四十条（违法事实不清、证据不足的，不得给予行政处罚）";
const APL44_62: &str = "行政处罚法 第四十四条、第六十二条（未告知的不得作出处罚决定）";
const APL45_62: &str = "行政处罚法 第四十五条、第六十二条（拒绝听取陈述申辩的不得作出处罚决定）";
const APL58: &str = "行政处罚法 第五十八条（未经法制审核或者审核未通过的，不得作出决定）";
const APL63: &str = "行政处罚法 第六十三条、第六十四条（听证）";
const ACL5_16: &str = "行政强制法 第五条（适当原则）、第十六条第二款（可以不采取）";
const ACL18: &str = "行政强制法 第十八条（实施前须向行政机关负责人报告并经批准）";
const APL9_DESTROY: &str =
    "行政处罚法 第九条（没收非法财物是行政处罚）；不予处罚的，不合格物品应当监督销毁";

/// Every critical rule, for checking the `critical` expectations of scenario tests.
pub const CRITICAL_RULES: &[&str] = &[
    "legality.coercion_not_applied",
    "legality.coercion_without_approval",
    "legality.defence_not_heard",
    "legality.facts_unclear",
    "legality.fine_outside_statutory_range",
    "legality.mandatory_fine_omitted",
    "legality.mandatory_measure_omitted",
    "legality.no_hearing_notice",
    "legality.no_legal_review",
    "legality.no_notice_of_rights",
    "legality.not_lighter",
    "legality.penalty_condition_unmet",
    "legality.penalty_type_not_provided",
    "legality.penalty_where_none_lawful",
    "legality.too_lax",
];

/// A decision as judged: what it orders, and what had been done by the time it was taken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Decision {
    /// Measures of this decision (and those taken by choices since the previous one).
    pub measures: BTreeSet<Measure>,
    /// Procedural steps taken up to and with this decision.
    pub steps: BTreeSet<Step>,
    /// Fine in yuan.
    pub fine: Option<f64>,
    /// Value of what is confiscated (gains and property together); derived from the facts
    /// `illegal_gains` and `goods_value` when not given.
    pub confiscated_value: Option<f64>,
    /// Rectification deadline in working days.
    pub deadline: Option<u32>,
    /// Measures taken earlier in the session (education given before counts).
    #[serde(skip)]
    pub earlier: BTreeSet<Measure>,
    /// Sealing or seizure taken by choices during play, judged as they stood then; coercion on
    /// the decision itself is judged with the decision's steps and assessment.
    #[serde(skip)]
    pub acts: Vec<CoercionAct>,
}

/// Sealing or seizure taken during play: judged as it stood when it was done (ACL 18 asks for
/// the head's approval before the act; a no-coercion list binds if it held at that moment).
#[derive(Debug, Clone, PartialEq)]
pub struct CoercionAct {
    pub measure: Measure,
    /// The head's approval had been obtained before the act.
    pub approved: bool,
    /// The coercion value of the case at the moment of the act, and the ground that gave it.
    pub coercion: Coercion,
    pub basis: String,
}

/// The verdict on one decision (the `judgement` key of `assess --decision`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    pub lawful: bool,
    pub critical: Vec<String>,
    pub deductions: Vec<Deduction>,
}

impl Judgement {
    pub fn of(deductions: Vec<Deduction>) -> Judgement {
        let critical: Vec<String> = deductions
            .iter()
            .filter(|d| d.critical)
            .map(|d| d.rule.clone())
            .collect();
        Judgement {
            lawful: critical.is_empty(),
            critical,
            deductions,
        }
    }
}

pub(crate) fn ded(
    rule: &str,
    dimension: Dimension,
    points: u32,
    zh: String,
    en: String,
    basis: &str,
) -> Deduction {
    Deduction {
        rule: rule.into(),
        dimension,
        points,
        critical: rule.starts_with("legality."),
        explanation: Text {
            zh: Some(zh),
            en: Some(en),
        },
        basis: basis.into(),
    }
}

/// The bases of the rules that decided the outcome, joined.
fn outcome_bases(a: &Assessment) -> Option<String> {
    let b: Vec<&str> = a
        .grounds
        .iter()
        .filter(|g| g.role == Role::Outcome)
        .map(|g| g.basis.as_str())
        .collect();
    (!b.is_empty()).then(|| b.join("；"))
}

/// Why no penalty is too lax: the provision that makes the fine mandatory, and the rules that
/// decided the outcome.
fn lax_basis(a: &Assessment) -> String {
    let range = basis_of(a, Role::Range);
    match outcome_bases(a) {
        Some(b) => format!("{range}；{b}"),
        None => range,
    }
}

/// The basis of the rules that decided the outcome.
pub(crate) fn outcome_basis(a: &Assessment) -> String {
    outcome_bases(a).unwrap_or_else(|| APL5.into())
}

fn basis_of(a: &Assessment, role: Role) -> String {
    a.grounds
        .iter()
        .find(|g| g.role == role)
        .map(|g| g.basis.clone())
        .unwrap_or_else(|| APL5.into())
}

fn names(ms: &[Measure]) -> (String, String) {
    (
        ms.iter().map(|m| m.zh()).collect::<Vec<_>>().join("、"),
        ms.iter().map(|m| m.en()).collect::<Vec<_>>().join(", "),
    )
}

fn number(facts: &Facts, key: &str) -> f64 {
    match facts.get(key) {
        Some(FactValue::Number(x)) => *x,
        _ => 0.0,
    }
}

/// Whether this item's confiscation exemption holds (食品安全法 第一百三十六条): the goods are
/// then confiscated without a penalty.
pub fn confiscation_exempt(item: &Item, facts: &Facts, a: &Assessment) -> bool {
    let Some(rule) = &item.confiscation_exempt_under else {
        return false;
    };
    matches!(a.outcome, Outcome::NoPenalty | Outcome::MayWaive)
        && item
            .rules()
            .find(|(_, r)| r.id.value == rule.value)
            .is_some_and(|(_, r)| holds(item, facts, &r.when) == crate::cond::Tri::True)
}

/// The measures of a decision that are administrative penalties (APL 9).
pub fn penalties(item: &Item, facts: &Facts, a: &Assessment, d: &Decision) -> Vec<Measure> {
    let exempt = confiscation_exempt(item, facts, a);
    d.measures
        .iter()
        .copied()
        .filter(|m| m.is_penalty() && !(exempt && *m == Measure::ConfiscateProperty))
        .collect()
}

/// The item's entry for a penalty type whose condition holds on these facts, if any.
fn available<'i>(item: &'i Item, facts: &Facts, m: Measure) -> Option<&'i Provides> {
    item.provides(m)
        .find(|p| holds(item, facts, &p.when) == crate::cond::Tri::True)
}

/// Judge one decision. `facts` are the case's facts as they stood when it was taken.
pub fn judge(
    standard: &Standard,
    item: &Item,
    facts: &Facts,
    a: &Assessment,
    d: &Decision,
) -> Vec<Deduction> {
    let _ = standard;
    let facts = &with_serious(facts, a);
    let mut out = Vec::new();
    let pens = penalties(item, facts, a, d);
    let has = |m: Measure| d.measures.contains(&m) || d.earlier.contains(&m);
    let fined = d.measures.contains(&Measure::Fine);
    let amount = d.fine.unwrap_or(0.0);
    let penalised = !pens.is_empty();

    if a.outcome == Outcome::Undetermined {
        if penalised {
            let (zh, en) = names(&pens);
            out.push(ded(
                "legality.facts_unclear",
                Dimension::Legality,
                100,
                format!("案件事实不清（缺少：{}），不得给予行政处罚，却作出了{zh}。", a.missing.join("、")),
                format!("The facts are unclear (missing: {}), so no penalty may be given, yet the decision imposes {en}.", a.missing.join(", ")),
                APL40,
            ));
        }
        return out;
    }

    // A penalty where none is lawful.
    if matches!(a.outcome, Outcome::NoPenalty | Outcome::TimeBarred) && penalised {
        let (zh, en) = names(&pens);
        out.push(ded(
            "legality.penalty_where_none_lawful",
            Dimension::Legality,
            100,
            format!("本案依法应当{}，却作出了{zh}。", a.outcome.zh()),
            format!(
                "The lawful outcome is {}, yet the decision imposes {en}.",
                a.outcome.en()
            ),
            &outcome_basis(a),
        ));
    }
    let may_penalise = a.outcome.allows_fine();

    // The fine against the statutory range and the band.
    if fined && may_penalise {
        fine_rules(a, amount, &mut out);
    }

    // Too lax (宽松软): no penalty at all, or the mandatory fine left out.
    let duty = item.fine_duty.value;
    if a.outcome.calls_for_penalty() && !penalised && duty == FineDuty::Mandatory {
        out.push(ded(
            "legality.too_lax",
            Dimension::Legality,
            100,
            format!("本案依法应当{}，罚款是法定必处的，却未予处罚（宽松软）。", a.outcome.zh()),
            format!("The lawful outcome is {} and the fine is mandatory, yet no penalty was imposed (too lax).", a.outcome.en()),
            &lax_basis(a),
        ));
    }
    let alternative = pens
        .iter()
        .any(|m| available(item, facts, *m).is_some_and(|p| p.instead_of_fine));
    let omitted = penalised
        && may_penalise
        && !fined
        && duty == FineDuty::Mandatory
        && !alternative
        && !a.mitigation_permitted;
    if let (true, Some(st)) = (omitted, a.statutory_fine) {
        let (zh, en) = if a.outcome == Outcome::MayWaive {
            (
                format!("本案可以不予处罚；但决定处罚的，法律规定应当处 {}–{} 元罚款，不能以其他处罚代替。", st.min, st.max),
                format!("The case could be waived; but a penalty, once given, must include the statutory fine of {}–{} yuan, not another type instead.", st.min, st.max),
            )
        } else {
            (
                format!("法律规定应当并处 {}–{} 元罚款，本案没有减轻处罚的依据，却未处罚款（宽松软）。", st.min, st.max),
                format!("The statute requires a fine of {}–{} yuan and nothing permits mitigation, yet no fine was imposed (too lax).", st.min, st.max),
            )
        };
        out.push(ded(
            "legality.mandatory_fine_omitted",
            Dimension::Legality,
            100,
            zh,
            en,
            &basis_of(a, Role::Range),
        ));
    }

    // Mandatory measures (并处; 没收违法所得 under APL 28(2)).
    // Where no penalty at all was given and that is already too lax, the combined measures left
    // out are the same failure, not another one.
    let too_lax = out.iter().any(|x| x.rule == "legality.too_lax");
    if may_penalise && (penalised || (a.outcome.calls_for_penalty() && !too_lax)) {
        for p in item.penalties.iter().filter(|p| p.mandatory) {
            let m = p.measure.value;
            if has(m) || holds(item, facts, &p.when) != crate::cond::Tri::True {
                continue;
            }
            let basis = if m == Measure::ConfiscateGains {
                format!("{APL28_2}；{}", p.basis.value)
            } else {
                p.basis.value.clone()
            };
            out.push(ded(
                "legality.mandatory_measure_omitted",
                Dimension::Legality,
                100,
                format!("本案依法必须同时{}，处理决定中却没有。", m.zh()),
                format!(
                    "The law requires {} in this case, but the decision leaves it out.",
                    m.en()
                ),
                &basis,
            ));
        }
    }

    // 警告或者罚款: a type given instead of the fine is not given with it.
    for &m in pens.iter().filter(|m| **m != Measure::Fine) {
        if let (true, Some(p)) = (
            fined,
            available(item, facts, m).filter(|p| p.instead_of_fine),
        ) {
            out.push(ded(
                "legality.penalty_condition_unmet",
                Dimension::Legality,
                100,
                format!("法律规定“{}”与罚款二者择一，不能并处。", m.zh()),
                format!("The provision gives {} or a fine, not both.", m.en()),
                &format!("{APL4}；{}", p.basis.value),
            ));
        }
    }

    // Penalty types the item does not give, or whose condition does not hold (APL 4).
    for &m in &pens {
        if m == Measure::Fine {
            if a.statutory_fine.is_none() {
                out.push(ded(
                    "legality.penalty_type_not_provided",
                    Dimension::Legality,
                    100,
                    "本案适用的条款对这种情形没有规定罚款。".into(),
                    "The provisions give no fine for this case.".into(),
                    APL4,
                ));
            }
            continue;
        }
        match available(item, facts, m) {
            Some(p) => {
                for need in &p.needs {
                    if !d.steps.contains(&need.value) {
                        out.push(ded(
                            "legality.penalty_condition_unmet",
                            Dimension::Legality,
                            100,
                            format!("“{}”须先{}，本案没有履行。", m.zh(), need.value.zh()),
                            format!(
                                "{} needs the step \"{}\" first, which was not taken.",
                                m.en(),
                                need.value.en()
                            ),
                            &p.basis.value,
                        ));
                    }
                }
                if !p.mandatory
                    && (m.carries_hearing() || p.hearing)
                    && matches!(
                        a.outcome,
                        Outcome::Lighter | Outcome::Mitigated | Outcome::MayWaive
                    )
                {
                    out.push(ded(
                        "discretion.penalty_type_too_harsh",
                        Dimension::Discretion,
                        40,
                        format!("“{}”是较重的处罚种类，本案属于“{}”，不需要。", m.zh(), a.outcome.zh()),
                        format!("{} is among the heavier penalty types; the case is {} and does not call for it.", m.en(), a.outcome.en()),
                        APL5,
                    ));
                }
            }
            None if a.mitigation_permitted && m.is_reprimand() => {}
            None => {
                let given = item.provides(m).next();
                let (zh, en, basis) = match given {
                    Some(p) => (
                        format!("本案不具备“{}”的法定条件。", m.zh()),
                        format!(
                            "The statutory condition for {} does not hold in this case.",
                            m.en()
                        ),
                        format!("{APL4}；{}", p.basis.value),
                    ),
                    None => (
                        format!("本案适用的条款没有规定“{}”这一处罚种类。", m.zh()),
                        format!(
                            "The provisions of this item do not provide {} as a penalty.",
                            m.en()
                        ),
                        APL4.to_string(),
                    ),
                };
                let rule = if given.is_some() {
                    "legality.penalty_condition_unmet"
                } else {
                    "legality.penalty_type_not_provided"
                };
                out.push(ded(rule, Dimension::Legality, 100, zh, en, &basis));
            }
        }
    }

    // 应当从轻: a fine that reaches the band the case would get without the ground is not
    // lighter, even on the edge the two bands share (粤环发〔2021〕7号 Art. 12: 从轻 is below the
    // mean, 一般 is the mean).
    if let (true, Some(without)) = (fined, a.band_without_leniency) {
        if amount >= without.min as f64 {
            out.push(ded(
                "legality.not_lighter",
                Dimension::Legality,
                100,
                format!("当事人具有应当从轻或者减轻处罚的情节，罚款 {amount} 元却达到了没有该情节时的阶次（{}–{} 元）。", without.min, without.max),
                format!("The party has a ground that requires a lighter penalty, yet the fine of {amount} yuan reaches the band it would get without it ({}–{} yuan).", without.min, without.max),
                APL30_32,
            ));
        }
    }

    // Optional fine, general or heavier circumstances: lawful not to fine, but weak discretion.
    if !fined && may_penalise {
        let optional_weak =
            duty == FineDuty::Optional && matches!(a.outcome, Outcome::General | Outcome::Heavier);
        let mitigated_type = duty == FineDuty::Mandatory
            && penalised
            && !alternative
            && a.mitigation_permitted
            && matches!(
                a.outcome,
                Outcome::Lighter | Outcome::General | Outcome::Heavier
            );
        if let (true, Some(band)) = (
            optional_weak || mitigated_type,
            a.fine.filter(|b| b.max > 0),
        ) {
            out.push(ded(
                "discretion.no_fine",
                Dimension::Discretion,
                30,
                format!("本案属于“{}”，基准建议在 {}–{} 元内处以罚款，未罚款偏轻。", a.outcome.zh(), band.min, band.max),
                format!("The case is {}: the standard suggests a fine of {}–{} yuan; not fining is too lenient.", a.outcome.en(), band.min, band.max),
                &basis_of(a, Role::Band),
            ));
        }
    }

    // A penalty where waiving was lawful and preferred.
    if a.outcome == Outcome::MayWaive && penalised {
        out.push(ded(
            "flexibility.penalty_where_waiver_preferred",
            Dimension::Flexibility,
            40,
            "本案属于可以不予处罚的情形，处罚虽不违法，但不予处罚并责令改正、加强教育更符合包容审慎监管。".into(),
            "The case may be waived: a penalty is lawful, but waiving with an order to correct and education is the preferred flexible answer.".into(),
            &outcome_basis(a),
        ));
    }

    // Coercion (查封、扣押): each act as it stood when it was done.
    let mut acts = d.acts.clone();
    for m in d.measures.iter().copied().filter(|m| m.is_coercion()) {
        if !acts.iter().any(|x| x.measure == m) {
            acts.push(CoercionAct {
                measure: m,
                approved: d.steps.contains(&Step::HeadApproval),
                coercion: a.coercion,
                basis: basis_of(a, Role::Coercion),
            });
        }
    }
    // A binding list is judged as it held at the act; that non-coercive means would have done
    // (ACL 5, 16(2)) is judged with what the case turned out to be at the decision.
    for x in &mut acts {
        if x.coercion != Coercion::NotApplied && a.coercion != Coercion::Permitted {
            x.coercion = Coercion::Discouraged;
        }
    }
    coercion_rules(&acts, &mut out);

    // Procedure of a penalty (APL 44, 45, 58, 62-64).
    if penalised {
        if !d.steps.contains(&Step::NotifyRights) {
            out.push(ded(
                "legality.no_notice_of_rights",
                Dimension::Procedure,
                40,
                "作出处罚决定前未告知拟处罚的内容、事实、理由、依据和陈述申辩等权利，处罚决定不能成立。".into(),
                "The proposed penalty, its grounds and the party's rights were not notified: no penalty decision may be made.".into(),
                APL44_62,
            ));
        }
        if !d.steps.contains(&Step::HearDefence) {
            out.push(ded(
                "legality.defence_not_heard",
                Dimension::Procedure,
                30,
                "未听取当事人的陈述、申辩，不得作出处罚决定。".into(),
                "The party's statement and defence were not heard: no penalty decision may be made.".into(),
                APL45_62,
            ));
        }
        let heavy = hearing_reasons(item, facts, a, d, &pens);
        if !heavy.is_empty() {
            let why_zh = heavy
                .iter()
                .map(|(z, _)| z.as_str())
                .collect::<Vec<_>>()
                .join("、");
            let why_en = heavy
                .iter()
                .map(|(_, e)| e.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            if !d.steps.contains(&Step::NotifyHearing) {
                out.push(ded(
                    "legality.no_hearing_notice",
                    Dimension::Procedure,
                    30,
                    format!("{why_zh}，当事人有权要求听证，却未告知听证权利。"),
                    format!("{why_en} carries the right to a hearing, which was not notified."),
                    APL63,
                ));
            }
            if !d.steps.contains(&Step::LegalReview) {
                out.push(ded(
                    "legality.no_legal_review",
                    Dimension::Procedure,
                    20,
                    format!("{why_zh}，属于涉及重大权益的处罚，决定前未经法制审核。"),
                    format!(
                        "{why_en} affects major rights: it needs legal review before the decision."
                    ),
                    APL58,
                ));
            }
        }
        if !has(Measure::OrderToRectify) {
            out.push(ded(
                "procedure.no_order_to_correct",
                Dimension::Procedure,
                20,
                "实施行政处罚时应当责令当事人改正违法行为。".into(),
                "A penalty must come with an order to correct the violation.".into(),
                APL28_1,
            ));
        }
        if !d
            .measures
            .iter()
            .chain(&d.earlier)
            .any(|m| m.educates() || *m == Measure::CreditRepairGuidance)
        {
            out.push(ded(
                "flexibility.no_education_with_penalty",
                Dimension::Flexibility,
                20,
                "只罚不教：处罚时没有配合批评教育、行政指导或信用修复指导等柔性措施。".into(),
                "Punishment without education: no education, guidance or credit-repair measure came with the penalty.".into(),
                APL6,
            ));
        }
    } else if matches!(
        a.outcome,
        Outcome::NoPenalty | Outcome::MayWaive | Outcome::TimeBarred
    ) {
        if !d.measures.iter().chain(&d.earlier).any(|m| m.educates()) {
            out.push(ded(
                "flexibility.no_education",
                Dimension::Flexibility,
                60,
                "不予处罚时应当对当事人进行教育（批评教育、行政指导、提示劝导、警示约谈或者合规承诺均可）。".into(),
                "A party that is not penalised must still be educated (education, guidance, a reminder, a warning interview or a compliance pledge).".into(),
                APL33_3,
            ));
        }
        if !has(Measure::OrderToRectify) && a.outcome != Outcome::TimeBarred {
            out.push(ded(
                "procedure.no_order_to_correct",
                Dimension::Procedure,
                15,
                "不予处罚时也应当责令改正违法行为。".into(),
                "An order to correct is due with a no-penalty decision too.".into(),
                APL28_1,
            ));
        }
        let under_14 = a.grounds.iter().any(|g| g.rule == "apl30.under_14");
        if under_14 && !has(Measure::OrderGuardianDiscipline) {
            out.push(ded(
                "procedure.no_guardian_order",
                Dimension::Procedure,
                30,
                "不满十四周岁的当事人不予处罚，但应当责令其监护人加以管教。".into(),
                "A child under 14 is not penalised, but the guardian must be ordered to discipline the child.".into(),
                APL30,
            ));
        }
    }

    // Non-compliant goods: confiscated, or destroyed under supervision; under the item's
    // exemption (食品安全法 第一百三十六条) they are confiscated.
    if let Some(basis) = &item.goods_disposal {
        let omitted = out
            .iter()
            .any(|x| x.rule == "legality.mandatory_measure_omitted");
        let exempt = confiscation_exempt(item, facts, a);
        let disposed =
            has(Measure::ConfiscateProperty) || (has(Measure::SupervisedDestruction) && !exempt);
        if !disposed && !omitted {
            let (zh, en, basis) = if exempt {
                (
                    "依法免予处罚时，不符合标准的物品仍应当没收，不能只作监督销毁或者留给当事人。".to_string(),
                    "Under this waiver the non-compliant goods must still be confiscated, not only destroyed under supervision or left with the party.".to_string(),
                    item.rules()
                        .find(|(_, r)| item.confiscation_exempt_under.as_ref().is_some_and(|k| k.value == r.id.value))
                        .map(|(_, r)| r.basis.value.clone())
                        .unwrap_or_else(|| basis.value.clone()),
                )
            } else {
                (
                    "不符合标准的物品既未没收，也未监督销毁，仍留在当事人手中。".to_string(),
                    "The non-compliant goods were neither confiscated nor destroyed under supervision.".to_string(),
                    format!("{}；{APL9_DESTROY}", basis.value),
                )
            };
            out.push(ded(
                "procedure.goods_not_disposed",
                Dimension::Procedure,
                20,
                zh,
                en,
                &basis,
            ));
        }
    }
    out
}

fn coercion_rules(acts: &[CoercionAct], out: &mut Vec<Deduction>) {
    let of = |pick: &dyn Fn(&CoercionAct) -> bool| -> Vec<&CoercionAct> {
        acts.iter().filter(|x| pick(x)).collect()
    };
    let names_of = |xs: &[&CoercionAct]| names(&xs.iter().map(|x| x.measure).collect::<Vec<_>>());
    let listed = of(&|x| x.coercion == Coercion::NotApplied);
    if let Some(first) = listed.first() {
        let (zh, en) = names_of(&listed);
        out.push(ded(
            "legality.coercion_not_applied",
            Dimension::Legality,
            100,
            format!("采取{zh}时，本案属于不予实施行政强制措施清单的情形。"),
            format!("A published no-coercion list covered the case when it used {en}."),
            &first.basis,
        ));
    }
    let discouraged = of(&|x| x.coercion == Coercion::Discouraged);
    if !discouraged.is_empty() {
        let (zh, en) = names_of(&discouraged);
        out.push(ded(
            "flexibility.coercion_discouraged",
            Dimension::Flexibility,
            30,
            format!("违法行为轻微、没有危害后果，非强制手段足以达到目的，{zh}虽不违法但不适当。"),
            format!("The violation is minor and harmless; non-coercive means suffice, so {en} is lawful but poor judgement."),
            ACL5_16,
        ));
    }
    let unapproved = of(&|x| !x.approved);
    if !unapproved.is_empty() {
        let (zh, en) = names_of(&unapproved);
        out.push(ded(
            "legality.coercion_without_approval",
            Dimension::Legality,
            100,
            format!("实施{zh}前未报经行政机关负责人批准。"),
            format!("{en} without the agency head's approval beforehand."),
            ACL18,
        ));
    }
}

fn fine_rules(a: &Assessment, amount: f64, out: &mut Vec<Deduction>) {
    let Some(st) = a.statutory_fine else { return };
    let below = amount < st.min as f64 && !a.mitigation_permitted;
    if amount > st.max as f64 || below {
        out.push(ded(
            "legality.fine_outside_statutory_range",
            Dimension::Legality,
            100,
            format!("罚款 {amount} 元超出法定幅度 {}–{} 元，且没有减轻处罚的依据。", st.min, st.max),
            format!("The fine of {amount} yuan is outside the statutory range {}–{} yuan, with no ground for mitigation.", st.min, st.max),
            &basis_of(a, Role::Range),
        ));
    }
    let Some(band) = a.fine else { return };
    if band.contains(amount) {
        return;
    }
    let dist = if amount < band.min as f64 {
        band.min as f64 - amount
    } else {
        amount - band.max as f64
    };
    let width = ((st.max - st.min) as f64).max(1.0);
    let points = 20 + (60.0 * (dist / width).min(1.0)).round() as u32;
    out.push(ded(
        "discretion.fine_outside_band",
        Dimension::Discretion,
        points,
        format!(
            "罚款 {amount} 元不在“{}”对应的阶次 {}–{} 元内。",
            a.outcome.zh(),
            band.min,
            band.max
        ),
        format!(
            "The fine of {amount} yuan is outside the band for {} ({}–{} yuan).",
            a.outcome.en(),
            band.min,
            band.max
        ),
        &basis_of(a, Role::Band),
    ));
}

/// Why a decision's penalties carry the hearing right (APL 63), as zh/en phrases.
fn hearing_reasons(
    item: &Item,
    facts: &Facts,
    a: &Assessment,
    d: &Decision,
    pens: &[Measure],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(t) = a.hearing_threshold else {
        return out;
    };
    if pens.contains(&Measure::Fine) && d.fine.unwrap_or(0.0) >= t {
        out.push((
            format!(
                "罚款 {} 元达到较大数额标准（{t} 元）",
                d.fine.unwrap_or(0.0)
            ),
            format!("A fine of {} yuan (threshold {t})", d.fine.unwrap_or(0.0)),
        ));
    }
    let confiscated = d.confiscated_value.unwrap_or_else(|| {
        let mut v = 0.0;
        if pens.contains(&Measure::ConfiscateGains) {
            v += number(facts, keys::ILLEGAL_GAINS);
        }
        if pens.contains(&Measure::ConfiscateProperty) {
            v += number(facts, "goods_value");
        }
        v
    });
    if confiscated > 0.0 && confiscated >= t {
        out.push((
            format!("没收的违法所得和财物价值 {confiscated} 元达到较大数额标准（{t} 元）"),
            format!("Confiscation worth {confiscated} yuan (threshold {t})"),
        ));
    }
    for &m in pens {
        let by_item = item.provides(m).any(|p| p.hearing);
        if m.carries_hearing() || by_item {
            out.push((format!("“{}”", m.zh()), m.en().to_string()));
        }
    }
    out
}
