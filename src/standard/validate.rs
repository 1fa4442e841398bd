//! Static checks of one discretion standard file.

use super::{FineRange, Item, Scheme, Standard, SERIOUS_KEY};
use crate::content::checks::{check_cond, FactTable, Sink};
use crate::content::codes;
use crate::facts::common_facts;

pub fn validate(std: &Standard, sink: &mut Sink) {
    sink.text(&std.name, "the standard's name");
    sink.basis(&std.hearing.basis, "the hearing thresholds");
    let b = &std.hearing.basis.value;
    if !(std.hearing.verified || b.contains("未核实") || b.to_lowercase().contains("unverified"))
    {
        sink.warning(
            codes::UNVERIFIED_NOT_MARKED,
            std.hearing.basis.span,
            "the hearing thresholds are not marked verified, but their basis does not say so",
            "add \"（未核实 unverified）\" to the basis, or `verified: true` once checked against the published text",
        );
    }
    if std.hearing.individual <= 0.0 || std.hearing.organization <= 0.0 {
        sink.error(
            codes::BAD_RANGE,
            std.hearing.basis.span,
            "hearing thresholds must be positive amounts in yuan",
            "e.g. `Hearing(individual: 10000, organization: 100000, basis: \"…\")`",
        );
    }
    sink.unique(std.items.iter().map(|i| &i.id), "item");
    let common: FactTable = common_facts().into_iter().map(|d| (d.key, d.ty)).collect();
    for item in &std.items {
        let what = format!("item `{}`", item.id.value);
        sink.text(&item.name, &format!("the name of {what}"));
        if item.basis.value.iter().all(|b| b.trim().is_empty()) {
            sink.error(
                codes::MISSING_BASIS,
                item.basis.span,
                format!("{what} cites no statute"),
                "list the prohibiting and the penalty provisions, e.g. [\"食品安全法 第三十四条\", \"食品安全法 第一百二十四条\"]",
            );
        }
        let mut facts = common.clone();
        crate::content::checks::declare_facts(
            sink,
            &mut facts,
            &item.facts,
            (
                "is declared twice (or repeats a common fact)",
                "common facts (party, harm, corrected, first_violation, …) are declared by the engine; remove this one",
            ),
        );
        if item.fine.is_empty() {
            sink.error(
                codes::MISSING_FIELD,
                item.id.span,
                format!("{what} has no statutory fine range"),
                "add `fine: [Fine(range: Range(min: .., max: ..), basis: \"…\")]`",
            );
        }
        for (i, f) in item.fine.iter().enumerate() {
            sink.basis(&f.basis, "a fine range");
            check_cond(sink, &f.when, &facts, None);
            let (lo, hi) = match &f.range.value {
                FineRange::Range { min, max } => (*min, *max),
                FineRange::UpTo(max) => (0.0, *max),
                FineRange::Multiple { of, min, max } => {
                    match facts.get(&of.value) {
                        None => crate::content::checks::unknown_fact(sink, of, &facts),
                        Some(t) if !t.is_numeric() => sink.error(
                            codes::FACT_TYPE_MISMATCH,
                            of.span,
                            format!(
                                "fines are multiples of a number, but `{}` is {}",
                                of.value,
                                t.describe()
                            ),
                            "name a numeric fact such as `goods_value`",
                        ),
                        _ => {}
                    }
                    (*min, *max)
                }
            };
            if !(lo >= 0.0 && lo <= hi && hi.is_finite()) {
                sink.error(
                    codes::BAD_RANGE,
                    f.range.span,
                    format!("fine range [{lo}, {hi}] is not a valid range"),
                    "min and max must be ≥ 0 with min ≤ max",
                );
            }
            let last = i + 1 == item.fine.len();
            if last && f.when != crate::cond::Cond::Always {
                sink.warning(
                    codes::FINE_NOT_EXHAUSTIVE,
                    f.range.span,
                    format!("the last fine range of {what} has a condition, so some cases may have no range"),
                    "leave out `when` on the last `Fine` so it applies otherwise",
                );
            }
        }
        if let Some(s) = &item.scheme {
            match &s.value {
                Scheme::Tiers {
                    lighter,
                    heavier,
                    basis,
                } => {
                    if !(0.0 <= *lighter && lighter <= heavier && *heavier <= 1.0) {
                        sink.error(
                            codes::BAD_RANGE,
                            s.span,
                            format!("tier fractions lighter {lighter} and heavier {heavier} must satisfy 0 ≤ lighter ≤ heavier ≤ 1"),
                            "the default is `Tiers(lighter: 0.3, heavier: 0.7, basis: \"…\")`",
                        );
                    }
                    if basis.trim().is_empty() {
                        sink.error(
                            codes::MISSING_BASIS,
                            s.span,
                            "the band scheme has an empty basis",
                            "cite its source or write \"training convention\"",
                        );
                    }
                }
                Scheme::Midpoint { basis } => {
                    if basis.trim().is_empty() {
                        sink.error(
                            codes::MISSING_BASIS,
                            s.span,
                            "the band scheme has an empty basis",
                            "cite its source, e.g. \"粤环发〔2021〕7号 第十二条\"",
                        );
                    }
                }
            }
        }
        sink.unique(item.rules().map(|(_, r)| &r.id), "rule");
        for (list, rule) in item.rules() {
            sink.basis(&rule.basis, &format!("{list} rule `{}`", rule.id.value));
            check_cond(sink, &rule.when, &facts, None);
            if rule.binding.is_some() && list != "no_coercion" {
                sink.error(
                    codes::BAD_VALUE,
                    rule.id.span,
                    format!("`binding` applies to no-coercion rules only, not to {list} rule `{}`", rule.id.value),
                    "remove `binding`; the lists of the outcome (no_penalty, may_waive, mitigation) always apply",
                );
            }
        }
        version_2(sink, item, &what, facts);
    }
}

