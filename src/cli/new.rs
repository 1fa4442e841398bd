//! `cailiang new scenario ID`: write a commented scenario template that passes `check` and `test`;
//! `cailiang new plan ID`: a commented assessment plan over the library's introductory cases.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// What to create: `scenario` (a case) or `plan` (an assessment plan, 考核方案)
    #[arg(value_parser = ["scenario", "plan"])]
    kind: String,
    /// Scenario id, e.g. food.milk_tea_shop (lower case letters, digits, `.` and `_`)
    id: String,
    /// The violation item the case turns on (see `cailiang assess --list`)
    #[arg(long, default_value = "price.not_marked")]
    item: String,
    /// Where to write (default: scenarios/<id with `.` → `_`>.ron, plans under scenarios/plans/)
    #[arg(long)]
    out: Option<PathBuf>,
    /// Overwrite an existing file
    #[arg(long)]
    force: bool,
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

pub fn run(a: Args) -> ExitCode {
    let id_ok = !a.id.is_empty()
        && a.id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
        && !a.id.starts_with('.')
        && !a.id.ends_with('.');
    if !id_ok {
        return fail(format!("`{}` is not a valid id: use lower case letters, digits, `.` and `_`, e.g. food.milk_tea_shop", a.id));
    }
    let Some(content) = crate::paths::content_dir() else {
        return fail("no scenarios/ directory found here; run this inside a Cailiang project");
    };
    if a.kind == "plan" {
        return new_plan(&a, &content);
    }
    let lib = crate::content::load(&[content.join("standards")]);
    let Some((standard, item)) = lib.item(&a.item) else {
        let ids = lib.item_ids();
        let hint = crate::suggest::did_you_mean(&a.item, ids.iter().copied())
            .unwrap_or_else(|| "`cailiang assess --list` lists the items".into());
        return fail(format!("unknown violation item `{}`; {hint}", a.item));
    };
    let out = a
        .out
        .unwrap_or_else(|| content.join(format!("{}.ron", a.id.replace('.', "_"))));
    if out.exists() && !a.force {
        return fail(format!(
            "{} exists; pass --force to overwrite it",
            out.display()
        ));
    }
    // The item's own facts as real entries (a commented-out fact leaves the lawful outcome
    // undetermined), each with a plain value to replace or draw, established by one inquiry.
    let item_facts: Vec<String> = item
        .facts
        .iter()
        .map(|f| {
            use crate::facts::FactType;
            let value = match &f.kind.value {
                FactType::Bool => "Fixed(false)".to_string(),
                FactType::Integer { min, .. } | FactType::Number { min, .. } => {
                    format!("Fixed({})", min.unwrap_or(0.0))
                }
                FactType::Enum(values) => format!(
                    "Fixed({:?})",
                    values.first().cloned().unwrap_or_default()
                ),
            };
            format!(
                "        \"{}\": {value},  // {} — {}; replace, or draw it (docs/SCENARIOS.md, \"facts\")",
                f.key.value,
                f.kind.value.describe(),
                f.label.value.get(crate::text::Lang::Zh)
            )
        })
        .collect();
    let item_keys: Vec<String> = item
        .facts
        .iter()
        .map(|f| format!("{:?}", f.key.value))
        .collect();
    // The form offers what a lawful decision on this item can need (check's E0057).
    let mut measures: Vec<String> = [
        "NoPenalty",
        "Education",
        "OrderToRectify",
        "Warning",
        "Fine",
    ]
    .map(String::from)
    .to_vec();
    let mut steps: Vec<String> = [
        "NotifyRights",
        "NotifyHearing",
        "HearDefence",
        "LegalReview",
    ]
    .map(String::from)
    .to_vec();
    let goods = item
        .goods_disposal
        .is_some()
        .then_some("SupervisedDestruction".to_string());
    let exempt = item
        .confiscation_exempt_under
        .is_some()
        .then_some("ConfiscateProperty".to_string());
    for m in item
        .penalties
        .iter()
        .map(|p| format!("{:?}", p.measure.value))
        .chain(goods)
        .chain(exempt)
    {
        if !measures.contains(&m) {
            measures.push(m);
        }
    }
    for p in &item.penalties {
        for n in &p.needs {
            let n = format!("{:?}", n.value);
            if !steps.contains(&n) {
                steps.push(n);
            }
        }
    }
    let inquiry = if item.facts.is_empty() {
        String::new()
    } else {
        INQUIRY.to_string()
    };
    let text = TEMPLATE
        .replace("{INQUIRY}", &inquiry)
        .replace("{MEASURES}", &measures.join(", "))
        .replace("{STEPS}", &steps.join(", "))
        .replace("{ID}", &a.id)
        .replace("{STANDARD}", &standard.id.value)
        .replace("{ITEM}", &item.id.value)
        .replace("{ITEM_NAME}", item.name.value.get(crate::text::Lang::Zh))
        .replace("{SECTOR}", &format!("{:?}", standard.sector))
        .replace("{ITEM_KEYS}", &item_keys.join(", "))
        .replace(
            "{ITEM_FACTS}",
            &if item_facts.is_empty() {
                "        // (this item declares no facts of its own)".to_string()
            } else {
                item_facts.join("\n")
            },
        );
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(&out, text) {
        return fail(format!("cannot write {}: {e}", out.display()));
    }
    println!("wrote {}", out.display());
    println!("next: edit it, then `cailiang check {0}` and `cailiang test {0}`; docs/AUTHORING.md walks you through", out.display());
    ExitCode::SUCCESS
}

