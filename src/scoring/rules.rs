//! Session rules around the judgement of each decision: fact-finding (事实不清), credentials,
//! the ending's effects, and the model answer for the lawful outcome.

use super::judge::{self, ded, Decision};
use super::{effect_points, Deduction, Dimension, ModelAnswer};
use crate::discretion::{Assessment, Band, Outcome};
use crate::measures::{Measure, Step};
use crate::runtime::{Case, DecisionRecord};
use crate::scenario::{Action, Effects};
use crate::text::Text;
use std::collections::BTreeSet;

const APL40: &str = "行政处罚法 第四十条（违法事实不清、证据不足的，不得给予行政处罚）";
const APL55: &str = "行政处罚法 第五十五条（出示执法证件）";
const EFFECTS: &str = "三个效果统一（培训惯例 training convention）";

/// Whether the scenario lets the trainee show credentials (then not doing so is a deduction).
fn offers_credentials(case: &Case) -> bool {
    let s = &case.scenario;
    s.choices()
        .any(|c| c.action.value == Action::Step(Step::ShowCredentials))
        || s.scenes.iter().any(|sc| {
            sc.decision
                .as_ref()
                .is_some_and(|d| d.steps.iter().any(|x| x.value == Step::ShowCredentials))
        })
}

/// The decision as the judge sees it: the form, plus what was done in play by then.
pub fn as_decision(
    d: &DecisionRecord,
    new: &BTreeSet<Measure>,
    earlier: &BTreeSet<Measure>,
    _previous: &[DecisionRecord],
) -> Decision {
    Decision {
        measures: d.input.measures.iter().chain(new).copied().collect(),
        steps: d.steps.clone(),
        fine: d.input.fine,
        confiscated_value: None,
        deadline: d.input.deadline,
        earlier: earlier.clone(),
        acts: d.acts.clone(),
    }
}

/// The standard's judgement of one decision in a session (`judge` without fact-finding and
/// credentials). It does not read what the trainee knew: the verdict a story can test
/// (`Decided`) rests on it alone, and the explorer relies on that.
pub fn standard_judgement(
    case: &Case,
    d: &DecisionRecord,
    new: &BTreeSet<Measure>,
    earlier: &BTreeSet<Measure>,
    previous: &[DecisionRecord],
) -> Vec<Deduction> {
    let decision = as_decision(d, new, earlier, previous);
    judge::judge(
        &case.standard,
        case.item(),
        &d.facts,
        &d.assessment,
        &decision,
    )
}

