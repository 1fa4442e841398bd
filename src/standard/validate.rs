//! Static checks of one discretion standard file.

use super::{FineRange, Scheme, Standard};
use crate::content::checks::{check_cond, FactTable, Sink};
use crate::content::codes;
use crate::facts::common_facts;

pub fn validate(std: &Standard, sink: &mut Sink) {
    sink.text(&std.name, "the standard's name");
    sink.basis(&std.hearing.basis, "the hearing thresholds");
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
        }
    }
}