/// The fields format version 2 added: parties, penalty types, serious circumstances, the
/// confiscation exemption and the duty to dispose of non-compliant goods.
fn version_2(sink: &mut Sink, item: &Item, what: &str, mut facts: FactTable) {
    if let Some(p) = &item.parties {
        if p.value.is_empty() {
            sink.error(
                codes::BAD_VALUE,
                p.span,
                format!("{what} applies to no party"),
                "list `Organization`, `Individual` or both, or leave `parties` out for both",
            );
        }
    }
    if let Some(s) = &item.serious {
        sink.basis(&s.basis, &format!("the serious circumstances of {what}"));
        check_cond(sink, &s.when, &facts, None);
        facts
            .entry(SERIOUS_KEY.into())
            .or_insert(crate::facts::FactType::Bool);
    }
    for p in &item.penalties {
        let m = p.measure.value;
        sink.basis(&p.basis, &format!("penalty type `{m:?}` of {what}"));
        check_cond(sink, &p.when, &facts, None);
        if m == crate::measures::Measure::Fine {
            sink.error(
                codes::NOT_A_PENALTY_TYPE,
                p.measure.span,
                "the fine is declared by `fine` and `fine_duty`, not in `penalties`",
                "remove this entry; list only the other penalty types (confiscation, revocation, …)",
            );
        } else if !m.is_penalty() {
            sink.error(
                codes::NOT_A_PENALTY_TYPE,
                p.measure.span,
                format!("`{m:?}` ({}) is not an administrative penalty", m.zh()),
                "`penalties` lists penalty types (APL 9): Warning, ConfiscateGains, ConfiscateProperty, SuspendLicence, RevokeLicence, SuspendBusiness, LimitProduction, Closure, …",
            );
        }
        if p.mandatory && p.instead_of_fine {
            sink.error(
                codes::CONTRADICTORY_FLAGS,
                p.measure.span,
                format!("penalty type `{m:?}` cannot be both mandatory and an alternative to the fine"),
                "`mandatory: true` means 并处 (always with the fine); `instead_of_fine: true` means 警告或者罚款",
            );
        }
    }
    if let Some(b) = &item.no_fault_replaced_by {
        sink.basis(b, &format!("the special no-fault rule of {what}"));
    }
    if let Some(b) = &item.goods_disposal {
        sink.basis(b, &format!("the goods-disposal duty of {what}"));
    }
    if let Some(r) = &item.confiscation_exempt_under {
        let lenient: Vec<&String> = item
            .no_penalty
            .iter()
            .chain(&item.may_waive)
            .map(|x| &x.id.value)
            .collect();
        if !lenient.contains(&&r.value) {
            sink.error(
                codes::UNKNOWN_RULE,
                r.span,
                format!(
                    "`{}` is not a no-penalty or may-waive rule of {what}",
                    r.value
                ),
                crate::suggest::did_you_mean(&r.value, lenient.iter().map(|s| s.as_str()))
                    .unwrap_or_else(|| {
                        "name the rule under which the goods are confiscated without a penalty"
                            .into()
                    }),
            );
        }
    }
}
