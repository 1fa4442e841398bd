//! W0107: a case whose lawful outcome cannot be determined in some draw of its facts — a fact
//! the item needs is never drawn nor set (the untouched `cailiang new` template had this). The
//! draws tried are the explorer's worlds (`explore::worlds`), facts split at every threshold.

use super::checks::Sink;
use super::codes;
use crate::discretion::Outcome;
use crate::scenario::Scenario;
use crate::standard::Standard;
use std::collections::BTreeSet;

/// Worlds assessed per scenario (each is one `assess`).
const MAX_WORLDS_CHECKED: usize = 512;

pub fn check_determined(sink: &mut Sink, s: &Scenario, standards: &[Standard]) {
    let Ok(case) = crate::runtime::Case::new(s.clone(), standards) else {
        return;
    };
    // Facts a choice, scene or event may set during play are there by the time of a decision.
    let mut settable: BTreeSet<&str> = BTreeSet::new();
    for sc in &s.scenes {
        settable.extend(sc.set.keys().map(|k| k.value.as_str()));
        for c in &sc.choices {
            settable.extend(c.set.keys().map(|k| k.value.as_str()));
        }
        for o in sc.event.iter().flat_map(|e| e.value.iter()) {
            settable.extend(o.set.keys().map(|k| k.value.as_str()));
        }
    }
    let (worlds, _) = crate::explore::worlds::worlds(&case);
    for mut w in worlds.into_iter().take(MAX_WORLDS_CHECKED) {
        w.entry(crate::facts::keys::PARTY.into())
            .or_insert_with(|| crate::facts::FactValue::Text(s.party.kind.fact_value().into()));
        let a = crate::discretion::assess(&case.standard, case.item(), &w);
        if a.outcome != Outcome::Undetermined {
            continue;
        }
        let missing: Vec<String> = a
            .missing
            .iter()
            .filter(|k| !settable.contains(k.as_str()))
            .map(|k| format!("`{k}`"))
            .collect();
        if missing.is_empty() {
            continue;
        }
        sink.warning(
            codes::UNDETERMINED_OUTCOME,
            s.violation.span,
            format!(
                "the lawful outcome of item `{}` cannot be determined: the case never has {}",
                s.violation.value,
                missing.join(", ")
            ),
            "add them to `facts` (fixed or drawn) and let an evidence establish them; `cailiang assess --violation ITEM --list-facts` lists what the item reads",
        );
        return;
    }
}
