//! Seeded draws of case facts and event outcomes, portable across machines.
//!
//! The generator is ChaCha8 (`rand_chacha`), seeded with `seed_from_u64`. On top of its raw
//! 64-bit outputs we use our own documented arithmetic rather than a library's sampling
//! routines, so a session replays identically whatever version of `rand` is linked:
//! - a uniform fraction is `(next_u64 >> 11) / 2^53`, in [0, 1);
//! - an integer in [min, max] is `min + (next_u64 % span)` with rejection of the biased tail;
//! - a weighted choice walks the cumulative weights with one fraction.

use crate::facts::{FactValue, Facts};
use crate::scenario::Dist;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The session's only source of randomness.
#[derive(Debug, Clone)]
pub struct Draws {
    rng: ChaCha8Rng,
}

impl Draws {
    pub fn new(seed: u64) -> Self {
        Draws {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// A fraction in [0, 1).
    pub fn fraction(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in [min, max] (inclusive).
    pub fn int(&mut self, min: i64, max: i64) -> i64 {
        if max <= min {
            return min;
        }
        let span = (max - min) as u64 + 1;
        let zone = u64::MAX - (u64::MAX % span);
        loop {
            let x = self.rng.next_u64();
            if x < zone {
                return min + (x % span) as i64;
            }
        }
    }

    /// The index chosen by relative `weights` (all positive).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut u = self.fraction() * total;
        for (i, w) in weights.iter().enumerate() {
            if u < *w {
                return i;
            }
            u -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// Draw one value from a distribution.
    pub fn value(&mut self, dist: &Dist) -> FactValue {
        match dist {
            Dist::Fixed(v) => v.clone(),
            Dist::Bernoulli(p) => FactValue::Bool(self.fraction() < *p),
            Dist::UniformInt { min, max } => FactValue::Number(self.int(*min, *max) as f64),
            Dist::UniformNumber { min, max, step } => {
                let step = step.unwrap_or(0.01);
                // Draw a whole number of steps so every value is exactly representable in text.
                let steps = ((max - min) / step).floor() as i64;
                let x = min + self.int(0, steps.max(0)) as f64 * step;
                FactValue::Number(round_to(x, step))
            }
            Dist::Choice(options) => {
                let weights: Vec<f64> = options.iter().map(|(_, w)| *w).collect();
                options[self.weighted(&weights)].0.clone()
            }
        }
    }

    /// Draw every fact of a scenario, in key order (so the order of draws is fixed).
    pub fn facts<'a>(&mut self, dists: impl IntoIterator<Item = (&'a String, &'a Dist)>) -> Facts {
        let mut sorted: Vec<(&String, &Dist)> = dists.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        sorted
            .into_iter()
            .map(|(k, d)| (k.clone(), self.value(d)))
            .collect()
    }
}

/// Round `x` to the decimals `step` has, removing binary noise such as 0.30000000000000004.
fn round_to(x: f64, step: f64) -> f64 {
    let decimals = (0..10)
        .find(|d| (step * 10f64.powi(*d)).fract().abs() < 1e-9)
        .unwrap_or(9);
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_reproducible_and_in_range() {
        let mut a = Draws::new(42);
        let mut b = Draws::new(42);
        for _ in 0..1000 {
            let (x, y) = (a.int(-3, 7), b.int(-3, 7));
            assert_eq!(x, y);
            assert!((-3..=7).contains(&x));
        }
        let v = a.value(&Dist::UniformNumber {
            min: 180.0,
            max: 980.0,
            step: Some(0.5),
        });
        let FactValue::Number(x) = v else { panic!() };
        assert!(
            (180.0..=980.0).contains(&x) && (x * 2.0).fract() == 0.0,
            "{x}"
        );
    }

    /// Pins the first draws of seed 1: if this changes, old session logs no longer replay.
    #[test]
    fn the_algorithm_is_pinned() {
        let mut d = Draws::new(1);
        let got: Vec<i64> = (0..5).map(|_| d.int(0, 999)).collect();
        let mut again = Draws::new(1);
        assert_eq!(got, (0..5).map(|_| again.int(0, 999)).collect::<Vec<_>>());
        assert_eq!(
            got, PINNED,
            "the draw algorithm changed; session logs would not replay"
        );
    }

    const PINNED: [i64; 5] = [201, 795, 285, 466, 733];
}
