//! The scoring rules: one function per question a case-file reviewer asks of a decision.

use super::{effect_points, Deduction, Dimension, ModelAnswer};
use crate::discretion::{Assessment, Band, Coercion, Outcome};
use crate::measures::{Measure, MeasureKind, Step};
use crate::runtime::{Case, DecisionRecord};
use crate::scenario::{Action, Effects};
use crate::text::Text;
use std::collections::BTreeSet;

const APL4: &str = "行政处罚法 第四条（处罚须由法律、法规、规章规定）";
const APL5: &str = "行政处罚法 第五条（过罚相当）";
const APL6: &str = "行政处罚法 第六条（处罚与教育相结合）";
const APL28: &str = "行政处罚法 第二十八条（责令改正）";
const APL33_3: &str = "行政处罚法 第三十三条第三款（不予处罚的应当教育）";
const APL40: &str = "行政处罚法 第四十条（违法事实不清、证据不足的，不得给予行政处罚）";
const APL44: &str = "行政处罚法 第四十四条（事先告知）";
const APL45: &str = "行政处罚法 第四十五条（陈述申辩）";
const APL55: &str = "行政处罚法 第五十五条（出示执法证件）";
const APL58: &str = "行政处罚法 第五十八条（法制审核）";
const APL63: &str = "行政处罚法 第六十三条、第六十四条（听证）";
const ACL5: &str = "行政强制法 第五条（适当原则）";
const EFFECTS: &str = "三个效果统一（培训惯例 training convention）";

fn ded(
    rule: &str,
    dimension: Dimension,
    points: u32,
    critical: bool,
    zh: String,
    en: String,
    basis: &str,
) -> Deduction {
    Deduction {
        rule: rule.into(),
        dimension,
        points,
        critical,
        explanation: Text {
            zh: Some(zh),
            en: Some(en),
        },
        basis: basis.into(),
    }
}

/// Steps the scenario lets the trainee take anywhere (a step never offered is never required).
pub fn offered_steps(case: &Case) -> BTreeSet<Step> {
    let s = &case.scenario;
    let mut out: BTreeSet<Step> = s
        .choices()
        .filter_map(|c| match c.action.value {
            Action::Step(st) => Some(st),
            _ => None,
        })
        .collect();
    for sc in &s.scenes {
        if let Some(d) = &sc.decision {
            out.extend(d.steps.iter().map(|x| x.value));
        }
    }
    out
}

/// The basis of the rules that decided the outcome (everything but range and band grounds).
fn outcome_basis(a: &Assessment) -> String {
    let b: Vec<&str> = a
        .grounds
        .iter()
        .filter(|g| g.rule != "statutory_range" && !g.rule.starts_with("band."))
        .map(|g| g.basis.as_str())
        .collect();
    if b.is_empty() {
        APL5.into()
    } else {
        b.join("；")
    }
}

fn range_basis(a: &Assessment) -> String {
    a.grounds
        .iter()
        .find(|g| g.rule == "statutory_range")
        .map(|g| g.basis.clone())
        .unwrap_or_else(|| APL5.into())
}

fn band_basis(a: &Assessment) -> String {
    a.grounds
        .iter()
        .find(|g| g.rule.starts_with("band."))
        .map(|g| g.basis.clone())
        .unwrap_or_else(|| APL5.into())
}

/// Penalty types that take away a licence, a business or a livelihood.
const SEVERE: [Measure; 6] = [
    Measure::SuspendLicence,
    Measure::RevokeLicence,
    Measure::DowngradeQualification,
    Measure::SuspendBusiness,
    Measure::Closure,
    Measure::PracticeBan,
];