/// The inquiry that establishes the item's own facts (only when the item has some).
const INQUIRY: &str = r#"                Choice(
                    id: "inquire",
                    label: (zh: "（调查核实本事项的情况）", en: "(Look into the facts of this item)"),
                    action: Investigate,
                    when: Not(Chose("inquire")),
                    reveals: [
                        Evidence(
                            id: "ev_item",
                            text: (zh: "（调查结果。）", en: "(What the inquiry finds.)"),
                            establishes: [{ITEM_KEYS}],
                        ),
                    ],
                ),
"#;

const TEMPLATE: &str = r#"// Scenario template written by `cailiang new scenario {ID}`.
// Item: {ITEM} ({ITEM_NAME}). docs/SCENARIOS.md documents every field; docs/AUTHORING.md has a checklist.
// Check with `cailiang check <this file>`, run its tests with `cailiang test <this file>`.
Scenario(
    id: "{ID}",
    version: "0.1",
    title: (zh: "（案例标题）", en: "(case title)"),
    summary: (zh: "（一两句话的案情概要，给学员看。）", en: "(A one- or two-sentence summary for trainees.)"),
    sector: {SECTOR},
    difficulty: Introductory,   // Introductory | Standard | Advanced
    minutes: 15,
    objectives: [
        (zh: "（学习目标一）", en: "(learning objective one)"),
    ],
    author: "（作者）",
    standards: ["{STANDARD}"],
    violation: "{ITEM}",
    // trains: ["<rule id of the item's lists>"],   // `cailiang assess --violation {ITEM} --list-facts` shows the facts
    party: Party(
        kind: Organization,       // or Individual (then set an "age" fact)
        name: (zh: "（当事人名称）", en: "(party name)"),
        size: Small,
        business: (zh: "（经营范围）", en: "(line of business)"),
        history: (zh: "（经营历史、以往检查情况）", en: "(history, earlier inspections)"),
        attitude: Cooperative,    // Cooperative | Defensive | Hostile
    ),
    // The case's true facts: fixed, or drawn per session so the case falls on both sides of a list threshold.
    facts: {
        "harm": Fixed("none"),
        "years_since_act": Fixed(0),
        "corrected": Fixed("not_yet"),
        "first_violation": Bernoulli(0.7),
        // Facts of this item:
{ITEM_FACTS}
    },
    // Facts on the case file from the start; the rest must be established by investigation.
    known: ["party", "harm", "years_since_act"],
    calendar: Calendar(start: "2026-03-02"),
    start: "site",
    scenes: [
        Scene(
            id: "site",
            text: (zh: "（现场描述：时间、地点、看到了什么、谁在场、说了什么。）", en: "(The scene: when, where, what you see, who is there, what they say.)"),
            choices: [
                Choice(
                    id: "show_credentials",
                    label: (zh: "出示执法证件，说明来意", en: "Show your credentials"),
                    action: Step(ShowCredentials),
                    when: Not(Chose("show_credentials")),
                ),
                Choice(
                    id: "check_record",
                    label: (zh: "查询近两年的违法记录", en: "Look up violations in the past two years"),
                    action: Step(CheckRecord),
                    when: Not(Chose("check_record")),
                    reveals: [
                        Evidence(
                            id: "ev_record",
                            text: (zh: "查询结果：两年内首次发现同类违法行为：{first_violation}。", en: "Records: first violation within two years: {first_violation}."),
                            establishes: ["first_violation"],
                        ),
                    ],
                ),
{INQUIRY}                Choice(
                    id: "order_correction",
                    label: (zh: "责令当场改正", en: "Order correction on the spot"),
                    action: Measure(OrderToRectify),
                    when: Not(Chose("order_correction")),
                    set: {"corrected": "on_spot"},
                    reveals: [
                        Evidence(
                            id: "ev_corrected",
                            text: (zh: "当事人当场改正。", en: "The party corrects on the spot."),
                            establishes: ["corrected"],
                        ),
                    ],
                ),
                Choice(
                    id: "go_decide",
                    label: (zh: "结束检查，拟定处理意见", en: "End the inspection and draft the decision"),
                    advance: Days(1),
                    goto: "decide",
                ),
            ],
        ),
        Scene(
            id: "decide",
            text: (zh: "请作出处理决定。", en: "Decide."),
            decision: Decision(
                measures: [{MEASURES}],
                steps: [{STEPS}],
                fine: true,
                deadline: true,
                goto: "closed",
            ),
        ),
    ],
    endings: [
        Ending(
            id: "closed",
            text: (zh: "案件办结。", en: "Case closed."),
            effects: Effects(legal: Good, social: Good, political: Good),
        ),
    ],
    tests: [
        Test(
            name: "decide straight away",
            seed: 1,
            inputs: [Choose("go_decide"), Decide(measures: [NoPenalty, Education, OrderToRectify])],
            expect: Expect(ending: "closed"),
        ),
    ],
)
"#;

