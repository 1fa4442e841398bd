//! The case graph for authors (`cailiang graph`): scenes and endings as nodes, every way from
//! one to another as a labelled edge (a choice, the decision, an event outcome with its chance, a
//! branch arm, a plain goto), with coverage: what the embedded tests play and what the
//! exhaustive exploration reaches. Written as Graphviz dot, JSON or a self-contained SVG (laid
//! out here in layers, so no Graphviz is needed).

use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// An embedded test plays it.
    Tested,
    /// The exploration reaches it, no test does.
    Explored,
    /// Nothing reaches it.
    Unreached,
}

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    pub ending: bool,
    pub start: bool,
    /// The scene's text (Chinese), cut for a label.
    pub text: String,
    pub reach: Reach,
}

#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// `choice`, `decision`, `event`, `branch` or `goto`.
    pub kind: &'static str,
    /// The choice's id, the event outcome's chance, …
    pub label: String,
    pub reach: Reach,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseGraph {
    pub case: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// What is covered: scenes and choices the tests play, and those the exploration reaches.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub tested_scenes: BTreeSet<String>,
    pub tested_choices: BTreeSet<String>,
    pub explored_scenes: BTreeSet<String>,
    pub explored_choices: BTreeSet<String>,
}

impl Coverage {
    fn of(&self, scene: &str) -> Reach {
        if self.tested_scenes.contains(scene) {
            Reach::Tested
        } else if self.explored_scenes.contains(scene) {
            Reach::Explored
        } else {
            Reach::Unreached
        }
    }
}

fn cut(s: &str, n: usize) -> String {
    let t: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        format!("{t}…")
    } else {
        t
    }
}

pub fn build(s: &Scenario, cov: &Coverage) -> CaseGraph {
    let mut nodes: Vec<Node> = s
        .scenes
        .iter()
        .map(|sc| Node {
            id: sc.id.value.clone(),
            ending: false,
            start: sc.id.value == s.start.value,
            text: cut(sc.text.value.get(crate::text::Lang::Zh), 24),
            reach: cov.of(&sc.id.value),
        })
        .collect();
    nodes.extend(s.endings.iter().map(|e| Node {
        id: e.id.value.clone(),
        ending: true,
        start: false,
        text: cut(e.text.value.get(crate::text::Lang::Zh), 24),
        reach: cov.of(&e.id.value),
    }));
    let mut edges = Vec::new();
    for sc in &s.scenes {
        let from = &sc.id.value;
        let both = |to: &str| match (cov.of(from), cov.of(to)) {
            (Reach::Tested, Reach::Tested) => Reach::Tested,
            (Reach::Unreached, _) | (_, Reach::Unreached) => Reach::Unreached,
            _ => Reach::Explored,
        };
        for c in &sc.choices {
            let Some(to) = &c.goto else { continue };
            let reach = if cov.tested_choices.contains(&c.id.value) {
                Reach::Tested
            } else if cov.explored_choices.contains(&c.id.value) {
                Reach::Explored
            } else {
                Reach::Unreached
            };
            edges.push(Edge {
                from: from.clone(),
                to: to.value.clone(),
                kind: "choice",
                label: c.id.value.clone(),
                reach,
            });
        }
        if let Some(d) = &sc.decision {
            edges.push(Edge {
                from: from.clone(),
                to: d.goto.value.clone(),
                kind: "decision",
                label: "决定".into(),
                reach: both(&d.goto.value),
            });
        }
        for o in sc.event.iter().flat_map(|e| e.value.iter()) {
            edges.push(Edge {
                from: from.clone(),
                to: o.goto.value.clone(),
                kind: "event",
                label: format!("p={}", o.p.value),
                reach: both(&o.goto.value),
            });
        }
        for a in sc.branch.iter().flat_map(|b| b.value.iter()) {
            edges.push(Edge {
                from: from.clone(),
                to: a.goto.value.clone(),
                kind: "branch",
                label: "if".into(),
                reach: both(&a.goto.value),
            });
        }
        if let Some(g) = &sc.goto {
            edges.push(Edge {
                from: from.clone(),
                to: g.value.clone(),
                kind: "goto",
                label: String::new(),
                reach: both(&g.value),
            });
        }
    }
    CaseGraph {
        case: s.id.value.clone(),
        nodes,
        edges,
    }
}

/// Node id → top left of its box in the drawing.
pub type Positions<'a> = BTreeMap<&'a str, (f64, f64)>;

/// A node's size in the drawing.
pub const NODE_W: f64 = 200.0;
pub const NODE_H: f64 = 54.0;

