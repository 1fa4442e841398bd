//! Exports of the register: CSV for spreadsheets (UTF-8 with a byte-order mark, so Excel reads
//! the Chinese; cells that a spreadsheet would run as formulas are defused), and xAPI 1.0.3
//! statements for the learning-record stores training centres run, one per attempt.

use super::query::{Filter, Listed};
use super::Register;
use serde_json::{json, Value};
use sqlx::Row as _;
use std::collections::HashMap;

/// The ADL verb IRIs used.
pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const ATTEMPTED: &str = "http://adlnet.gov/expapi/verbs/attempted";

/// One CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`, `@`,
/// tab or carriage return (a formula to a spreadsheet) is defused with an apostrophe.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn yes_no(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "是 yes",
        Some(false) => "否 no",
        None => "",
    }
}

/// The sessions as CSV, with a byte-order mark and a header row in Chinese and English.
pub fn csv(rows: &[Listed]) -> String {
    let header = [
        "学员编号 trainee",
        "姓名 name",
        "单位 unit",
        "考核方案 plan",
        "案例 case",
        "次数 attempt",
        "模式 mode",
        "开始时间 started",
        "日志状态 log status",
        "总分 total",
        "通过 passed",
        "可认证 certifiable",
        "原因 reasons",
        "工作站 station",
        "会话 session",
        "日志 SHA-256 log",
    ];
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for r in rows {
        let cells = [
            r.trainee.clone(),
            r.name.clone(),
            r.unit.clone(),
            r.plan.clone().unwrap_or_default(),
            r.scenario.clone(),
            r.attempt.map(|a| a.to_string()).unwrap_or_default(),
            r.mode.clone(),
            r.started.clone(),
            r.status.clone(),
            r.total.map(|t| format!("{t:.1}")).unwrap_or_default(),
            yes_no(r.passed).to_string(),
            yes_no(Some(r.certifiable)).to_string(),
            r.reasons.join("; "),
            r.station.clone().unwrap_or_default(),
            r.session.clone(),
            r.log_sha256.clone(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A UUID (RFC 9562 version 8, "custom") derived from a hash, so a statement keeps its id however
/// often it is exported.
pub fn uuid_from(hex: &str) -> String {
    let mut b: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(hex.get(i * 2..i * 2 + 2).unwrap_or("00"), 16).unwrap_or(0))
        .collect();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// An ISO 8601 duration (`PT1H2M3.4S`) from milliseconds.
pub fn iso_duration(ms: i64) -> String {
    let ms = ms.max(0);
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if h > 0 || m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if frac > 0 {
        out.push_str(&format!("{s}.{frac:03}S"));
    } else {
        out.push_str(&format!("{s}S"));
    }
    out
}

/// How long a session ran: the last record's `elapsed_ms`.
fn elapsed_ms(log: &str) -> Option<i64> {
    let last: Value = serde_json::from_str(log.lines().last()?).ok()?;
    last.get("elapsed_ms").and_then(Value::as_i64)
}

/// The xAPI 1.0.3 statement of one attempt. `home` is the IRL of the account system trainee ids
/// belong to (and the base of activity ids); `titles` names cases by id.
pub fn statement(r: &Listed, log: &str, home: &str, titles: &HashMap<String, Value>) -> Value {
    let home = home.trim_end_matches('/');
    let finished = r.status == "intact";
    let (verb, zh, en) = match (finished, r.passed) {
        (true, Some(true)) => (PASSED, "通过", "passed"),
        (true, _) => (FAILED, "未通过", "failed"),
        (false, _) => (ATTEMPTED, "未完成", "attempted"),
    };
    let name = if r.name.is_empty() {
        &r.trainee
    } else {
        &r.name
    };
    let mut result = json!({
        "success": finished && r.passed == Some(true),
        "completion": finished,
    });
    if let Some(total) = r.total {
        result["score"] = json!({"scaled": total / 100.0, "raw": total, "min": 0, "max": 100});
    }
    if let Some(ms) = elapsed_ms(log) {
        result["duration"] = json!(iso_duration(ms));
    }
    let case_name = titles
        .get(&r.scenario)
        .cloned()
        .unwrap_or_else(|| json!({"en-US": r.scenario}));
    let mut context = json!({
        "registration": uuid_from(&crate::log::sha256_hex(r.session.as_bytes())),
        "platform": "Cailiang 裁量",
        "language": "zh-CN",
        "extensions": {
            format!("{home}/xapi/log-sha256"): r.log_sha256,
            format!("{home}/xapi/certifiable"): r.certifiable,
            format!("{home}/xapi/mode"): r.mode,
        }
    });
    if let Some(plan) = &r.plan {
        context["contextActivities"] = json!({
            "grouping": [{"objectType": "Activity", "id": format!("{home}/plans/{}", iri_part(plan))}]
        });
    }
    json!({
        "id": uuid_from(&r.log_sha256),
        "version": "1.0.3",
        "actor": {
            "objectType": "Agent",
            "name": name,
            "account": {"homePage": home, "name": r.trainee},
        },
        "verb": {"id": verb, "display": {"zh-CN": zh, "en-US": en}},
        "object": {
            "objectType": "Activity",
            "id": format!("{home}/cases/{}", iri_part(&r.scenario)),
            "definition": {
                "name": case_name,
                "type": "http://adlnet.gov/expapi/activities/assessment",
            },
        },
        "result": result,
        "context": context,
        "timestamp": r.started,
    })
}

/// An id as a safe IRI path segment (percent-encoding anything but unreserved characters).
fn iri_part(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Case titles from the installed content, as xAPI language maps.
pub fn titles() -> HashMap<String, Value> {
    let Some(dir) = crate::paths::installed_content_dir() else {
        return HashMap::new();
    };
    crate::catalog::load_all(&dir)
        .unwrap_or_default()
        .iter()
        .map(|l| {
            let t = &l.case.scenario.title.value;
            let mut m = serde_json::Map::new();
            if let Some(zh) = &t.zh {
                m.insert("zh-CN".into(), json!(zh));
            }
            if let Some(en) = &t.en {
                m.insert("en-US".into(), json!(en));
            }
            (l.case.scenario.id.value.clone(), Value::Object(m))
        })
        .collect()
}

impl Register {
    /// The statements of the sessions matching `f`. A log that failed verification is no attempt
    /// (it was edited, forged or cut short): it stays out of a learning-record store.
    pub fn xapi(&self, f: &Filter, home: &str) -> Result<Vec<Value>, String> {
        let rows: Vec<Listed> = self
            .sessions(f)?
            .into_iter()
            .filter(|r| r.status != "broken")
            .collect();
        let titles = titles();
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let log: String = self
                .rt
                .block_on(
                    sqlx::query("SELECT log FROM sessions WHERE log_sha256 = $1")
                        .bind(&r.log_sha256)
                        .fetch_one(&self.pool),
                )
                .and_then(|row| row.try_get(0))
                .map_err(|e| e.to_string())?;
            out.push(statement(r, &log, home, &titles));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("张三"), "张三");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-1+2"), "'-1+2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn durations_and_uuids_have_their_formats() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(343), "PT0.343S");
        assert_eq!(iso_duration(754_000), "PT12M34S");
        assert_eq!(iso_duration(3_723_500), "PT1H2M3.500S");
        let u = uuid_from(&"ab".repeat(32));
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "8", "version 8");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"), "RFC variant");
    }
}
