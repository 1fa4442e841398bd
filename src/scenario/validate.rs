//! Static checks of one scenario against the loaded standards.

use super::graph::Graph;
use super::{Dist, Evidence, Input, Scenario};
use crate::cond::Key;
use crate::content::checks::{
    check_cond, check_value, declare_facts, unknown_fact, FactTable, Sink, StateNames,
};
use crate::content::codes;
use crate::facts::{FactType, FactValue};
use crate::ronx::Spanned;
use crate::standard::{FineRange, Item, Standard};
use crate::suggest::did_you_mean;
use std::collections::{BTreeMap, BTreeSet};

/// Check `s`; `standards` are all standards loaded alongside it.
pub fn validate(s: &Scenario, standards: &[&Standard], sink: &mut Sink) {
    sink.text(&s.title, "the scenario title");
    if let Some(t) = &s.summary {
        sink.text(t, "the summary");
    }
    for o in &s.objectives {
        sink.text(o, "a learning objective");
    }
    sink.text(&s.party.name, "the party's name");
    sink.text(&s.party.business, "the party's business");
    if let Some(h) = &s.party.history {
        sink.text(h, "the party's history");
    }

    // Standards and the violation item.
    let mut used: Vec<&Standard> = Vec::new();
    for id in &s.standards {
        match standards.iter().find(|st| st.id.value == id.value) {
            Some(st) => used.push(st),
            None => sink.error(
                codes::UNKNOWN_STANDARD,
                id.span,
                format!("no standard has the id `{}`", id.value),
                did_you_mean(&id.value, standards.iter().map(|st| &st.id.value)).unwrap_or_else(
                    || "standards live in scenarios/standards/; check its `id`".into(),
                ),
            ),
        }
    }
    let item: Option<&Item> = used
        .iter()
        .flat_map(|st| st.items.iter())
        .find(|i| i.id.value == s.violation.value);
    if item.is_none() {
        let all: Vec<&String> = standards
            .iter()
            .flat_map(|st| st.items.iter().map(|i| &i.id.value))
            .collect();
        let elsewhere = all.iter().any(|i| **i == s.violation.value);
        sink.error(
            codes::UNKNOWN_ITEM,
            s.violation.span,
            format!(
                "no violation item `{}` in the scenario's standards",
                s.violation.value
            ),
            if elsewhere {
                "the item exists in another standard; add that standard to `standards`".to_string()
            } else {
                did_you_mean(&s.violation.value, all.iter().copied())
                    .unwrap_or_else(|| "`cailiang assess --list` shows the item ids".into())
            },
        );
    }

    // The fact table: the item's facts (or just the common ones) plus the scenario's own.
    let mut facts: FactTable = match item {
        Some(i) => i.all_facts().into_iter().map(|d| (d.key, d.ty)).collect(),
        None => crate::facts::common_facts()
            .into_iter()
            .map(|d| (d.key, d.ty))
            .collect(),
    };
    declare_facts(
        sink,
        &mut facts,
        &s.extra_facts,
        (
            "is already declared by the standard",
            "remove it from `extra_facts`",
        ),
    );
    if let Some(item) = item {
        if !item.applies_to(s.party.kind) {
            sink.error(
                codes::PARTY_NOT_COVERED,
                s.violation.span,
                format!(
                    "item `{}` does not apply to an {} party",
                    item.id.value,
                    s.party.kind.fact_value()
                ),
                format!(
                    "its penalty provision ({}) covers other parties only; change the party or the item",
                    item.basis.value.last().map(String::as_str).unwrap_or("")
                ),
            );
        }
        for t in &s.trains {
            if !item.rules().any(|(_, r)| r.id.value == t.value) {
                sink.error(
                    codes::UNKNOWN_ITEM,
                    t.span,
                    format!("item `{}` has no rule `{}`", item.id.value, t.value),
                    did_you_mean(&t.value, item.rules().map(|(_, r)| &r.id.value))
                        .unwrap_or_else(|| "name a rule id of the item's lists".into()),
                );
            }
        }
    }

    for (key, dist) in &s.facts {
        match facts.get(&key.value) {
            None => unknown_fact(sink, key, &facts),
            Some(ty) => check_dist(sink, &key.value, ty, dist),
        }
    }
    for k in &s.known {
        if !facts.contains_key(&k.value) {
            unknown_fact(sink, k, &facts);
        }
    }

    for t in texts(s) {
        let both = t.value.zh.iter().chain(t.value.en.iter());
        let mut seen = BTreeSet::new();
        for p in both.flat_map(|s| crate::text::placeholders_in(s)) {
            if !seen.insert(p.whole) {
                continue;
            }
            let key = p.key;
            let Some(ty) = facts.get(key) else {
                sink.error(
                    codes::UNKNOWN_FACT,
                    t.span,
                    format!("placeholder `{{{key}}}` names no declared fact"),
                    did_you_mean(key, facts.keys()).unwrap_or_else(|| {
                        "placeholders are fact keys in braces, e.g. {goods_value}".into()
                    }),
                );
                continue;
            };
            use crate::text::Form;
            let fits = match p.form {
                Form::Value => true,
                Form::YesNo(..) => matches!(ty, FactType::Bool),
                Form::Years => matches!(ty, FactType::Integer { .. } | FactType::Number { .. }),
                Form::Unknown(_) => false,
            };
            if !fits {
                sink.error(
                    codes::BAD_PLACEHOLDER,
                    t.span,
                    format!(
                        "placeholder `{}` does not fit fact `{key}` ({})",
                        crate::text::shown(p.whole),
                        ty.describe()
                    ),
                    "write `{key}` for the value, `{key|when yes|when no}` for a yes/no fact, \
                     or `{key:years}` for a number of years",
                );
            }
        }
    }

    // Ids: scenes and endings share one space; choices and evidence are unique per scenario.
    sink.unique(
        s.scenes
            .iter()
            .map(|x| &x.id)
            .chain(s.endings.iter().map(|e| &e.id)),
        "scene or ending",
    );
    sink.unique(s.choices().map(|c| &c.id), "choice");
    let evidence: Vec<&Evidence> = s
        .scenes
        .iter()
        .flat_map(|sc| {
            sc.evidence
                .iter()
                .chain(sc.choices.iter().flat_map(|c| c.reveals.iter()))
        })
        .collect();
    sink.unique(evidence.iter().map(|e| &e.id), "evidence");

    let nodes: BTreeSet<String> = s
        .scenes
        .iter()
        .map(|x| x.id.value.clone())
        .chain(s.endings.iter().map(|e| e.id.value.clone()))
        .collect();
    let choice_ids: BTreeSet<String> = s.choices().map(|c| c.id.value.clone()).collect();
    let state = StateNames {
        choices: &choice_ids,
        scenes: &nodes,
    };
    // A goto to an unknown scene makes the graph checks below meaningless (the scene it meant
    // would be unreachable, the one it leaves a dead end): they wait until the id is fixed.
    let unknown_goto = std::cell::Cell::new(false);
    let goto = |sink: &mut Sink, k: &Key| {
        if !nodes.contains(&k.value) {
            unknown_goto.set(true);
            sink.error(
                codes::UNKNOWN_SCENE,
                k.span,
                format!("no scene or ending has the id `{}`", k.value),
                did_you_mean(&k.value, &nodes)
                    .unwrap_or_else(|| "add the scene, or fix the id".into()),
            );
        }
    };
    goto(sink, &s.start);

    for sc in &s.scenes {
        sink.text(&sc.text, &format!("the text of scene `{}`", sc.id.value));
        for e in &evidence_of(sc) {
            sink.text(&e.text, &format!("evidence `{}`", e.id.value));
            for k in &e.establishes {
                if !facts.contains_key(&k.value) {
                    unknown_fact(sink, k, &facts);
                }
            }
        }
        check_sets(sink, &sc.set, &facts);
        for c in &sc.choices {
            sink.text(&c.label, &format!("the label of choice `{}`", c.id.value));
            if let Some(w) = &c.when {
                check_cond(sink, w, &facts, Some(&state));
            }
            check_sets(sink, &c.set, &facts);
            if let (Some(fine), Some(item)) = (&c.fine, item) {
                check_canned_fine(sink, item, fine);
            }
        }
        if let Some(ev) = &sc.event {
            let mut sum = 0.0;
            for o in &ev.value {
                if !(0.0..=1.0).contains(&o.p.value) {
                    sink.error(
                        codes::BAD_PROBABILITY,
                        o.p.span,
                        format!("probability {} is outside [0, 1]", o.p.value),
                        "write probabilities as fractions, e.g. 0.7",
                    );
                }
                sum += o.p.value;
                if let Some(t) = &o.text {
                    sink.text(t, "an event outcome");
                }
                check_sets(sink, &o.set, &facts);
            }
            if (sum - 1.0).abs() > 1e-9 {
                // 0.6 + 0.3 is 0.8999999999999999 in binary: shown as the 0.9 the author wrote.
                let shown = (sum * 1e9).round() / 1e9;
                sink.error(
                    codes::PROBABILITY_SUM,
                    ev.span,
                    format!(
                        "the outcome probabilities of scene `{}` add up to {shown}, not 1",
                        sc.id.value
                    ),
                    "make the `p` values of the outcomes sum to exactly 1",
                );
            }
        }
        if let Some(b) = &sc.branch {
            for arm in &b.value {
                check_cond(sink, &arm.when, &facts, Some(&state));
            }
            if !b.value.iter().any(|a| a.when == crate::cond::Cond::Always) {
                sink.error(
                    codes::SCENE_HAS_NO_EXIT,
                    b.span,
                    format!(
                        "the branch of scene `{}` has no `Always` arm, so play can get stuck",
                        sc.id.value
                    ),
                    "end the branch with `Arm(when: Always, goto: \"…\")`",
                );
            }
        }
        if let (Some(d), Some(item)) = (&sc.decision, item) {
            let standard = used
                .iter()
                .find(|st| st.items.iter().any(|i| i.id.value == item.id.value));
            check_form(sink, s, sc, d, item, standard.copied());
        }
        if let Some(d) = &sc.decision {
            if d.measures.is_empty() {
                sink.error(
                    codes::BAD_VALUE,
                    sc.id.span,
                    format!("the decision form of scene `{}` offers no measures", sc.id.value),
                    "list the measures the trainee may choose, e.g. [NoPenalty, Education, OrderToRectify, Fine]",
                );
            }
        }
        for k in sc.exits() {
            goto(sink, k);
        }
        let forms = [
            !sc.choices.is_empty(),
            sc.decision.is_some(),
            sc.event.is_some(),
            sc.branch.is_some(),
            sc.goto.is_some(),
        ];
        if forms.iter().filter(|&&f| f).count() == 0 {
            sink.error(
                codes::SCENE_HAS_NO_EXIT,
                sc.id.span,
                format!("scene `{}` has no way on", sc.id.value),
                "give it `choices`, a `decision`, an `event`, a `branch` or a `goto`",
            );
        } else if sc.event.is_some() as u8 + sc.branch.is_some() as u8 + sc.goto.is_some() as u8 > 1
            || (!sc.choices.is_empty() || sc.decision.is_some())
                && (sc.event.is_some() || sc.branch.is_some() || sc.goto.is_some())
        {
            sink.error(
                codes::SCENE_HAS_NO_EXIT,
                sc.id.span,
                format!("scene `{}` mixes trainee input with an automatic exit", sc.id.value),
                "a scene waits for choices and/or a decision, or moves on by itself by one `event`, `branch` or `goto`",
            );
        }
    }
    for e in &s.endings {
        sink.text(&e.text, &format!("the text of ending `{}`", e.id.value));
    }

    // Graph: unreachable scenes; scenes from which no ending can be reached.
    if nodes.contains(&s.start.value) && !unknown_goto.get() {
        let g = Graph::of(s);
        let reach = g.reachable();
        let finish = g.can_finish();
        for sc in &s.scenes {
            if !reach.contains(sc.id.value.as_str()) {
                sink.error(
                    codes::UNREACHABLE_SCENE,
                    sc.id.span,
                    format!(
                        "scene `{}` cannot be reached from the start scene `{}`",
                        sc.id.value, s.start.value
                    ),
                    "add a `goto` that leads here, or remove the scene",
                );
            } else if !finish.contains(sc.id.value.as_str()) {
                let message = if sc.exits().is_empty() {
                    format!(
                        "scene `{}` is a dead end: none of its choices leads anywhere",
                        sc.id.value
                    )
                } else {
                    format!(
                        "no ending can be reached from scene `{}`: every path from here loops back",
                        sc.id.value
                    )
                };
                sink.error(
                    codes::NO_ENDING_REACHABLE,
                    sc.id.span,
                    message,
                    "give a choice here or further on a `goto` that leads to an ending",
                );
            }
        }
        for e in &s.endings {
            if !reach.contains(e.id.value.as_str()) {
                sink.warning(
                    codes::UNREACHABLE_SCENE,
                    e.id.span,
                    format!("ending `{}` cannot be reached", e.id.value),
                    "add a `goto` that leads here, or remove the ending",
                );
            }
        }
    }

    for d in s.calendar.start.iter().chain(&s.calendar.holidays) {
        if crate::runtime::calendar::Date::parse(&d.value).is_none() {
            sink.error(
                codes::BAD_DATE,
                d.span,
                format!("`{}` is not a date", crate::text::shown(&d.value)),
                "write a real calendar date as YYYY-MM-DD, e.g. 2026-03-02",
            );
        }
    }
    if let Some(item) = item {
        check_discoverable(sink, s, item);
    }

    if let Some(site) = &s.site {
        check_site(sink, site, &choice_ids);
    }

    // Tests name real choices, offered measures and real endings.
    let offered: BTreeSet<crate::measures::Measure> = s
        .scenes
        .iter()
        .flat_map(|sc| {
            sc.decision
                .iter()
                .flat_map(|d| d.measures.iter().map(|m| m.value))
        })
        .collect();
    for t in &s.tests {
        for k in t.expect.critical.iter().flatten() {
            if !crate::scoring::judge::CRITICAL_RULES.contains(&k.value.as_str()) {
                sink.error(
                    codes::UNKNOWN_RULE,
                    k.span,
                    format!(
                        "test \"{}\" expects `{}`, which is not a critical rule",
                        t.name, k.value
                    ),
                    did_you_mean(&k.value, crate::scoring::judge::CRITICAL_RULES.iter())
                        .unwrap_or_else(|| "docs/SCORING.md lists the critical rules".into()),
                );
            }
        }
        for input in &t.inputs {
            if let Input::Decide { measures, .. } = input {
                for m in measures {
                    if !offered.contains(&m.value) {
                        sink.error(
                            codes::MEASURE_NOT_OFFERED,
                            m.span,
                            format!("test \"{}\" decides `{:?}`, which no decision form offers", t.name, m.value),
                            "add the measure to a scene's `Decision(measures: [..])`, or change the test",
                        );
                    }
                }
            }
            if let Input::Choose(k) = input {
                if !choice_ids.contains(&k.value) {
                    sink.error(
                        codes::TEST_UNKNOWN_CHOICE,
                        k.span,
                        format!(
                            "test \"{}\" takes choice `{}`, which does not exist",
                            t.name, k.value
                        ),
                        did_you_mean(&k.value, &choice_ids)
                            .unwrap_or_else(|| "use a choice id from the scenes".into()),
                    );
                }
            }
        }
        if !s
            .endings
            .iter()
            .any(|e| e.id.value == t.expect.ending.value)
        {
            sink.error(
                codes::TEST_UNKNOWN_ENDING,
                t.expect.ending.span,
                format!(
                    "test \"{}\" expects ending `{}`, which does not exist",
                    t.name, t.expect.ending.value
                ),
                did_you_mean(
                    &t.expect.ending.value,
                    s.endings.iter().map(|e| &e.id.value),
                )
                .unwrap_or_else(|| "use an ending id".into()),
            );
        }
    }
}