fn new_plan(a: &Args, content: &std::path::Path) -> ExitCode {
    let out = a.out.clone().unwrap_or_else(|| {
        content
            .join("plans")
            .join(format!("{}.ron", a.id.replace('.', "_")))
    });
    if out.exists() && !a.force {
        return fail(format!(
            "{} exists; pass --force to overwrite it",
            out.display()
        ));
    }
    let cases = match crate::catalog::load_all(content) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let intro: Vec<String> = cases
        .iter()
        .filter(|l| l.case.scenario.difficulty == crate::scenario::Difficulty::Introductory)
        .take(3)
        .map(|l| {
            format!(
                "        Case(scenario: \"{}\"),   // {}",
                l.case.scenario.id.value,
                l.case.scenario.title.value.get(crate::text::Lang::Zh)
            )
        })
        .collect();
    let text = PLAN_TEMPLATE
        .replace("{ID}", &a.id)
        .replace("{CASES}", &intro.join("\n"));
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(&out, text) {
        return fail(format!("cannot write {}: {e}", out.display()));
    }
    println!("wrote {}", out.display());
    println!(
        "next: edit it, then `cailiang check --pin {0}` to pin its cases; docs/PLANS.md explains every field",
        out.display()
    );
    ExitCode::SUCCESS
}

const PLAN_TEMPLATE: &str = r#"// Assessment plan (考核方案) written by `cailiang new plan {ID}`.
// A workshop station runs these cases as assessments. docs/PLANS.md documents every field.
// Pin the cases to their content with `cailiang check --pin <this file>`.
Plan(
    id: "{ID}",
    title: (zh: "（考核名称）", en: "(assessment title)"),
    cases: [
{CASES}
        // Case(scenario: "…", required: false),   // not needed for the certificate
    ],
    attempts: 1,               // attempts per case for each trainee
    pass_mark: 80,
    // weights: Weights(legality: 30, discretion: 25, procedure: 20, flexibility: 15, effects: 10),
    time_limit_minutes: 45,    // per attempt; leave out for no limit
    debrief: AtOnce,           // AtOnce | AfterReview (only once a reviewer has certified the session)
)
"#;