/// Judge one decision in a session: the shared judgement plus fact-finding and credentials.
/// `new` are measures taken by choices since the previous decision, `earlier` those before;
/// `previous` are the session's earlier decisions.
pub fn judge(
    case: &Case,
    d: &DecisionRecord,
    new: &BTreeSet<Measure>,
    earlier: &BTreeSet<Measure>,
    previous: &[DecisionRecord],
) -> Vec<Deduction> {
    let mut out = standard_judgement(case, d, new, earlier, previous);
    if offers_credentials(case) && !d.steps.contains(&Step::ShowCredentials) {
        out.push(ded(
            "procedure.no_credentials",
            Dimension::Procedure,
            10,
            "检查时未出示执法证件。".into(),
            "Credentials were not shown during the inspection.".into(),
            APL55,
        ));
    }
    if d.assessment.outcome == Outcome::Undetermined {
        return out;
    }
    // Fact-finding (事实不清): deciding before the facts the outcome read were established.
    let investigable = investigable(case);
    let unknown: Vec<&String> = d
        .assessment
        .depends_on
        .iter()
        .filter(|k| investigable.contains(k.as_str()) && !d.known.contains(*k))
        .collect();
    if !unknown.is_empty() {
        let facts = case.item().all_facts();
        let label = |k: &str, zh: bool| {
            facts
                .iter()
                .find(|f| f.key == k)
                .and_then(|f| {
                    if zh {
                        f.label.zh.clone()
                    } else {
                        f.label.en.clone()
                    }
                })
                .unwrap_or_else(|| k.to_string())
        };
        let zh: Vec<String> = unknown.iter().map(|k| label(k, true)).collect();
        let en: Vec<String> = unknown.iter().map(|k| label(k, false)).collect();
        out.push(ded(
            "procedure.facts_not_established",
            Dimension::Procedure,
            (15 * unknown.len() as u32).min(45),
            format!("作出决定前未查清：{}。即使结论碰巧正确，也属于事实不清。", zh.join("、")),
            format!("Decided before establishing: {}. Even a right answer on unestablished facts is a fact-finding defect.", en.join(", ")),
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

/// The effects deduction for an expected loss of `lost` points (三个效果); `weighed` when chance
/// after the last input could have led to other endings than `e`.
pub fn effects(e: &Effects, lost: u32, weighed: bool) -> Vec<Deduction> {
    if lost == 0 {
        return Vec::new();
    }
    let (wz, we) = if weighed {
        (
            "最后一步之后的发展取决于偶然因素，按各种可能结局的概率加权计分。",
            " What followed your last step was chance, so every ending it could lead to counts by its probability.",
        )
    } else {
        ("", "")
    };
    vec![ded(
        "effects.ending",
        Dimension::Effects,
        lost,
        format!(
            "本次结局效果：法律效果{}、社会效果{}、政治效果{}。{wz}",
            effect_zh(e.legal),
            effect_zh(e.social),
            effect_zh(e.political)
        ),
        format!(
            "This ending's effects: legal {}, social {}, political {}.{we}",
            effect_en(e.legal),
            effect_en(e.social),
            effect_en(e.political)
        ),
        EFFECTS,
    )]
}

/// Points an ending's effects cost: the mean over legal, social and political.
pub fn effect_loss(e: &Effects) -> f64 {
    f64::from(effect_points(e.legal) + effect_points(e.social) + effect_points(e.political)) / 3.0
}

fn effect_zh(e: crate::scenario::Effect) -> &'static str {
    match e {
        crate::scenario::Effect::Good => "良好",
        crate::scenario::Effect::Mixed => "一般",
        crate::scenario::Effect::Poor => "较差",
    }
}

fn effect_en(e: crate::scenario::Effect) -> &'static str {
    match e {
        crate::scenario::Effect::Good => "good",
        crate::scenario::Effect::Mixed => "mixed",
        crate::scenario::Effect::Poor => "poor",
    }
}

/// The model answer for the lawful outcome on these facts.
pub fn model_answer(case: &Case, a: &Assessment, facts: &crate::facts::Facts) -> ModelAnswer {
    let item = case.item();
    let mut measures = Vec::new();
    let mut steps = Vec::new();
    let mut fine: Option<Band> = None;
    let (zh, en);
    let goods = |measures: &mut Vec<Measure>| {
        if item.goods_disposal.is_some() {
            let exempt = judge::confiscation_exempt(item, facts, a);
            measures.push(if exempt {
                Measure::ConfiscateProperty
            } else {
                Measure::SupervisedDestruction
            });
        }
    };
    match a.outcome {
        Outcome::NoPenalty | Outcome::MayWaive => {
            measures.extend([
                Measure::NoPenalty,
                Measure::Education,
                Measure::OrderToRectify,
            ]);
            if a.grounds.iter().any(|g| g.rule == "apl30.under_14") {
                measures.push(Measure::OrderGuardianDiscipline);
            }
            goods(&mut measures);
            let (mz, me) = extra(&measures[3..]);
            zh = format!(
                "依法{}：责令改正并进行批评教育{mz}，不予罚款。",
                a.outcome.zh()
            );
            en = format!(
                "{}: order correction and educate{me}; no fine.",
                capitalise(a.outcome.en())
            );
        }
        Outcome::TimeBarred => {
            measures.extend([Measure::NoPenalty, Measure::Education]);
            goods(&mut measures);
            let (mz, me) = extra(&measures[2..]);
            zh = format!("违法行为超过追责时效，不再给予行政处罚，但应当进行教育{mz}。");
            en = format!("The act is time-barred: no penalty, but educate the party{me}.");
        }
        Outcome::Undetermined => {
            zh = "案件事实不清，应当继续调查。".into();
            en = "The facts are unclear: investigate further.".into();
        }
        _ => {
            let facts = crate::discretion::with_serious(facts, a);
            match a.fine {
                Some(b) if b.max > 0 => {
                    measures.push(Measure::Fine);
                    fine = Some(b);
                }
                _ if a.mitigation_permitted => measures.push(Measure::Warning),
                _ => {}
            }
            for p in item.penalties.iter().filter(|p| p.mandatory) {
                let m = p.measure.value;
                if !measures.contains(&m)
                    && crate::discretion::holds(item, &facts, &p.when) == crate::cond::Tri::True
                {
                    measures.push(m);
                }
            }
            measures.extend([Measure::OrderToRectify, Measure::Education]);
            steps.extend([Step::NotifyRights, Step::HearDefence]);
            let probe = Decision {
                measures: measures.iter().copied().collect(),
                fine: fine.map(model_fine),
                ..Default::default()
            };
            let heavy = judge::judge(&case.standard, item, &facts, a, &probe)
                .iter()
                .any(|d| d.rule == "legality.no_hearing_notice");
            if heavy {
                steps.extend([Step::NotifyHearing, Step::LegalReview]);
            }
            let (mz, me): (Vec<&str>, Vec<&str>) = measures
                .iter()
                .filter(|m| m.is_penalty())
                .map(|m| (m.zh(), m.en()))
                .unzip();
            let band = fine
                .map(|b| format!("{}–{}", b.min, b.max))
                .unwrap_or_default();
            let fine_zh = if fine.is_some() {
                format!("（罚款在 {band} 元内）")
            } else {
                String::new()
            };
            let fine_en = if fine.is_some() {
                format!(" (a fine within {band} yuan)")
            } else {
                String::new()
            };
            zh = format!(
                "依法{}：{}{fine_zh}，同时责令改正、进行教育，并履行告知、听取陈述申辩{}程序。",
                a.outcome.zh(),
                mz.join("、"),
                if heavy {
                    "、听证告知和法制审核"
                } else {
                    ""
                }
            );
            en = format!(
                "{}: {}{fine_en}, with an order to correct and education, after notice and hearing the defence{}.",
                capitalise(a.outcome.en()),
                me.join(", "),
                if heavy { ", notice of the hearing right and legal review" } else { "" }
            );
        }
    }
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

/// The fine the model officer proposes: the middle of the band, in whole yuan.
pub fn model_fine(b: Band) -> f64 {
    ((b.min + b.max) as f64 / 2.0).round()
}

/// ", 监督销毁" for the measures a no-penalty model answer adds.
fn extra(ms: &[Measure]) -> (String, String) {
    if ms.is_empty() {
        return (String::new(), String::new());
    }
    (
        format!(
            "，并{}",
            ms.iter().map(|m| m.zh()).collect::<Vec<_>>().join("、")
        ),
        format!(
            ", with {}",
            ms.iter().map(|m| m.en()).collect::<Vec<_>>().join(", ")
        ),
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