fn evidence_of(sc: &super::Scene) -> Vec<&Evidence> {
    sc.evidence
        .iter()
        .chain(sc.choices.iter().flat_map(|c| c.reveals.iter()))
        .collect()
}

/// A fact drawn for the case that the item's conditions test, but that the trainee can never
/// learn (no evidence establishes it, it is not known at the start): the lawful outcome turns on
/// something the trainee cannot find out, and the scorer treats it as unknown at every decision.
fn check_discoverable(sink: &mut Sink, s: &Scenario, item: &Item) {
    let mut tested: BTreeSet<&str> = BTreeSet::new();
    let conds = item
        .fine
        .iter()
        .map(|f| &f.when)
        .chain(item.penalties.iter().map(|p| &p.when))
        .chain(item.serious.iter().map(|x| &x.when))
        .chain(item.rules().map(|(_, r)| &r.when));
    for c in conds {
        tested.extend(c.fact_keys().into_iter().map(|k| k.value.as_str()));
    }
    let mut learnable: BTreeSet<&str> = s.known.iter().map(|k| k.value.as_str()).collect();
    for sc in &s.scenes {
        for e in evidence_of(sc) {
            learnable.extend(e.establishes.iter().map(|k| k.value.as_str()));
        }
    }
    for key in s.facts.keys() {
        let k = key.value.as_str();
        if tested.contains(k) && !learnable.contains(k) {
            sink.warning(
                codes::UNDISCOVERABLE_FACT,
                key.span,
                format!(
                    "fact `{k}` decides the lawful outcome of item `{}`, but nothing in the case establishes it",
                    item.id.value
                ),
                "add it to an evidence's `establishes` (or to `known` if the officer knows it from the start)",
            );
        }
    }
}

