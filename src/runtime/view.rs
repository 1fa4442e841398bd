//! What front ends show: the current prompt, and texts with their `{fact}` placeholders filled.

use crate::discretion::Band;
use crate::facts::{FactValue, Facts};
use crate::measures::{Measure, MeasureKind, Step};
use crate::scenario::{Action, Choice};
use crate::text::{Lang, Text};
use serde::Serialize;

/// What the session waits for: choices, a decision form, or both.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Prompt {
    pub scene: String,
    pub choices: Vec<ChoiceView>,
    pub decision: Option<FormView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ChoiceView {
    pub id: String,
    pub label: Text,
    pub action: Action,
}

impl ChoiceView {
    pub fn of(c: &Choice) -> Self {
        ChoiceView {
            id: c.id.value.clone(),
            label: c.label.value.clone(),
            action: c.action.value,
        }
    }

    /// A short tag for the choice's kind: 柔性 / 刚性 / 强制 / 调查 / 程序 / "".
    pub fn tag(&self, lang: crate::text::Lang) -> &'static str {
        let zh = lang == crate::text::Lang::Zh;
        match self.action {
            Action::Measure(m) => match m.kind() {
                MeasureKind::Flexible => {
                    if zh {
                        "柔性"
                    } else {
                        "flexible"
                    }
                }
                MeasureKind::Hard => {
                    if zh {
                        "刚性"
                    } else {
                        "hard"
                    }
                }
                MeasureKind::Coercive => {
                    if zh {
                        "强制"
                    } else {
                        "coercive"
                    }
                }
            },
            Action::Investigate => {
                if zh {
                    "调查"
                } else {
                    "investigate"
                }
            }
            Action::Step(_) => {
                if zh {
                    "程序"
                } else {
                    "procedure"
                }
            }
            Action::Talk => {
                if zh {
                    "沟通"
                } else {
                    "talk"
                }
            }
            Action::Move => "",
        }
    }
}

/// The decision form: offered measures and steps, and which fields it has.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct FormView {
    pub measures: Vec<Measure>,
    pub steps: Vec<Step>,
    pub fine: bool,
    pub deadline: bool,
    /// The statutory range, shown in practice mode only.
    pub statutory: Option<Band>,
}

/// Replace `{key}` with the fact's value, in words for each language.
pub fn fill(t: &Text, facts: &Facts) -> Text {
    let f = |s: &Option<String>, zh: bool| {
        s.as_ref().map(|s| {
            use crate::text::Form;
            let lang = if zh { Lang::Zh } else { Lang::En };
            let mut out = s.clone();
            for p in crate::text::placeholders_in(s) {
                let v = match (facts.get(p.key), p.form) {
                    (None, _) => "？".to_string(),
                    (Some(FactValue::Bool(b)), Form::YesNo(yes, no)) => {
                        if *b { yes } else { no }.to_string()
                    }
                    (Some(FactValue::Number(x)), Form::Years) => crate::text::years(*x, lang),
                    (Some(v), _) => show(p.key, v, zh),
                };
                out = out.replace(p.whole, &v);
            }
            out
        })
    };
    Text {
        zh: f(&t.zh, true),
        en: f(&t.en, false),
    }
}

/// A fact value as a trainee reads it.
pub fn show(key: &str, v: &FactValue, zh: bool) -> String {
    match v {
        FactValue::Bool(b) => match (b, zh) {
            (true, true) => "是".into(),
            (false, true) => "否".into(),
            (true, false) => "yes".into(),
            (false, false) => "no".into(),
        },
        FactValue::Number(x) => {
            let s = format!("{x:.2}");
            let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
            if key.ends_with("ratio") {
                format!("{}%", (x * 100.0).round())
            } else {
                s
            }
        }
        FactValue::Text(s) => {
            if !zh {
                return s.replace('_', " ");
            }
            match s.as_str() {
                "on_spot" => "当场改正",
                "immediately" => "立即改正",
                "within_deadline" => "限期内改正",
                "late" => "逾期改正",
                "refused" => "拒不改正",
                "not_yet" => "尚未改正",
                "none" => "无",
                "slight" => "轻微",
                "serious" => "严重",
                "organization" => "单位",
                "individual" => "个人",
                other => other,
            }
            .to_string()
        }
    }
}
