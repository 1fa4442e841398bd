//! Case facts (案件事实): typed declarations, values, and the common facts of every item.

use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The type of a fact, as declared in a standard: `Bool`, `Integer(min: 0)`, `Number(min: 0, max: 1)`,
/// `Enum(["none", "slight", "serious"])`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum FactType {
    Bool,
    Integer {
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
    },
    Number {
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
    },
    Enum(Vec<String>),
}

impl FactType {
    /// The type in words, for messages: "boolean", "integer ≥ 0", "one of `a`, `b`".
    pub fn describe(&self) -> String {
        fn bounds(min: &Option<f64>, max: &Option<f64>) -> String {
            match (min, max) {
                (Some(a), Some(b)) => format!(" in [{a}, {b}]"),
                (Some(a), None) => format!(" ≥ {a}"),
                (None, Some(b)) => format!(" ≤ {b}"),
                (None, None) => String::new(),
            }
        }
        match self {
            FactType::Bool => "boolean (true or false)".into(),
            FactType::Integer { min, max } => format!("integer{}", bounds(min, max)),
            FactType::Number { min, max } => format!("number{}", bounds(min, max)),
            FactType::Enum(vs) => format!(
                "one of {}",
                vs.iter()
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, FactType::Integer { .. } | FactType::Number { .. })
    }

    /// Check a value against this type; `Err` explains what was wrong.
    pub fn check(&self, v: &FactValue) -> Result<(), String> {
        let in_bounds = |x: f64, min: &Option<f64>, max: &Option<f64>| {
            min.is_none_or(|m| x >= m) && max.is_none_or(|m| x <= m)
        };
        match (self, v) {
            (FactType::Bool, FactValue::Bool(_)) => Ok(()),
            (FactType::Integer { min, max }, FactValue::Number(x)) => {
                if x.fract() != 0.0 {
                    Err(format!("expects an integer, got {x}"))
                } else if !in_bounds(*x, min, max) {
                    Err(format!("expects an {}, got {x}", self.describe()))
                } else {
                    Ok(())
                }
            }
            (FactType::Number { min, max }, FactValue::Number(x)) => {
                if !x.is_finite() || !in_bounds(*x, min, max) {
                    Err(format!("expects a {}, got {x}", self.describe()))
                } else {
                    Ok(())
                }
            }
            (FactType::Enum(vs), FactValue::Text(s)) if vs.contains(s) => Ok(()),
            (FactType::Enum(vs), FactValue::Text(s)) => {
                let hint = crate::suggest::did_you_mean(s, vs)
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                Err(format!("expects {}, got \"{s}\"{hint}", self.describe()))
            }
            (t, v) => {
                let article = match t {
                    FactType::Integer { .. } => "an ",
                    FactType::Enum(_) => "",
                    _ => "a ",
                };
                Err(format!(
                    "expects {article}{}, got {}",
                    t.describe(),
                    v.describe()
                ))
            }
        }
    }
}

/// A fact value: every number is an f64 (integers are exact far beyond any fine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FactValue {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl FactValue {
    pub fn describe(&self) -> String {
        match self {
            FactValue::Bool(b) => format!("boolean {b}"),
            FactValue::Number(x) => format!("number {x}"),
            FactValue::Text(s) => format!("string \"{s}\""),
        }
    }
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Bool(b) => write!(f, "{b}"),
            FactValue::Number(x) => write!(f, "{x}"),
            FactValue::Text(s) => write!(f, "{s}"),
        }
    }
}

/// The facts of one case, by key.
pub type Facts = BTreeMap<String, FactValue>;

/// A declared fact: key, type and label.
#[derive(Debug, Clone, PartialEq)]
pub struct FactDecl {
    pub key: String,
    pub ty: FactType,
    pub label: Text,
}

/// Keys of the facts every item shares (CATALOGUE.md "Common facts").
pub mod keys {
    pub const PARTY: &str = "party";
    pub const AGE: &str = "age";
    pub const YEARS_SINCE_ACT: &str = "years_since_act";
    pub const LIFE_HEALTH_OR_FINANCIAL: &str = "life_health_or_financial";
    pub const HARM: &str = "harm";
    pub const CORRECTED: &str = "corrected";
    pub const FIRST_VIOLATION: &str = "first_violation";
    pub const NO_FAULT_PROVEN: &str = "no_fault_proven";
    /// 违法行为轻微 (APL 33(1) first sentence), as the officer establishes it.
    pub const MINOR: &str = "minor";
    /// APL 31: could not understand or control its conduct through mental illness.
    pub const MENTAL_INCAPACITY: &str = "mental_incapacity";
    /// 逾期未改正: an order to correct by a deadline was given and the deadline passed.
    pub const UNCORRECTED_AFTER_DEADLINE: &str = "uncorrected_after_deadline";
    /// Illegal gains in yuan, net of refunds due (APL 28(2)).
    pub const ILLEGAL_GAINS: &str = "illegal_gains";
    /// APL 32 grounds (行政处罚法 第三十二条).
    pub const APL32: [&str; 4] = [
        "eliminated_harm",
        "coerced_or_induced",
        "confessed_unknown",
        "meritorious_service",
    ];
    /// Aggravating grounds: APL 49 for `emergency_period`, training convention for the rest.
    pub const AGGRAVATING: [&str; 5] = [
        "repeat_offender",
        "refused_correction",
        "obstructed_inspection",
        "vulnerable_victims",
        "emergency_period",
    ];
    /// Always required, whatever the item.
    pub const REQUIRED: [&str; 5] = [PARTY, HARM, CORRECTED, FIRST_VIOLATION, YEARS_SINCE_ACT];
    /// `corrected` values that count as timely correction.
    pub const TIMELY: [&str; 3] = ["on_spot", "immediately", "within_deadline"];
}