fn check_sets(sink: &mut Sink, set: &BTreeMap<Key, Spanned<FactValue>>, facts: &FactTable) {
    for (k, v) in set {
        match facts.get(&k.value) {
            None => unknown_fact(sink, k, facts),
            Some(ty) => check_value(sink, &k.value, ty, &v.value, v.span),
        }
    }
}

fn check_dist(sink: &mut Sink, key: &str, ty: &FactType, dist: &Spanned<Dist>) {
    let span = dist.span;
    let out_of_type = |sink: &mut Sink, why: String| {
        sink.error(
            codes::DISTRIBUTION_OUT_OF_TYPE,
            span,
            format!("the distribution of `{key}` {why}"),
            format!("`{key}` is declared as {}", ty.describe()),
        )
    };
    match &dist.value {
        Dist::Fixed(v) => check_value(sink, key, ty, v, span),
        Dist::Bernoulli(p) => {
            if *ty != FactType::Bool {
                out_of_type(sink, "draws a boolean".into());
            }
            if !(0.0..=1.0).contains(p) {
                sink.error(
                    codes::BAD_PROBABILITY,
                    span,
                    format!("probability {p} is outside [0, 1]"),
                    "write a fraction, e.g. Bernoulli(0.7)",
                );
            }
        }
        Dist::UniformInt { min, max } => {
            if !ty.is_numeric() {
                out_of_type(sink, "draws integers".into());
            } else {
                if min > max {
                    out_of_type(sink, format!("has min {min} above max {max}"));
                }
                for x in [*min as f64, *max as f64] {
                    check_value(sink, key, ty, &FactValue::Number(x), span);
                }
            }
        }
        Dist::UniformNumber { min, max, step } => {
            if !matches!(ty, FactType::Number { .. }) {
                out_of_type(
                    sink,
                    "draws fractional numbers (use UniformInt for integers)".into(),
                );
            } else {
                if min > max {
                    out_of_type(sink, format!("has min {min} above max {max}"));
                }
                for x in [*min, *max] {
                    check_value(sink, key, ty, &FactValue::Number(x), span);
                }
            }
            if step.is_some_and(|s| s <= 0.0) {
                out_of_type(sink, "has a step that is not positive".into());
            }
        }
        Dist::Choice(options) => {
            if options.is_empty() {
                out_of_type(sink, "has no options".into());
            }
            for (v, w) in options {
                check_value(sink, key, ty, v, span);
                if !(*w > 0.0 && w.is_finite()) {
                    sink.error(
                        codes::BAD_PROBABILITY,
                        span,
                        format!("weight {w} must be positive"),
                        "weights are relative, e.g. [(\"on_spot\", 3), (\"late\", 1)]",
                    );
                }
            }
        }
    }
}

