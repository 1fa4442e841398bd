//! Discretion standards (行政裁量权基准): the RON format of `scenarios/standards/*.ron`.
//!
//! One file is one `Standard` for a sector, holding violation items (违法行为事项). Each item
//! declares its facts, the parties it applies to, its statutory fine range(s) and whether the fine
//! is mandatory, the penalty types it provides with their conditions, its serious circumstances
//! (情节严重), its band scheme and its list rules (the four lists), every rule with a legal basis.
//! Format version 2 (CATALOGUE.md v2.1); `docs/STANDARDS.md` documents it.

pub mod validate;

use crate::cond::{Cond, Key};
use crate::facts::{common_facts, FactDecl, FactType};
use crate::measures::{Measure, Step};
use crate::ronx::Spanned;
use crate::scenario::PartyKind;
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The enforcement sector (领域).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Sector {
    /// 食品安全
    Food,
    /// 市场监管（价格、电子商务、广告）
    Market,
    /// 安全生产
    Safety,
    /// 消防
    Fire,
    /// 生态环境
    Environment,
}

impl Sector {
    pub fn zh(self) -> &'static str {
        match self {
            Sector::Food => "食品安全",
            Sector::Market => "市场监管",
            Sector::Safety => "安全生产",
            Sector::Fire => "消防",
            Sector::Environment => "生态环境",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Sector::Food => "Food safety",
            Sector::Market => "Market regulation",
            Sector::Safety => "Work safety",
            Sector::Fire => "Fire safety",
            Sector::Environment => "Environment",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Standard")]
pub struct Standard {
    pub id: Spanned<String>,
    pub version: String,
    pub name: Spanned<Text>,
    pub sector: Sector,
    /// The issuing authority the standard is modelled on.
    #[serde(default)]
    pub issuer: Option<Text>,
    pub hearing: Hearing,
    pub items: Vec<Item>,
}

/// "Large fine" thresholds (较大数额罚款, and the same figure for 较大价值 confiscation) at or
/// above which the hearing right must be notified (APL 63).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Hearing")]
pub struct Hearing {
    pub individual: f64,
    pub organization: f64,
    pub basis: Spanned<String>,
    /// Whether the source of the figures was checked against the published text.
    #[serde(default)]
    pub verified: bool,
}

/// A violation item (违法行为事项).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Item")]
pub struct Item {
    pub id: Spanned<String>,
    pub name: Spanned<Text>,
    /// Statute citations: the prohibition and the penalty provision.
    pub basis: Spanned<Vec<String>>,
    /// Look-back window for "first violation" (首违), in years.
    #[serde(default)]
    pub look_back_years: Option<f64>,
    /// The party kinds the penalty provision covers (default: both). A case with another kind
    /// is an input error, not an outcome (e.g. 消防法 第六十条 covers organisations only).
    #[serde(default)]
    pub parties: Option<Spanned<Vec<PartyKind>>>,
    /// Facts of this item beyond the common ones.
    #[serde(default)]
    pub facts: Vec<FactSpec>,
    /// Statutory fine ranges; the first whose `when` holds applies. The facts their conditions
    /// read select the range, and are therefore never also counted as aggravating grounds.
    pub fine: Vec<FineRule>,
    /// Whether the statute requires the fine (处、并处) or only allows it (可以处).
    pub fine_duty: Spanned<FineDuty>,
    /// Penalty types the provisions give besides the fine, with their conditions.
    #[serde(default)]
    pub penalties: Vec<Provides>,
    /// 情节严重: when it holds, what it changes.
    #[serde(default)]
    pub serious: Option<Serious>,
    /// A special rule that replaces APL 33(2) (no fault → no penalty) for this item.
    #[serde(default)]
    pub no_fault_replaced_by: Option<Spanned<String>>,
    /// A may-waive or no-penalty rule under which the non-compliant goods are confiscated
    /// without a penalty (食品安全法 第一百三十六条).
    #[serde(default)]
    pub confiscation_exempt_under: Option<Key>,
    /// The goods at issue are non-compliant: where no penalty confiscates them they must be
    /// destroyed under supervision (`SupervisedDestruction`). The basis of that duty.
    #[serde(default)]
    pub goods_disposal: Option<Spanned<String>>,
    #[serde(default)]
    pub scheme: Option<Spanned<Scheme>>,
    /// 不予处罚清单
    #[serde(default)]
    pub no_penalty: Vec<ListRule>,
    /// 首违可不罚 and other "may waive" rules.
    #[serde(default)]
    pub may_waive: Vec<ListRule>,
    /// 减轻处罚清单
    #[serde(default)]
    pub mitigation: Vec<ListRule>,
    /// 不予实施行政强制措施清单
    #[serde(default)]
    pub no_coercion: Vec<ListRule>,
    /// Extra aggravating grounds (从重情节) beyond the common ones.
    #[serde(default)]
    pub aggravating: Vec<ListRule>,
    /// Extra mitigating grounds (从轻情节) beyond the APL 32 ones.
    #[serde(default)]
    pub mitigating: Vec<ListRule>,
    #[serde(default)]
    pub note: Option<Text>,
}

/// 罚款: mandatory (处、并处) or optional (可以处、可以并处).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum FineDuty {
    Mandatory,
    Optional,
}

/// A penalty type an item's provisions give (besides the fine), on its condition.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Provides")]
pub struct Provides {
    pub measure: Spanned<Measure>,
    /// The statutory condition (e.g. `Is("serious")`); absent: always available.
    #[serde(default = "always")]
    pub when: Cond,
    /// Required whenever a penalty is given and `when` holds (并处; 没收违法所得 under APL 28(2)).
    #[serde(default)]
    pub mandatory: bool,
    /// May be given instead of the fine (警告或者罚款): it meets a mandatory fine duty.
    #[serde(default)]
    pub instead_of_fine: bool,
    /// Steps the type needs besides the ordinary procedure (责令关闭: `GovernmentApproval`).
    #[serde(default)]
    pub needs: Vec<Spanned<Step>>,
    /// Carries the hearing right although APL 63 does not list it (环境 限制生产).
    #[serde(default)]
    pub hearing: bool,
    pub basis: Spanned<String>,
}

/// 情节严重: the condition, and its effects on the rule order.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Serious")]
pub struct Serious {
    pub when: Cond,
    pub basis: Spanned<String>,
    /// When serious, the no-penalty list, APL 33(1), may-waive and mitigation rules do not apply.
    #[serde(default)]
    pub excludes_leniency: bool,
    /// When serious, it is an aggravating ground.
    #[serde(default)]
    pub aggravating: bool,
}

/// The key a `Serious` rule's value is known by in penalty-type conditions.
pub const SERIOUS_KEY: &str = "serious";

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Fact")]
pub struct FactSpec {
    pub key: Spanned<String>,
    pub kind: Spanned<FactType>,
    pub label: Spanned<Text>,
}

/// One statutory fine range and when it applies.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Fine")]
pub struct FineRule {
    #[serde(default = "always")]
    pub when: Cond,
    pub range: Spanned<FineRange>,
    pub basis: Spanned<String>,
}

fn always() -> Cond {
    Cond::Always
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum FineRange {
    /// `Range(min: 5000, max: 50000)`
    Range { min: f64, max: f64 },
    /// `UpTo(5000)`: a maximum-only fine, the minimum is 0.
    UpTo(f64),
    /// `Multiple(of: "goods_value", min: 10, max: 20)`: multiples of a fact.
    Multiple { of: Key, min: f64, max: f64 },
}

/// How a statutory range is split into lighter / general / heavier bands (阶次).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Scheme {
    /// lighter [a, a+l(b-a)], general [a+l(b-a), a+h(b-a)], heavier [a+h(b-a), b].
    Tiers {
        lighter: f64,
        heavier: f64,
        basis: String,
    },
    /// m = (a+b)/2: lighter [a, m], general [m, m], heavier [m, b].
    Midpoint { basis: String },
}

impl Default for Scheme {
    fn default() -> Self {
        Scheme::Tiers {
            lighter: 0.3,
            heavier: 0.7,
            basis: "培训惯例：法定幅度按30%/70%划分从轻、一般、从重阶次 (training convention)"
                .into(),
        }
    }
}

/// A rule of one of the lists, or a ground: a condition with its legal basis.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Rule")]
pub struct ListRule {
    pub id: Spanned<String>,
    pub when: Cond,
    pub basis: Spanned<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// For a no-coercion rule: whether a published list binds the agency (default). A rule that
    /// is only a training convention (`binding: false`) makes coercion `discouraged` instead.
    #[serde(default)]
    pub binding: Option<bool>,
}

impl Item {
    pub fn scheme(&self) -> Scheme {
        self.scheme
            .as_ref()
            .map(|s| s.value.clone())
            .unwrap_or_default()
    }

