//! The case graph: scenes and endings as nodes, every `goto` as an edge.
//!
//! Used to find scenes that cannot be reached from the start, and scenes from which no ending
//! can be reached (dead ends and closed cycles).

use super::Scenario;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

pub struct Graph<'a> {
    pub start: &'a str,
    /// Scene id → ids it can lead to (scenes or endings).
    pub edges: BTreeMap<&'a str, Vec<&'a str>>,
    pub endings: BTreeSet<&'a str>,
}

impl<'a> Graph<'a> {
    pub fn of(s: &'a Scenario) -> Self {
        let edges = s
            .scenes
            .iter()
            .map(|sc| {
                (
                    sc.id.value.as_str(),
                    sc.exits().into_iter().map(|k| k.value.as_str()).collect(),
                )
            })
            .collect();
        Graph {
            start: &s.start.value,
            edges,
            endings: s.endings.iter().map(|e| e.id.value.as_str()).collect(),
        }
    }

    /// Every node reachable from the start (including endings).
    pub fn reachable(&self) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([self.start]);
        while let Some(n) = queue.pop_front() {
            if !seen.insert(n) {
                continue;
            }
            for &m in self.edges.get(n).into_iter().flatten() {
                queue.push_back(m);
            }
        }
        seen
    }

    /// Scenes from which some ending can be reached.
    pub fn can_finish(&self) -> BTreeSet<&'a str> {
        let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (&from, tos) in &self.edges {
            for &to in tos {
                reverse.entry(to).or_default().push(from);
            }
        }
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut queue: VecDeque<&str> = self.endings.iter().copied().collect();
        while let Some(n) = queue.pop_front() {
            if !seen.insert(n) {
                continue;
            }
            for &m in reverse.get(n).into_iter().flatten() {
                queue.push_back(m);
            }
        }
        seen
    }
}
