//! Deductions as the trainee reads them: one entry per failure. Some failures are scored in two
//! dimensions (facts left unestablished are both a legality and a procedure defect; a fine
//! outside the statutory range is usually outside the standard's band too); the debrief shows
//! each as one entry with its points added up and every basis, under the dimension of its
//! heaviest deduction. The debrief itself (and so the log) keeps every deduction.

use super::{Deduction, Dimension};

/// What went wrong, once.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure<'a> {
    /// The dimension of the heaviest deduction.
    pub dimension: Dimension,
    pub points: u32,
    pub critical: bool,
    /// The deductions it gathers, heaviest first (its explanation is the first one's).
    pub deductions: Vec<&'a Deduction>,
}

impl Failure<'_> {
    pub fn lead(&self) -> &Deduction {
        self.deductions[0]
    }

    /// The legal bases, each once, in order.
    pub fn bases(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for d in &self.deductions {
            if !out.contains(&d.basis.as_str()) {
                out.push(&d.basis);
            }
        }
        out
    }
}

/// Rules that score one failure: deductions under the same key are one failure.
fn key(rule: &str) -> &str {
    match rule {
        "legality.facts_unclear" | "procedure.facts_not_established" => "facts",
        "legality.fine_outside_statutory_range" | "discretion.fine_outside_band" => "fine-amount",
        "legality.mandatory_fine_omitted" | "discretion.no_fine" => "no-fine",
        "legality.penalty_where_none_lawful" | "flexibility.penalty_where_waiver_preferred" => {
            "undue-penalty"
        }
        "legality.penalty_type_not_provided" | "discretion.penalty_type_too_harsh" => {
            "penalty-type"
        }
        other => other,
    }
}

/// The deductions grouped into failures, in dimension order, heaviest first within each.
pub fn failures(deductions: &[Deduction]) -> Vec<Failure<'_>> {
    let mut groups: Vec<(&str, Vec<&Deduction>)> = Vec::new();
    for d in deductions {
        let k = key(&d.rule);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, v)) => v.push(d),
            None => groups.push((k, vec![d])),
        }
    }
    let mut out: Vec<Failure> = groups
        .into_iter()
        .map(|(_, mut v)| {
            v.sort_by(|a, b| b.points.cmp(&a.points).then(b.critical.cmp(&a.critical)));
            Failure {
                dimension: v[0].dimension,
                points: v.iter().map(|d| d.points).sum(),
                critical: v.iter().any(|d| d.critical),
                deductions: v,
            }
        })
        .collect();
    out.sort_by(|a, b| a.dimension.cmp(&b.dimension).then(b.points.cmp(&a.points)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn ded(rule: &str, dimension: Dimension, points: u32, basis: &str) -> Deduction {
        Deduction {
            rule: rule.into(),
            dimension,
            points,
            critical: rule.starts_with("legality"),
            explanation: Text::new(rule, rule),
            basis: basis.into(),
        }
    }

    #[test]
    fn one_failure_scored_twice_is_one_entry() {
        let ds = [
            ded(
                "procedure.facts_not_established",
                Dimension::Procedure,
                30,
                "APL 40",
            ),
            ded(
                "flexibility.no_education",
                Dimension::Flexibility,
                20,
                "APL 6",
            ),
            ded("legality.facts_unclear", Dimension::Legality, 100, "APL 40"),
            ded(
                "procedure.no_credentials",
                Dimension::Procedure,
                10,
                "APL 55",
            ),
        ];
        let f = failures(&ds);
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].dimension, Dimension::Legality);
        assert_eq!(f[0].points, 130);
        assert!(f[0].critical);
        assert_eq!(f[0].lead().rule, "legality.facts_unclear");
        assert_eq!(f[0].bases(), vec!["APL 40"]);
        assert_eq!(f[1].lead().rule, "procedure.no_credentials");
        assert_eq!(f[2].dimension, Dimension::Flexibility);
    }
}
