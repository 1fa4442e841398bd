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

/// One numeric test some condition makes of a fact.
#[derive(Debug, Clone, Copy)]
enum Atom {
    Lt(f64),
    Le(f64),
    Gt(f64),
    Ge(f64),
    Between(f64, f64),
    Eq(f64),
}

impl Atom {
    fn holds(self, x: f64) -> bool {
        match self {
            Atom::Lt(v) => x < v,
            Atom::Le(v) => x <= v,
            Atom::Gt(v) => x > v,
            Atom::Ge(v) => x >= v,
            Atom::Between(a, b) => a <= x && x <= b,
            Atom::Eq(v) => x == v,
        }
    }

    fn cuts(self) -> Vec<f64> {
        match self {
            Atom::Lt(v) | Atom::Le(v) | Atom::Gt(v) | Atom::Ge(v) | Atom::Eq(v) => vec![v],
            Atom::Between(a, b) => vec![a, b],
        }
    }
}

/// Every numeric test of a fact, by key: the standard's conditions, the scenario's conditions,
/// and the engine's own limits (the ages of APL 30 and the time limits of APL 36, taken as both
/// strict and inclusive so either reading is covered).
fn atoms(case: &Case) -> BTreeMap<String, Vec<Atom>> {
    let mut out: BTreeMap<String, Vec<Atom>> = BTreeMap::new();
    let mut add = |k: &str, a: Atom| {
        if a.cuts().iter().all(|v| v.is_finite()) {
            out.entry(k.to_string()).or_default().push(a);
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
            Cond::Lt(k, v) => add(&k.value, Atom::Lt(*v)),
            Cond::Le(k, v) => add(&k.value, Atom::Le(*v)),
            Cond::Gt(k, v) => add(&k.value, Atom::Gt(*v)),
            Cond::Ge(k, v) => add(&k.value, Atom::Ge(*v)),
            Cond::Between(k, a, b) => add(&k.value, Atom::Between(*a, *b)),
            Cond::Eq(k, FactValue::Number(v)) | Cond::Ne(k, FactValue::Number(v)) => {
                add(&k.value, Atom::Eq(*v))
            }
            _ => {}
        });
    }
    for (k, limits) in [
        (keys::AGE, [14.0, 18.0]),
        (keys::YEARS_SINCE_ACT, [2.0, 5.0]),
    ] {
        for v in limits {
            add(k, Atom::Lt(v));
            add(k, Atom::Le(v));
        }
    }
    out
}

/// The numbers each fact is compared with, by key.
pub fn thresholds(case: &Case) -> BTreeMap<String, BTreeSet<u64>> {
    atoms(case)
        .into_iter()
        .map(|(k, atoms)| {
            let cuts = atoms
                .iter()
                .flat_map(|a| a.cuts())
                .map(f64::to_bits)
                .collect();
            (k, cuts)
        })
        .collect()
}

/// The values worth trying for one fact: every value of a discrete distribution; for a range,
/// one value for each way the conditions' tests can come out (tried among its ends and each
/// threshold inside it with its neighbours one step either side).
fn points(dist: &Dist, atoms: &[Atom], exact: bool) -> Vec<FactValue> {
    let cuts: Vec<f64> = atoms.iter().flat_map(|a| a.cuts()).collect();
    // One number for each way the tests come out (every candidate for an amount the engine
    // reads as it is).
    let mut seen = BTreeSet::new();
    let mut first =
        |x: f64| exact || seen.insert(atoms.iter().map(|a| a.holds(x)).collect::<Vec<bool>>());
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
        v
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
            .filter(|(v, _)| match v {
                FactValue::Number(x) => first(*x),
                _ => true,
            })
            .map(|(v, _)| v.clone())
            .collect(),
        Dist::UniformInt { min, max } => {
            let v = numbers(*min as f64, *max as f64, 1.0, &|x: f64| x.floor());
            v.into_iter()
                .filter(|x| first(*x))
                .map(FactValue::Number)
                .collect()
        }
        Dist::UniformNumber { min, max, step } => {
            let step = step.unwrap_or(0.01).max(1e-9);
            let v = numbers(*min, *max, step, &|x: f64| (x / step).round() * step);
            v.into_iter()
                .filter(|x| first(*x))
                .map(FactValue::Number)
                .collect()
        }
    }
}

/// Facts the engine reads as amounts (the value of what is confiscated), not only through
/// conditions: every candidate value of theirs is tried.
const AMOUNTS: [&str; 2] = [keys::ILLEGAL_GAINS, "goods_value"];

/// Every world: one point per drawn fact, in every combination (at most `MAX_WORLDS`; the
/// bool says whether that was all of them).
pub fn worlds(case: &Case) -> (Vec<Facts>, bool) {
    let atoms = atoms(case);
    let s = &case.scenario;
    let axes: Vec<(String, Vec<FactValue>)> = s
        .facts
        .iter()
        .map(|(k, d)| {
            let tests = atoms.get(&k.value).map_or(&[][..], Vec::as_slice);
            let exact = AMOUNTS.contains(&k.value.as_str());
            (k.value.clone(), points(&d.value, tests, exact))
        })
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
