//! Checking facts given from outside (JSON for `assess`, a scenario's drawn facts) against an item.

use crate::facts::{FactValue, Facts};
use crate::standard::Item;
use crate::suggest::closest;
use std::fmt;

/// Why a set of facts does not fit an item.
#[derive(Debug, Clone, PartialEq)]
pub enum FactError {
    UnknownKey {
        key: String,
        item: String,
        suggestion: Option<String>,
    },
    WrongType {
        key: String,
        problem: String,
    },
    /// The item's penalty provision does not cover this kind of party.
    PartyNotCovered {
        item: String,
        party: String,
        basis: String,
    },
}

impl fmt::Display for FactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactError::UnknownKey {
                key,
                item,
                suggestion,
            } => {
                write!(
                    f,
                    "unknown fact key '{}' for {item}",
                    crate::text::shown(key)
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean '{s}'?"),
                    None => write!(
                        f,
                        "; `cailiang assess --violation {item} --list-facts` lists its facts"
                    ),
                }
            }
            FactError::WrongType { key, problem } => {
                write!(f, "fact '{}' {problem}", crate::text::shown(key))
            }
            FactError::PartyNotCovered { item, party, basis } => write!(
                f,
                "{item} does not apply to party '{party}': its penalty provision ({basis}) covers other parties only"
            ),
        }
    }
}

/// Turn a JSON object into typed facts for `item`. JSON `null` counts as absent.
pub fn check_facts(
    item: &Item,
    json: &serde_json::Map<String, serde_json::Value>,
) -> Result<Facts, FactError> {
    let decls = item.all_facts();
    let mut facts = Facts::new();
    for (key, v) in json {
        let Some(decl) = decls.iter().find(|d| &d.key == key) else {
            return Err(FactError::UnknownKey {
                key: key.clone(),
                item: item.id.value.clone(),
                suggestion: closest(key, decls.iter().map(|d| &d.key)).map(str::to_string),
            });
        };
        let value = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::Bool(b) => FactValue::Bool(*b),
            serde_json::Value::Number(n) => FactValue::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => FactValue::Text(s.clone()),
            serde_json::Value::Array(_) => FactValue::Text("[…]".into()),
            serde_json::Value::Object(_) => FactValue::Text("{…}".into()),
        };
        let value_desc = match v {
            serde_json::Value::Array(_) => Some("a list"),
            serde_json::Value::Object(_) => Some("an object"),
            _ => None,
        };
        if let Some(desc) = value_desc {
            return Err(FactError::WrongType {
                key: key.clone(),
                problem: format!("expects {}, got {desc}", decl.ty.describe()),
            });
        }
        decl.ty
            .check(&value)
            .map_err(|problem| FactError::WrongType {
                key: key.clone(),
                problem,
            })?;
        facts.insert(key.clone(), value);
    }
    if let Some(FactValue::Text(p)) = facts.get(crate::facts::keys::PARTY) {
        let kind = match p.as_str() {
            "individual" => crate::scenario::PartyKind::Individual,
            _ => crate::scenario::PartyKind::Organization,
        };
        if !item.applies_to(kind) {
            return Err(FactError::PartyNotCovered {
                item: item.id.value.clone(),
                party: p.clone(),
                basis: item.basis.value.last().cloned().unwrap_or_default(),
            });
        }
    }
    Ok(facts)
}