    /// Every fact this item knows: the common facts, then its own.
    pub fn all_facts(&self) -> Vec<FactDecl> {
        let mut v = common_facts();
        v.extend(self.facts.iter().map(|f| FactDecl {
            key: f.key.value.clone(),
            ty: f.kind.value.clone(),
            label: f.label.value.clone(),
        }));
        v
    }

    /// Whether the provision covers this party kind.
    pub fn applies_to(&self, kind: PartyKind) -> bool {
        self.parties
            .as_ref()
            .is_none_or(|p| p.value.contains(&kind))
    }

    /// The penalty types this item provides with the given measure.
    pub fn provides(&self, m: Measure) -> impl Iterator<Item = &Provides> {
        self.penalties.iter().filter(move |p| p.measure.value == m)
    }

    /// Every rule of the item with the list it belongs to.
    pub fn rules(&self) -> impl Iterator<Item = (&'static str, &ListRule)> {
        let lists: [(&'static str, &Vec<ListRule>); 6] = [
            ("no_penalty", &self.no_penalty),
            ("may_waive", &self.may_waive),
            ("mitigation", &self.mitigation),
            ("no_coercion", &self.no_coercion),
            ("aggravating", &self.aggravating),
            ("mitigating", &self.mitigating),
        ];
        lists
            .into_iter()
            .flat_map(|(n, rs)| rs.iter().map(move |r| (n, r)))
    }
}