/// Judge one decision. `steps` and `took` include what the trainee did by choices during play
/// up to this decision; `new` is what was taken since the previous decision (for coercion).
pub fn judge(
    case: &Case,
    d: &DecisionRecord,
    steps: &BTreeSet<Step>,
    took: &BTreeSet<Measure>,
    new: &BTreeSet<Measure>,
    offered: &BTreeSet<Step>,
) -> Vec<Deduction> {
    let a = &d.assessment;
    let m = &d.input.measures;
    let mut out = Vec::new();
    if a.outcome == Outcome::Undetermined {
        return out; // the scenario's facts do not settle the case; nothing fair to score
    }
    // Confiscating the non-compliant goods themselves is handling of the goods, allowed even
    // where no penalty is due (e.g. 食品安全法 第一百三十六条).
    let penalties: Vec<Measure> = m
        .iter()
        .copied()
        .filter(|x| x.is_penalty() && *x != Measure::ConfiscateProperty)
        .collect();
    let fined = m.contains(&Measure::Fine);
    let amount = d.input.fine.unwrap_or(0.0);
    let has = |x: Measure| m.contains(&x) || took.contains(&x);
    let did = |s: Step| steps.contains(&s) || !offered.contains(&s);

    // Legality: a penalty where none is lawful.
    if matches!(a.outcome, Outcome::NoPenalty | Outcome::TimeBarred) && !penalties.is_empty() {
        let names: Vec<&str> = penalties.iter().map(|p| p.zh()).collect();
        out.push(ded(
            "legality.penalty_where_none_lawful",
            Dimension::Legality,
            100,
            true,
            format!(
                "本案依法应当{}，却作出了{}。",
                a.outcome.zh(),
                names.join("、")
            ),
            format!(
                "The lawful outcome is {:?}, yet the decision imposes {:?}.",
                a.outcome, penalties
            ),
            &outcome_basis(a),
        ));
    }
    // Legality: a fine outside the statutory range.
    if fined && a.outcome.allows_fine() {
        if let Some(st) = a.statutory_fine {
            let below = amount < st.min as f64 && !a.mitigation_permitted;
            if amount > st.max as f64 || below {
                out.push(ded(
                    "legality.fine_outside_statutory_range",
                    Dimension::Legality,
                    100,
                    true,
                    format!("罚款 {amount} 元超出法定幅度 {}–{} 元，且没有减轻处罚的依据。", st.min, st.max),
                    format!("The fine of {amount} yuan is outside the statutory range {}–{} with no ground for mitigation.", st.min, st.max),
                    &range_basis(a),
                ));
            } else if let Some(band) = a.fine {
                if !band.contains(amount) {
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
                        false,
                        format!(
                            "罚款 {amount} 元不在“{}”对应的阶次 {}–{} 元内。",
                            a.outcome.zh(),
                            band.min,
                            band.max
                        ),
                        format!(
                            "The fine of {amount} yuan is outside the {:?} band {}–{} yuan.",
                            a.outcome, band.min, band.max
                        ),
                        &band_basis(a),
                    ));
                }
            }
        }
    }
    // Legality: too lax (宽松软) — no penalty where one is due.
    if a.outcome.calls_for_penalty() && penalties.is_empty() {
        out.push(ded(
            "legality.too_lax",
            Dimension::Legality,
            100,
            true,
            format!("本案依法应当{}，却未予处罚（宽松软）。", a.outcome.zh()),
            format!(
                "The lawful outcome is {:?}, yet no penalty was imposed (too lax).",
                a.outcome
            ),
            &outcome_basis(a),
        ));
    } else if a.outcome.calls_for_penalty() && !fined {
        if let Some(st) = a.statutory_fine.filter(|st| st.max > 0) {
            if matches!(a.outcome, Outcome::General | Outcome::Heavier) && st.min > 0 {
                out.push(ded(
                    "legality.too_lax",
                    Dimension::Legality,
                    100,
                    true,
                    format!("本案应处 {}–{} 元罚款，仅给予较轻种类的处罚没有法定依据（宽松软）。", st.min, st.max),
                    format!("A fine of {}–{} yuan is due; a lighter kind of penalty alone has no legal ground (too lax).", st.min, st.max),
                    &range_basis(a),
                ));
            } else if a.outcome != Outcome::Mitigated {
                out.push(ded(
                    "discretion.no_fine_in_band",
                    Dimension::Discretion,
                    30,
                    false,
                    "未在对应阶次内处以罚款，处罚种类偏轻。".into(),
                    "No fine within the band: the penalty is lighter than the standard suggests."
                        .into(),
                    &band_basis(a),
                ));
            }
        }
    }
    // Flexibility: a fine where waiving with education was the preferred answer.
    if a.outcome == Outcome::MayWaive && !penalties.is_empty() {
        out.push(ded(
            "flexibility.penalty_where_waiver_preferred",
            Dimension::Flexibility,
            40,
            false,
            "本案属于可以不予处罚的情形，处罚虽不违法，但不予处罚并责令改正、加强教育更符合包容审慎监管。".into(),
            "The case may be waived: a penalty is lawful, but waiving with an order to correct and education is the preferred flexible answer.".into(),
            &outcome_basis(a),
        ));
    }
    // Severe penalty types: only where the item's provisions give them, and only when heavier.
    for x in m.iter().filter(|x| SEVERE.contains(x)) {
        let provided = case.item().measures.iter().any(|p| p.value == *x);
        if !provided {
            out.push(ded(
                "legality.penalty_type_without_basis",
                Dimension::Legality,
                100,
                true,
                format!("本案适用的条款没有规定“{}”这一处罚种类。", x.zh()),
                format!(
                    "The provisions of this item do not provide {} as a penalty.",
                    x.en()
                ),
                APL4,
            ));
        } else if a.outcome != Outcome::Heavier && a.outcome.allows_fine() {
            out.push(ded(
                "discretion.penalty_type_too_harsh",
                Dimension::Discretion,
                40,
                false,
                format!("“{}”是最重的处罚种类之一，本案情节（{}）不需要。", x.zh(), a.outcome.zh()),
                format!("{} is among the heaviest penalties; the circumstances ({:?}) do not call for it.", x.en(), a.outcome),
                APL5,
            ));
        }
    }
    // Coercion where the list says not to apply it.
    let coerced: Vec<Measure> = [Measure::Seal, Measure::Seize]
        .into_iter()
        .filter(|x| m.contains(x) || new.contains(x))
        .collect();
    if !coerced.is_empty() && a.coercion == Coercion::NotApplied {
        let basis = a
            .grounds
            .iter()
            .find(|g| g.rule.contains("no_coercion"))
            .map(|g| g.basis.clone())
            .unwrap_or_else(|| "行政强制法 第十六条第二款".into());
        out.push(ded(
            "legality.coercion_not_applied",
            Dimension::Legality,
            100,
            true,
            "本案属于不予实施行政强制措施的情形，却采取了查封、扣押。".into(),
            "Coercion is not to be applied in this case, yet goods or premises were sealed or seized.".into(),
            &basis,
        ));
    } else if !coerced.is_empty() && a.outcome != Outcome::Heavier {
        out.push(ded(
            "flexibility.coercion_not_needed",
            Dimension::Flexibility,
            20,
            false,
            "非强制手段足以达到目的时，不应实施行政强制。".into(),
            "Where non-coercive means suffice, coercion should not be used.".into(),
            ACL5,
        ));
    }

    // Procedure for a penalty.
    if !penalties.is_empty() {
        if !did(Step::NotifyRights) {
            out.push(ded(
                "procedure.no_notice_of_rights",
                Dimension::Procedure,
                40,
                false,
                "作出处罚决定前未告知拟处罚内容及陈述、申辩等权利。".into(),
                "The proposed penalty and the party's rights were not notified before deciding."
                    .into(),
                APL44,
            ));
            out.push(ded(
                "legality.no_notice_of_rights",
                Dimension::Legality,
                20,
                false,
                "未履行事先告知程序，处罚决定存在合法性缺陷。".into(),
                "Without prior notice the penalty decision is legally defective.".into(),
                APL44,
            ));
        }
        if !did(Step::HearDefence) {
            out.push(ded(
                "procedure.defence_not_heard",
                Dimension::Procedure,
                15,
                false,
                "未听取当事人的陈述、申辩。".into(),
                "The party's statement and defence were not heard.".into(),
                APL45,
            ));
        }
        let large = fined && a.hearing_threshold.is_some_and(|t| amount >= t);
        if large && !did(Step::NotifyHearing) {
            out.push(ded("procedure.no_hearing_notice", Dimension::Procedure, 30, false,
                format!("罚款 {amount} 元达到较大数额标准，应当告知听证权利。"),
                format!("A fine of {amount} yuan reaches the large-fine threshold: the right to a hearing must be notified."), APL63));
            out.push(ded(
                "legality.no_hearing_notice",
                Dimension::Legality,
                20,
                false,
                "未告知听证权利，处罚决定存在合法性缺陷。".into(),
                "Without notice of the hearing right the decision is legally defective.".into(),
                APL63,
            ));
        }
        if large && !did(Step::LegalReview) {
            out.push(ded(
                "procedure.no_legal_review",
                Dimension::Procedure,
                10,
                false,
                "较大数额罚款决定前未经法制审核。".into(),
                "A large fine was decided without legal review.".into(),
                APL58,
            ));
        }
        if !has(Measure::OrderToRectify) {
            out.push(ded(
                "procedure.no_order_to_correct",
                Dimension::Procedure,
                20,
                false,
                "实施行政处罚时应当责令当事人改正违法行为。".into(),
                "A penalty must come with an order to correct the violation.".into(),
                APL28,
            ));
        }
        let educates = m
            .iter()
            .any(|x| x.kind() == MeasureKind::Flexible && *x != Measure::OrderToRectify);
        if !educates {
            out.push(ded("flexibility.no_education_with_penalty", Dimension::Flexibility, 20, false,
                "只罚不教：处罚时没有配合教育、指导或信用修复等柔性措施。".into(),
                "Punishment without education: no guidance, education or credit-repair measure came with the penalty.".into(), APL6));
        }
    } else if matches!(a.outcome, Outcome::NoPenalty | Outcome::MayWaive) {
        if !has(Measure::Education) {
            out.push(ded(
                "procedure.no_education",
                Dimension::Procedure,
                30,
                false,
                "不予处罚时未对当事人进行教育。".into(),
                "No education was given with the no-penalty decision.".into(),
                APL33_3,
            ));
            out.push(ded(
                "flexibility.no_education",
                Dimension::Flexibility,
                30,
                false,
                "不罚不等于不管：应当通过批评教育、指导约谈等方式促其守法。".into(),
                "Not penalising is not doing nothing: educate the party to comply.".into(),
                APL33_3,
            ));
        }
        if !has(Measure::OrderToRectify) && a.outcome == Outcome::MayWaive {
            out.push(ded(
                "procedure.no_order_to_correct",
                Dimension::Procedure,
                15,
                false,
                "不予处罚时也应当责令改正。".into(),
                "An order to correct is due with a no-penalty decision too.".into(),
                APL28,
            ));
        }
    }
    if offered.contains(&Step::ShowCredentials) && !steps.contains(&Step::ShowCredentials) {
        out.push(ded(
            "procedure.no_credentials",
            Dimension::Procedure,
            10,
            false,
            "检查时未出示执法证件。".into(),
            "Credentials were not shown during the inspection.".into(),
            APL55,
        ));
    }
    // Fact-finding (事实不清): deciding before the facts the outcome read were established.
    let investigable = investigable(case);
    let unknown: Vec<&String> = a
        .depends_on
        .iter()
        .filter(|k| investigable.contains(k.as_str()) && !d.known.contains(*k))
        .collect();
    if !unknown.is_empty() {
        let labels: Vec<String> = unknown
            .iter()
            .map(|k| {
                case.item()
                    .all_facts()
                    .into_iter()
                    .find(|f| &&f.key == k)
                    .and_then(|f| f.label.zh)
                    .unwrap_or_else(|| k.to_string())
            })
            .collect();
        out.push(ded(
            "procedure.facts_not_established",
            Dimension::Procedure,
            (15 * unknown.len() as u32).min(45),
            false,
            format!("作出决定前未查清：{}。即使结论碰巧正确，也属于事实不清。", labels.join("、")),
            format!("Decided before establishing: {}. Even a right answer on unestablished facts is a fact-finding defect.",
                unknown.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")),
            APL40,
        ));
    }
    out
}

