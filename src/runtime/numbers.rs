//! Stable choice numbers: within a scene, a choice keeps the number it was first shown with for
//! the whole session, and a number once given is never given to another choice of that scene.
//! So the same key never picks two different things, and a choice that is gone says so.

use super::view::{ChoiceView, Prompt};
use std::collections::HashMap;

/// The decision form's entry among a scene's numbered offers (no choice id can look like this).
const DECIDE: &str = "<decide>";

/// What a number stands for at a prompt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Offer<'a> {
    Choice(&'a ChoiceView),
    Decide,
}

/// What a number typed at a prompt picks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Picked<'a> {
    Offer(Offer<'a>),
    /// A number this scene gave to something no longer offered.
    Gone,
    /// A number this scene never gave.
    Unknown,
}

/// The numbers given so far, scene by scene.
#[derive(Debug, Clone, Default)]
pub struct Numbers {
    by_scene: HashMap<String, Vec<String>>,
}

impl Numbers {
    /// The prompt's offers with their numbers, in number order; offers new to the scene get the
    /// next numbers, in the prompt's order (the decision form last).
    pub fn assign<'a>(&mut self, p: &'a Prompt) -> Vec<(usize, Offer<'a>)> {
        let given = self.by_scene.entry(p.scene.clone()).or_default();
        let mut offers: Vec<(&str, Offer<'a>)> = p
            .choices
            .iter()
            .map(|c| (c.id.as_str(), Offer::Choice(c)))
            .collect();
        if p.decision.is_some() {
            offers.push((DECIDE, Offer::Decide));
        }
        let mut out: Vec<(usize, Offer<'a>)> = offers
            .into_iter()
            .map(|(key, offer)| {
                let n = match given.iter().position(|g| g == key) {
                    Some(i) => i + 1,
                    None => {
                        given.push(key.to_string());
                        given.len()
                    }
                };
                (n, offer)
            })
            .collect();
        out.sort_by_key(|(n, _)| *n);
        out
    }

    /// What `n` picks at this prompt (after `assign` showed it).
    pub fn pick<'a>(&self, p: &'a Prompt, n: usize) -> Picked<'a> {
        let Some(key) = self
            .by_scene
            .get(&p.scene)
            .and_then(|g| g.get(n.wrapping_sub(1)))
        else {
            return Picked::Unknown;
        };
        if key == DECIDE {
            return if p.decision.is_some() {
                Picked::Offer(Offer::Decide)
            } else {
                Picked::Gone
            };
        }
        match p.choices.iter().find(|c| c.id == *key) {
            Some(c) => Picked::Offer(Offer::Choice(c)),
            None => Picked::Gone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Action;
    use crate::text::Text;

    fn prompt(scene: &str, ids: &[&str]) -> Prompt {
        Prompt {
            scene: scene.into(),
            choices: ids
                .iter()
                .map(|id| ChoiceView {
                    id: id.to_string(),
                    label: Text::default(),
                    action: Action::Investigate,
                })
                .collect(),
            decision: None,
        }
    }

    fn ids(v: &[(usize, Offer)]) -> Vec<(usize, String)> {
        v.iter()
            .map(|(n, o)| {
                let id = match o {
                    Offer::Choice(c) => c.id.clone(),
                    Offer::Decide => "decide".into(),
                };
                (*n, id)
            })
            .collect()
    }

    #[test]
    fn a_choice_keeps_its_number_and_a_taken_one_is_not_reused() {
        let mut n = Numbers::default();
        let p = prompt("hub", &["a", "b", "c"]);
        assert_eq!(
            ids(&n.assign(&p)),
            vec![(1, "a".into()), (2, "b".into()), (3, "c".into())]
        );
        // `b` taken, `d` newly offered: `c` stays 3, `d` gets 4, 2 is gone.
        let p = prompt("hub", &["a", "c", "d"]);
        assert_eq!(
            ids(&n.assign(&p)),
            vec![(1, "a".into()), (3, "c".into()), (4, "d".into())]
        );
        assert_eq!(n.pick(&p, 2), Picked::Gone);
        assert_eq!(n.pick(&p, 9), Picked::Unknown);
        assert_eq!(n.pick(&p, 0), Picked::Unknown);
        assert!(matches!(n.pick(&p, 3), Picked::Offer(Offer::Choice(c)) if c.id == "c"));
        // Another scene numbers from 1; back in the hub, the old numbers hold.
        let q = prompt("office", &["x"]);
        assert_eq!(ids(&n.assign(&q)), vec![(1, "x".into())]);
        assert_eq!(ids(&n.assign(&p))[2], (4, "d".into()));
    }

    #[test]
    fn twelve_choices_are_numbered_and_the_form_keeps_its_number() {
        let mut n = Numbers::default();
        let names: Vec<String> = (1..=12).map(|i| format!("c{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut p = prompt("s", &refs);
        p.decision = Some(crate::runtime::view::FormView {
            measures: vec![],
            steps: vec![],
            fine: false,
            deadline: false,
            statutory: None,
        });
        let v = n.assign(&p);
        assert_eq!(v.len(), 13);
        assert_eq!(v[11].0, 12);
        assert_eq!(v[12], (13, Offer::Decide));
        assert_eq!(n.pick(&p, 13), Picked::Offer(Offer::Decide));
        p.choices.remove(0);
        let v = n.assign(&p);
        assert_eq!(v.last().unwrap(), &(13, Offer::Decide));
    }
}