/// A canned fine amount should lie inside some statutory range of the item.
fn check_canned_fine(sink: &mut Sink, item: &Item, fine: &Spanned<f64>) {
    let mut fits = false;
    let mut ranges = Vec::new();
    for f in &item.fine {
        match &f.range.value {
            FineRange::Range { min, max } => {
                fits |= *min <= fine.value && fine.value <= *max;
                ranges.push(format!("[{min}, {max}]"));
            }
            FineRange::UpTo(max) => {
                fits |= fine.value <= *max;
                ranges.push(format!("[0, {max}]"));
            }
            FineRange::Multiple { .. } => fits = true,
        }
    }
    if !fits {
        sink.warning(
            codes::FINE_OUTSIDE_STATUTORY,
            fine.span,
            format!(
                "fine {} yuan is outside every statutory range of `{}`: {}",
                fine.value,
                item.id.value,
                ranges.join(", ")
            ),
            "a fine below the minimum is lawful only as mitigation (减轻); check the amount",
        );
    }
}

/// Every trainee-facing text of a scenario with its span.
pub fn texts(s: &Scenario) -> Vec<&Spanned<crate::text::Text>> {
    let mut v: Vec<&Spanned<crate::text::Text>> = vec![&s.title, &s.party.name, &s.party.business];
    v.extend(s.summary.iter());
    v.extend(s.party.history.iter());
    v.extend(s.objectives.iter());
    for sc in &s.scenes {
        v.push(&sc.text);
        v.extend(evidence_of(sc).into_iter().map(|e| &e.text));
        v.extend(sc.choices.iter().map(|c| &c.label));
        v.extend(
            sc.event
                .iter()
                .flat_map(|e| e.value.iter().filter_map(|o| o.text.as_ref())),
        );
    }
    v.extend(s.endings.iter().map(|e| &e.text));
    if let Some(site) = &s.site {
        v.extend(site.rooms.iter().map(|r| &r.label));
        v.extend(site.things.iter().map(|t| &t.label));
    }
    v
}