/// Facts the scenario lets the trainee establish (known from the start, or revealed by evidence).
fn investigable(case: &Case) -> BTreeSet<&str> {
    let s = &case.scenario;
    let mut out: BTreeSet<&str> = s.known.iter().map(|k| k.value.as_str()).collect();
    for sc in &s.scenes {
        for e in sc
            .evidence
            .iter()
            .chain(sc.choices.iter().flat_map(|c| c.reveals.iter()))
        {
            out.extend(e.establishes.iter().map(|k| k.value.as_str()));
        }
    }
    out
}

/// Deductions for how the case ended (legal, social and political effects).
pub fn effects(e: &Effects) -> Vec<Deduction> {
    let lost = (effect_points(e.legal) + effect_points(e.social) + effect_points(e.political)) / 3;
    if lost == 0 {
        return Vec::new();
    }
    vec![ded(
        "effects.ending",
        Dimension::Effects,
        lost,
        false,
        format!(
            "结局效果：法律效果{}、社会效果{}、政治效果{}。",
            effect_zh(e.legal),
            effect_zh(e.social),
            effect_zh(e.political)
        ),
        format!(
            "Ending effects: legal {:?}, social {:?}, political {:?}.",
            e.legal, e.social, e.political
        ),
        EFFECTS,
    )]
}