/// The colour of a coverage class (tested green, explored blue, unreached red), as `#rrggbb`.
pub fn colour(r: Reach) -> &'static str {
    match r {
        Reach::Tested => "#2e7d32",
        Reach::Explored => "#1565c0",
        Reach::Unreached => "#c62828",
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl CaseGraph {
    pub fn dot(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "digraph {:?} {{\n  rankdir=LR;\n  node [fontname=\"WenQuanYi Micro Hei\"];",
            self.case
        );
        for n in &self.nodes {
            let shape = if n.ending { "doubleoctagon" } else { "box" };
            let _ = writeln!(
                o,
                "  {:?} [shape={shape}, color={:?}, penwidth={}, label={:?}];",
                n.id,
                colour(n.reach),
                if n.start { 3 } else { 1 },
                format!("{}\n{}", n.id, n.text)
            );
        }
        for e in &self.edges {
            let style = if e.reach == Reach::Unreached {
                "dashed"
            } else {
                "solid"
            };
            let _ = writeln!(
                o,
                "  {:?} -> {:?} [label={:?}, color={:?}, style={style}];",
                e.from,
                e.to,
                e.label,
                colour(e.reach)
            );
        }
        o.push_str("}\n");
        o
    }

    /// Layers by distance from the start (unreachable nodes in a last layer).
    fn layers(&self) -> BTreeMap<String, usize> {
        let start = self.nodes.iter().find(|n| n.start).map(|n| n.id.clone());
        let mut depth: BTreeMap<String, usize> = BTreeMap::new();
        let mut queue: VecDeque<String> = start.into_iter().collect();
        if let Some(s) = queue.front() {
            depth.insert(s.clone(), 0);
        }
        while let Some(n) = queue.pop_front() {
            let d = depth[&n];
            for e in self.edges.iter().filter(|e| e.from == n) {
                if !depth.contains_key(&e.to) {
                    depth.insert(e.to.clone(), d + 1);
                    queue.push_back(e.to.clone());
                }
            }
        }
        let last = depth.values().max().map_or(0, |m| m + 1);
        for n in &self.nodes {
            depth.entry(n.id.clone()).or_insert(last);
        }
        depth
    }

    /// Where each node goes (top left, in points, for nodes of `NODE_W` × `NODE_H`), and the
    /// size of the whole drawing: layers by distance from the start, left to right.
    pub fn positions(&self) -> (Positions<'_>, (f64, f64)) {
        let (w, h, gap_x, gap_y) = (NODE_W, NODE_H, 80.0, 24.0);
        let layers = self.layers();
        let mut rows: BTreeMap<usize, usize> = BTreeMap::new();
        let mut at: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
        for n in &self.nodes {
            let l = layers[&n.id];
            let r = rows.entry(l).or_insert(0);
            at.insert(
                &n.id,
                (
                    20.0 + l as f64 * (w + gap_x),
                    40.0 + *r as f64 * (h + gap_y),
                ),
            );
            *r += 1;
        }
        let width = 40.0 + (rows.len().max(1) as f64) * (w + gap_x);
        let height = 80.0 + (*rows.values().max().unwrap_or(&1) as f64) * (h + gap_y);
        (at, (width, height))
    }

    pub fn svg(&self) -> String {
        let (w, h, gap_x) = (NODE_W, NODE_H, 80.0);
        let (at, (width, height)) = self.positions();
        let mut o = String::new();
        let _ = writeln!(
            o,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"WenQuanYi Micro Hei, sans-serif\" font-size=\"12\">"
        );
        let _ = writeln!(
            o,
            "<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\"/></marker></defs>"
        );
        let _ = writeln!(
            o,
            "<text x=\"20\" y=\"22\" font-size=\"14\">{} — <tspan fill=\"{}\">测试覆盖 tested</tspan> · <tspan fill=\"{}\">探查可达 explored</tspan> · <tspan fill=\"{}\">不可达 unreached</tspan></text>",
            esc(&self.case),
            colour(Reach::Tested),
            colour(Reach::Explored),
            colour(Reach::Unreached)
        );
        for e in &self.edges {
            let (Some(a), Some(b)) = (at.get(e.from.as_str()), at.get(e.to.as_str())) else {
                continue;
            };
            let (x1, y1, x2, y2) = (a.0 + w, a.1 + h / 2.0, b.0, b.1 + h / 2.0);
            let dash = if e.reach == Reach::Unreached {
                " stroke-dasharray=\"5,4\""
            } else {
                ""
            };
            let _ = writeln!(
                o,
                "<path d=\"M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}\" fill=\"none\" stroke=\"{}\"{dash} marker-end=\"url(#a)\"><title>{} → {}: {}</title></path>",
                x1 + gap_x / 2.0,
                x2 - gap_x / 2.0,
                colour(e.reach),
                esc(&e.from),
                esc(&e.to),
                esc(&e.label)
            );
        }
        for n in &self.nodes {
            let (x, y) = at[n.id.as_str()];
            let rx = if n.ending { 18 } else { 4 };
            let _ = writeln!(
                o,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"{rx}\" fill=\"#fff\" stroke=\"{}\" stroke-width=\"{}\"/>",
                colour(n.reach),
                if n.start { 3.0 } else { 1.5 }
            );
            let _ = writeln!(
                o,
                "<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text><text x=\"{}\" y=\"{}\">{}</text>",
                x + 8.0,
                y + 20.0,
                esc(&n.id),
                x + 8.0,
                y + 40.0,
                esc(&n.text)
            );
        }
        o.push_str("</svg>\n");
        o
    }
}

/// Coverage from the embedded tests (played) and an exploration.
pub fn coverage(
    case: &std::sync::Arc<crate::runtime::Case>,
    x: &crate::explore::Exploration,
) -> Coverage {
    use crate::runtime::{Input, Mode, Session};
    let s = &case.scenario;
    let mut c = Coverage::default();
    for t in &s.tests {
        let mut play = Session::start(case.clone(), t.seed, Mode::Assessment);
        for i in &t.inputs {
            if play.input(Input::from(i)).is_err() {
                break;
            }
        }
        c.tested_scenes.extend(play.path().iter().cloned());
        c.tested_choices.extend(play.chosen().iter().cloned());
        if let Some(d) = play.debrief() {
            c.tested_scenes.insert(d.ending.clone());
        }
    }
    c.explored_scenes = s
        .scenes
        .iter()
        .map(|x| x.id.value.clone())
        .filter(|id| !x.unreachable_scenes.contains(id))
        .chain(x.endings.keys().cloned())
        .collect();
    c.explored_choices = s
        .choices()
        .map(|c| c.id.value.clone())
        .filter(|id| !x.never_offered.contains(id))
        .collect();
    c
}