fn check_site(sink: &mut Sink, site: &super::site::Site, choices: &BTreeSet<String>) {
    let (w, h) = site.size.value;
    if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
        sink.error(
            codes::BAD_RANGE,
            site.size.span,
            "the site size must be positive",
            "write `size: (width, height)` in metres, e.g. (20, 12)",
        );
    }
    sink.unique(
        site.rooms
            .iter()
            .map(|r| &r.id)
            .chain(site.things.iter().map(|t| &t.id)),
        "room or thing",
    );
    let rects = site
        .rooms
        .iter()
        .map(|r| (&r.label, &r.rect))
        .chain(site.things.iter().map(|t| (&t.label, &t.rect)));
    for (label, rect) in rects {
        sink.text(label, "a label on the site plan");
        let (x, y, rw, rh) = rect.value;
        if !(rw > 0.0
            && rh > 0.0
            && x >= 0.0
            && y >= 0.0
            && x + rw <= w + 1e-3
            && y + rh <= h + 1e-3)
        {
            sink.error(
                codes::BAD_RANGE,
                rect.span,
                format!("rectangle ({x}, {y}, {rw}, {rh}) does not fit the {w} × {h} site"),
                "rectangles are (x, y, width, height) in metres from the top-left corner, inside `size`",
            );
        }
    }
    for t in &site.things {
        if let Some(c) = &t.choice {
            if !choices.contains(&c.value) {
                sink.error(
                    codes::UNKNOWN_CHOICE,
                    c.span,
                    format!("no choice has the id `{}`", c.value),
                    did_you_mean(&c.value, choices)
                        .unwrap_or_else(|| "a hotspot takes one of the scenario's choices".into()),
                );
            }
        }
    }
}

