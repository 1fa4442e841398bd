//! The measure catalogue (LAW.md §5): flexible measures, hard measures, coercive measures, and
//! the procedural steps of an ordinary penalty case (LAW.md §6).

use serde::{Deserialize, Serialize};

/// Whether a measure is flexible (柔性) or hard (刚性), and whether it is coercion (行政强制).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    Flexible,
    Hard,
    Coercive,
}

macro_rules! measures {
    ($( $(#[$doc:meta])* $v:ident => ($kind:ident, $zh:literal, $en:literal) ),* $(,)?) => {
        /// A measure an officer can take.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Measure { $( $(#[$doc])* $v ),* }

        impl Measure {
            pub const ALL: &'static [Measure] = &[$(Measure::$v),*];
            pub const NAMES: &'static [&'static str] = &[$(stringify!($v)),*];
            pub fn kind(self) -> MeasureKind { match self { $(Measure::$v => MeasureKind::$kind),* } }
            pub fn zh(self) -> &'static str { match self { $(Measure::$v => $zh),* } }
            pub fn en(self) -> &'static str { match self { $(Measure::$v => $en),* } }
        }
    };
}

measures! {
    /// 行政指导
    Guidance => (Flexible, "行政指导", "administrative guidance"),
    /// 提示劝导 / 预警提示
    Reminder => (Flexible, "提示劝导", "reminder and persuasion"),
    /// 批评教育 / 教育引导 (APL 33(3))
    Education => (Flexible, "批评教育", "education"),
    /// 警示约谈
    WarningInterview => (Flexible, "警示约谈", "warning interview"),
    /// 责令（限期）改正 (APL 28)
    OrderToRectify => (Flexible, "责令限期改正", "order to rectify"),
    /// 承诺制
    CompliancePledge => (Flexible, "签署合规承诺书", "compliance pledge"),
    /// 公开道歉承诺
    PublicApologyPledge => (Flexible, "公开道歉承诺", "public apology and pledge"),
    /// 行政调解
    Mediation => (Flexible, "行政调解", "mediation"),
    /// 信用修复指导
    CreditRepairGuidance => (Flexible, "信用修复指导", "credit-repair guidance"),
    /// 分期/暂缓缴纳罚款
    InstalmentPayment => (Flexible, "分期（暂缓）缴纳罚款", "instalment or deferred payment"),
    /// 证照到期提醒
    LicenceExpiryReminder => (Flexible, "证照到期提醒", "licence-expiry reminder"),
    /// 不予处罚 (a decision not to penalise)
    NoPenalty => (Flexible, "不予行政处罚", "no penalty"),
    /// 监督销毁 (not a penalty: non-compliant goods destroyed under supervision where no
    /// penalty confiscates them; CATALOGUE.md v2)
    SupervisedDestruction => (Flexible, "监督销毁", "supervised destruction"),
    /// 责令监护人加以管教 (APL 30: a child under 14 is not penalised; not a penalty)
    OrderGuardianDiscipline => (Flexible, "责令监护人加以管教", "order to the guardian to discipline the child"),
    /// 警告
    Warning => (Hard, "警告", "warning"),
    /// 通报批评
    PublicCriticism => (Hard, "通报批评", "public criticism"),
    /// 罚款
    Fine => (Hard, "罚款", "fine"),
    /// 没收违法所得
    ConfiscateGains => (Hard, "没收违法所得", "confiscation of illegal gains"),
    /// 没收非法财物
    ConfiscateProperty => (Hard, "没收非法财物", "confiscation of illegal property"),
    /// 暂扣许可证件
    SuspendLicence => (Hard, "暂扣许可证件", "licence suspension"),
    /// 吊销许可证件
    RevokeLicence => (Hard, "吊销许可证件", "licence revocation"),
    /// 降低资质等级
    DowngradeQualification => (Hard, "降低资质等级", "qualification downgrade"),
    /// 责令停产停业 (停产停业整顿, 停产整治, 停工整治)
    SuspendBusiness => (Hard, "责令停产停业", "suspension of production or business"),
    /// 责令限制生产 (a penalty-type order in the environmental items)
    LimitProduction => (Hard, "责令限制生产", "order to limit production"),
    /// 责令关闭
    Closure => (Hard, "责令关闭", "closure"),
    /// 限制从业
    PracticeBan => (Hard, "限制从业", "practice ban"),
    /// 查封 (ACL 22-28)
    Seal => (Coercive, "查封场所、设施或者财物", "sealing"),
    /// 扣押 (ACL 22-28)
    Seize => (Coercive, "扣押财物", "seizure"),
}

impl Measure {
    /// A hard measure is an administrative penalty (APL 9). Whether confiscating the goods is one
    /// depends on the item (a food Art. 136 waiver confiscates without a penalty): see
    /// `judge::penalties`.
    pub fn is_penalty(self) -> bool {
        self.kind() == MeasureKind::Hard
    }

    pub fn is_coercion(self) -> bool {
        self.kind() == MeasureKind::Coercive
    }

    /// Measures that meet the duty to educate a party that is not penalised (APL 33(3): 批评教育,
    /// 行政指导, 提示劝导, 警示约谈, a compliance pledge).
    pub fn educates(self) -> bool {
        matches!(
            self,
            Measure::Education
                | Measure::Guidance
                | Measure::Reminder
                | Measure::WarningInterview
                | Measure::CompliancePledge
                | Measure::PublicApologyPledge
        )
    }

    /// Penalty types that always carry the hearing right (APL 63(1)(3)-(4)): revocation or
    /// downgrade, suspension of production or business, closure, practice bans. Large fines and
    /// confiscations carry it by amount; items may add types (`Provides(hearing: true)`).
    pub fn carries_hearing(self) -> bool {
        matches!(
            self,
            Measure::RevokeLicence
                | Measure::DowngradeQualification
                | Measure::SuspendBusiness
                | Measure::Closure
                | Measure::PracticeBan
        )
    }

    /// The lightest penalty types (申诫罚): where mitigation is permitted (减轻), one may replace
    /// every type an item provides (a warning instead of a fine).
    pub fn is_reprimand(self) -> bool {
        matches!(self, Measure::Warning | Measure::PublicCriticism)
    }
}

macro_rules! steps {
    ($( $(#[$doc:meta])* $v:ident => ($zh:literal, $en:literal) ),* $(,)?) => {
        /// A procedural step of an ordinary penalty case (LAW.md §6).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Step { $( $(#[$doc])* $v ),* }

        impl Step {
            pub const ALL: &'static [Step] = &[$(Step::$v),*];
            pub const NAMES: &'static [&'static str] = &[$(stringify!($v)),*];
            pub fn zh(self) -> &'static str { match self { $(Step::$v => $zh),* } }
            pub fn en(self) -> &'static str { match self { $(Step::$v => $en),* } }
        }
    };
}

steps! {
    /// 立案
    OpenCase => ("立案", "open the case"),
    /// 出示执法证件 (APL 55)
    ShowCredentials => ("出示执法证件", "show credentials"),
    /// 制作现场笔录 / 询问笔录 (APL 42, 55)
    RecordEvidence => ("制作笔录、固定证据", "record evidence"),
    /// 查询违法记录（首违认定）
    CheckRecord => ("查询违法记录", "check prior violations"),
    /// 行政处罚事先告知 (APL 44)
    NotifyRights => ("事先告知拟处罚内容及权利", "notice of proposed penalty and rights"),
    /// 告知听证权利 (APL 63-64)
    NotifyHearing => ("告知听证权利", "notice of the right to a hearing"),
    /// 听取陈述申辩 (APL 45)
    HearDefence => ("听取陈述、申辩", "hear statement and defence"),
    /// 法制审核 (APL 58)
    LegalReview => ("法制审核", "legal review"),
    /// 集体讨论
    CollectiveDiscussion => ("集体讨论决定", "collective discussion"),
    /// 负责人批准 (ACL 18)
    HeadApproval => ("报行政机关负责人批准", "approval of the agency head"),
    /// 报经有批准权的人民政府批准 (责令关闭 in the environmental items)
    GovernmentApproval => ("报经有批准权的人民政府批准", "approval of the people's government"),
    /// 送达
    Serve => ("送达决定书", "serve the decision"),
}
