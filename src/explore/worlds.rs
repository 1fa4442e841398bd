//! The worlds an exhaustive exploration plays in: the case's drawn facts, each split at the
//! thresholds something tests (the standard's conditions, the scenario's conditions, the
//! engine's own limits), so every distinct lawful outcome a draw can give is among them.

use crate::cond::Cond;
use crate::facts::{keys, FactValue, Facts};
use crate::runtime::Case;
use crate::scenario::Dist;
use std::collections::{BTreeMap, BTreeSet};

/// Worlds beyond this many are not explored (the exploration says it is incomplete).
pub const MAX_WORLDS: usize = 4096;

/// The numbers each fact is compared with, by key.
pub fn thresholds(case: &Case) -> BTreeMap<String, BTreeSet<u64>> {
    let mut out: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    let mut add = |k: &str, v: f64| {
        if v.is_finite() {
            out.entry(k.to_string()).or_default().insert(v.to_bits());
        }
    };
    let item = case.item();
    let s = &case.scenario;
    let mut conds: Vec<&Cond> = Vec::new();
    conds.extend(item.fine.iter().map(|f| &f.when));
    conds.extend(item.penalties.iter().map(|p| &p.when));
    conds.extend(item.serious.iter().map(|x| &x.when));
    conds.extend(item.rules().map(|(_, r)| &r.when));
    for sc in &s.scenes {
        conds.extend(sc.choices.iter().filter_map(|c| c.when.as_ref()));
        if let Some(b) = &sc.branch {
            conds.extend(b.value.iter().map(|a| &a.when));
        }
    }
    for c in conds {
        c.walk(&mut |c| match c {
            Cond::Lt(k, v) | Cond::Le(k, v) | Cond::Gt(k, v) | Cond::Ge(k, v) => add(&k.value, *v),
            Cond::Between(k, a, b) => {
                add(&k.value, *a);
                add(&k.value, *b);
            }
            _ => {}
        });
    }
    // The engine's own limits: the ages of APL 30 and the time limits of APL 36.
    for a in [14.0, 18.0] {
        add(keys::AGE, a);
    }
    for y in [2.0, 5.0] {
        add(keys::YEARS_SINCE_ACT, y);
    }
    out
}

/// The values worth trying for one fact: every value of a discrete distribution; for a range,
/// its ends and each threshold inside it with its neighbours one step either side.
fn points(dist: &Dist, cuts: Option<&BTreeSet<u64>>) -> Vec<FactValue> {
    let cuts: Vec<f64> = cuts
        .into_iter()
        .flatten()
        .map(|b| f64::from_bits(*b))
        .collect();
    let numbers = |min: f64, max: f64, step: f64, round: &dyn Fn(f64) -> f64| {
        let mut v = vec![min, max];
        for c in &cuts {
            v.extend([*c - step, *c, *c + step]);
        }
        let mut v: Vec<f64> = v
            .into_iter()
            .map(round)
            .filter(|x| *x >= min && *x <= max)
            .collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        v.into_iter().map(FactValue::Number).collect()
    };
    match dist {
        Dist::Fixed(v) => vec![v.clone()],
        Dist::Bernoulli(p) => [(true, *p > 0.0), (false, *p < 1.0)]
            .into_iter()
            .filter(|(_, possible)| *possible)
            .map(|(b, _)| FactValue::Bool(b))
            .collect(),
        Dist::Choice(options) => options
            .iter()
            .filter(|(_, w)| *w > 0.0)
            .map(|(v, _)| v.clone())
            .collect(),
        Dist::UniformInt { min, max } => {
            numbers(*min as f64, *max as f64, 1.0, &|x: f64| x.floor())
        }
        Dist::UniformNumber { min, max, step } => {
            let step = step.unwrap_or(0.01).max(1e-9);
            numbers(*min, *max, step, &|x: f64| (x / step).round() * step)
        }
    }
}

/// Every world: one point per drawn fact, in every combination (at most `MAX_WORLDS`; the
/// bool says whether that was all of them).
pub fn worlds(case: &Case) -> (Vec<Facts>, bool) {
    let cuts = thresholds(case);
    let s = &case.scenario;
    let axes: Vec<(String, Vec<FactValue>)> = s
        .facts
        .iter()
        .map(|(k, d)| (k.value.clone(), points(&d.value, cuts.get(&k.value))))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let total: f64 = axes.iter().map(|(_, p)| p.len() as f64).product();
    let mut out = Vec::new();
    let mut index = vec![0usize; axes.len()];
    'all: loop {
        if out.len() >= MAX_WORLDS {
            break;
        }
        let mut w = Facts::new();
        for (i, (k, p)) in axes.iter().enumerate() {
            w.insert(k.clone(), p[index[i]].clone());
        }
        out.push(w);
        for i in (0..axes.len()).rev() {
            index[i] += 1;
            if index[i] < axes[i].1.len() {
                continue 'all;
            }
            index[i] = 0;
        }
        break;
    }
    let complete = total <= out.len() as f64;
    (out, complete)
}

/// Whether drawn facts fall on the same side of every threshold as `world` (and equal it on
/// every discrete fact): a session with them has the same lawful outcomes.
pub fn same_region(world: &Facts, drawn: &Facts, cuts: &BTreeMap<String, BTreeSet<u64>>) -> bool {
    world.iter().all(|(k, w)| match (w, drawn.get(k)) {
        (FactValue::Number(a), Some(FactValue::Number(b))) => cuts.get(k).is_none_or(|cs| {
            cs.iter().all(|c| {
                let c = f64::from_bits(*c);
                (a.total_cmp(&c)) == (b.total_cmp(&c))
            })
        }),
        (w, Some(d)) => w == d,
        (_, None) => false,
    })
}