/// A decision form must be able to express the lawful decision for any draw of the facts: the
/// steps a penalty needs, the measures the item makes mandatory, and the duties of a no-penalty
/// decision. Steps and measures a choice offers during play count as offered.
fn check_form(
    sink: &mut Sink,
    s: &Scenario,
    sc: &super::Scene,
    d: &super::Decision,
    item: &Item,
    standard: Option<&Standard>,
) {
    use crate::measures::{Measure, Step};
    use crate::scenario::Action;
    let form: BTreeSet<Measure> = d.measures.iter().map(|m| m.value).collect();
    let by_choice = |a: Action| s.choices().any(|c| c.action.value == a);
    let step = |x: Step| d.steps.iter().any(|y| y.value == x) || by_choice(Action::Step(x));
    let measure = |x: Measure| form.contains(&x) || by_choice(Action::Measure(x));
    let mut missing: Vec<(String, &str)> = Vec::new();
    let need_step = |x: Step, why: &'static str, missing: &mut Vec<(String, &str)>| {
        if !step(x) {
            missing.push((format!("the step `{x:?}` ({})", x.zh()), why));
        }
    };
    let penalties = form.iter().any(|m| m.is_penalty());
    if penalties {
        need_step(
            Step::NotifyRights,
            "a penalty needs notice of rights (APL 44, 62)",
            &mut missing,
        );
        need_step(
            Step::HearDefence,
            "a penalty needs the defence heard (APL 45, 62)",
            &mut missing,
        );
        let threshold = standard.map(|st| match s.party.kind {
            super::PartyKind::Individual => st.hearing.individual,
            super::PartyKind::Organization => st.hearing.organization,
        });
        let large_fine = form.contains(&Measure::Fine)
            && item.fine.iter().any(|f| match &f.range.value {
                FineRange::Range { max, .. } | FineRange::UpTo(max) => {
                    threshold.is_some_and(|t| *max >= t)
                }
                FineRange::Multiple { .. } => true,
            });
        let heavy_type = form
            .iter()
            .any(|m| m.carries_hearing() || item.provides(*m).any(|p| p.hearing));
        if large_fine || heavy_type {
            need_step(
                Step::NotifyHearing,
                "the penalties offered can carry the hearing right (APL 63)",
                &mut missing,
            );
            need_step(
                Step::LegalReview,
                "penalties with the hearing right need legal review (APL 58)",
                &mut missing,
            );
        }
        for p in item.penalties.iter().filter(|p| p.mandatory) {
            if !measure(p.measure.value) {
                missing.push((
                    format!(
                        "the measure `{:?}` ({})",
                        p.measure.value,
                        p.measure.value.zh()
                    ),
                    "the item makes it mandatory when its condition holds",
                ));
            }
        }
        for p in &item.penalties {
            if form.contains(&p.measure.value) {
                for n in &p.needs {
                    need_step(n.value, "a penalty type on the form needs it", &mut missing);
                }
            }
        }
        if !measure(Measure::OrderToRectify) {
            missing.push((
                "the measure `OrderToRectify`".into(),
                "a penalty comes with an order to correct (APL 28)",
            ));
        }
    }
    if form.contains(&Measure::NoPenalty) {
        if !Measure::ALL.iter().any(|m| m.educates() && measure(*m)) {
            missing.push((
                "an educating measure such as `Education`".into(),
                "a party not penalised must be educated (APL 33(3))",
            ));
        }
        if item.goods_disposal.is_some() && !measure(Measure::SupervisedDestruction) {
            missing.push((
                "the measure `SupervisedDestruction` (监督销毁)".into(),
                "non-compliant goods not confiscated by a penalty are destroyed under supervision",
            ));
        }
        if item.confiscation_exempt_under.is_some() && !measure(Measure::ConfiscateProperty) {
            missing.push((
                "the measure `ConfiscateProperty`".into(),
                "the item confiscates the goods without a penalty under its exemption",
            ));
        }
    }
    if s.choices()
        .any(|c| matches!(c.action.value, Action::Measure(m) if m.is_coercion()))
        || form.iter().any(|m| m.is_coercion())
    {
        need_step(
            Step::HeadApproval,
            "sealing or seizure needs the agency head's approval (ACL 18)",
            &mut missing,
        );
    }
    for (what, why) in missing {
        sink.error(
            codes::FORM_CANNOT_EXPRESS,
            sc.id.span,
            format!("the decision form of scene `{}` lacks {what}", sc.id.value),
            format!("{why}; add it to the form (or offer it as a choice) so a lawful decision can be entered"),
        );
    }
}