fn effect_zh(e: crate::scenario::Effect) -> &'static str {
    match e {
        crate::scenario::Effect::Good => "良好",
        crate::scenario::Effect::Mixed => "一般",
        crate::scenario::Effect::Poor => "较差",
    }
}

/// The model answer for the lawful outcome.
pub fn model_answer(case: &Case, a: &Assessment, offered: &BTreeSet<Step>) -> ModelAnswer {
    let mut measures = Vec::new();
    let mut steps = Vec::new();
    let fine: Option<Band>;
    let (zh, en);
    match a.outcome {
        Outcome::NoPenalty | Outcome::MayWaive => {
            measures.extend([
                Measure::NoPenalty,
                Measure::Education,
                Measure::OrderToRectify,
            ]);
            fine = None;
            zh = format!("依法{}：责令改正并进行批评教育，不予罚款。", a.outcome.zh());
            en = format!("{:?}: order correction and educate; no fine.", a.outcome);
        }
        Outcome::TimeBarred => {
            measures.push(Measure::NoPenalty);
            fine = None;
            zh = "违法行为超过追责时效，不再给予行政处罚。".into();
            en = "The act is time-barred: no penalty.".into();
        }
        Outcome::Undetermined => {
            fine = None;
            zh = "案件事实不清，应当继续调查。".into();
            en = "The facts are unclear: investigate further.".into();
        }
        _ => {
            measures.extend([Measure::Fine, Measure::OrderToRectify, Measure::Education]);
            if case
                .item()
                .measures
                .iter()
                .any(|m| m.value == Measure::ConfiscateGains)
            {
                measures.push(Measure::ConfiscateGains);
            }
            steps.extend([Step::NotifyRights, Step::HearDefence]);
            fine = a.fine;
            let large = a
                .fine
                .zip(a.hearing_threshold)
                .is_some_and(|(b, t)| b.max as f64 >= t);
            if large {
                steps.extend([Step::NotifyHearing, Step::LegalReview]);
            }
            let band = a
                .fine
                .map(|b| format!("{}–{}", b.min, b.max))
                .unwrap_or_default();
            zh = format!("依法{}：在 {band} 元内处以罚款，同时责令改正、进行教育，并履行告知、听取申辩{}程序。",
                a.outcome.zh(), if large { "、听证告知和法制审核" } else { "" });
            en = format!("{:?}: a fine within {band} yuan with an order to correct and education, after notice and hearing the defence{}.",
                a.outcome, if large { ", notice of the hearing right and legal review" } else { "" });
        }
    }
    steps.retain(|s| offered.contains(s));
    ModelAnswer {
        measures,
        steps,
        fine,
        explanation: Text {
            zh: Some(zh),
            en: Some(en),
        },
    }
}