fn enum_of(vs: &[&str]) -> FactType {
    FactType::Enum(vs.iter().map(|s| s.to_string()).collect())
}

/// The keys of the common facts that are yes/no, built once (scoring asks for them at every
/// decision it judges).
pub fn common_bool_keys() -> &'static [String] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        common_facts()
            .into_iter()
            .filter(|d| d.ty == FactType::Bool)
            .map(|d| d.key)
            .collect()
    })
}

/// The common facts of every violation item, with labels.
pub fn common_facts() -> Vec<FactDecl> {
    let d = |key: &str, ty: FactType, zh: &str, en: &str| FactDecl {
        key: key.into(),
        ty,
        label: Text::new(zh, en),
    };
    let b = FactType::Bool;
    vec![
        d(
            keys::PARTY,
            enum_of(&["organization", "individual"]),
            "当事人类型",
            "party kind",
        ),
        d(
            keys::AGE,
            FactType::Integer {
                min: Some(0.0),
                max: Some(150.0),
            },
            "当事人年龄",
            "age of the individual",
        ),
        d(
            keys::YEARS_SINCE_ACT,
            FactType::Number {
                min: Some(0.0),
                max: None,
            },
            "违法行为发生（终了）至发现的年数",
            "years from the act to discovery",
        ),
        d(
            keys::LIFE_HEALTH_OR_FINANCIAL,
            b.clone(),
            "涉及公民生命健康安全或金融安全",
            "concerns life/health safety or financial security",
        ),
        d(
            keys::HARM,
            enum_of(&["none", "slight", "serious"]),
            "危害后果",
            "harmful consequence",
        ),
        d(
            keys::CORRECTED,
            enum_of(&[
                "on_spot",
                "immediately",
                "within_deadline",
                "late",
                "refused",
                "not_yet",
            ]),
            "改正情况",
            "correction",
        ),
        d(
            keys::FIRST_VIOLATION,
            b.clone(),
            "初次违法",
            "first violation",
        ),
        d(
            keys::NO_FAULT_PROVEN,
            b.clone(),
            "有证据足以证明没有主观过错",
            "no subjective fault proven",
        ),
        d(
            keys::MINOR,
            b.clone(),
            "违法行为轻微",
            "the violation is minor",
        ),
        d(
            keys::MENTAL_INCAPACITY,
            b.clone(),
            "精神病人、智力残疾人在不能辨认或者不能控制自己行为时违法",
            "could not understand or control its conduct (mental illness)",
        ),
        d(
            keys::UNCORRECTED_AFTER_DEADLINE,
            b.clone(),
            "责令限期改正后逾期未改正",
            "not corrected by the deadline set",
        ),
        d(
            keys::ILLEGAL_GAINS,
            FactType::Number {
                min: Some(0.0),
                max: None,
            },
            "违法所得（元）",
            "illegal gains (yuan)",
        ),
        d(
            "eliminated_harm",
            b.clone(),
            "主动消除或者减轻违法行为危害后果",
            "actively eliminated or reduced the harm",
        ),
        d(
            "coerced_or_induced",
            b.clone(),
            "受他人胁迫或者诱骗",
            "coerced or induced by others",
        ),
        d(
            "confessed_unknown",
            b.clone(),
            "主动供述行政机关尚未掌握的违法行为",
            "confessed violations the agency did not know",
        ),
        d(
            "meritorious_service",
            b.clone(),
            "配合查处有立功表现",
            "meritorious cooperation",
        ),
        d(
            "repeat_offender",
            b.clone(),
            "两年内因同类违法行为受过处罚",
            "penalised for the same violation within 2 years",
        ),
        d(
            "refused_correction",
            b.clone(),
            "拒不改正",
            "refused to correct",
        ),
        d(
            "obstructed_inspection",
            b.clone(),
            "阻碍、抗拒执法检查",
            "obstructed the inspection",
        ),
        d(
            "vulnerable_victims",
            b.clone(),
            "侵害对象为老年人、未成年人等弱势群体",
            "victims are vulnerable people",
        ),
        d(
            "emergency_period",
            b,
            "在发生重大突发事件期间违反应对措施",
            "violated emergency measures during a major emergency",
        ),
    ]
}
