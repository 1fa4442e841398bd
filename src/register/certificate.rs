//! Certificates (合格证书): a trainee who passed every required case of a plan, each session
//! certifiable and signed off by a reviewer, gets one. Its content (who, which plan version, which
//! sessions and reviews) is signed by the issuing reviewer and named by a verification code derived
//! from it; `cailiang certificate verify CODE` checks it against the register again.

use super::review::{standing, Standing};
use super::Register;
use crate::log::sign::{self, StationKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The tag at the head of a certificate's signed content.
pub const FORMAT: &str = "cailiang-certificate/1";

/// A plan file as the register recorded it from a station's archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanVersion {
    pub sha256: String,
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub pass_mark: f64,
    pub cases: Vec<PlanCase>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanCase {
    pub scenario: String,
    pub pin: Option<String>,
    pub required: bool,
}

/// One case a certificate rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertCase {
    pub scenario: String,
    pub title_zh: String,
    pub title_en: String,
    pub session: String,
    pub log_sha256: String,
    pub total: f64,
    /// The reviewer who signed the session off (id and name), and that review's signature.
    pub reviewer: String,
    pub reviewer_name: String,
    pub review_signature: String,
}

/// What a certificate says, exactly as signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Content {
    pub format: String,
    pub trainee: String,
    pub name: String,
    pub unit: String,
    pub plan: String,
    pub plan_sha256: String,
    pub plan_title_zh: String,
    pub plan_title_en: String,
    pub issued_at: String,
    pub issuer: String,
    pub issuer_name: String,
    pub cases: Vec<CertCase>,
}

/// A stored certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certificate {
    pub code: String,
    pub content: Content,
    /// The signed text (JSON of `content`, as stored).
    pub text: String,
    pub public_key: String,
    pub signature: String,
}

/// Where a trainee stands towards a certificate under one plan version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eligibility {
    pub trainee: String,
    pub plan: PlanVersion,
    /// Required cases met, with the session each rests on.
    pub met: Vec<CertCase>,
    /// Required cases not met, with why (in Chinese and English).
    pub missing: Vec<(String, String, String)>,
    /// The certificate already issued, if any.
    pub issued: Option<String>,
}

/// The verification code of a certificate's signed text: `CL-` and 16 characters of Crockford
/// base32 (80 bits of its SHA-256) in groups of four.
pub fn code_of(text: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let digest = crate::log::sha256_hex(text.as_bytes());
    let bits: Vec<u8> = digest[..20]
        .chars()
        .flat_map(|c| {
            let v = c.to_digit(16).unwrap_or(0) as u8;
            (0..4).rev().map(move |i| (v >> i) & 1)
        })
        .collect();
    let chars: String = bits
        .chunks(5)
        .map(|b| ALPHABET[b.iter().fold(0usize, |a, x| a * 2 + *x as usize)] as char)
        .collect();
    format!(
        "CL-{}-{}-{}-{}",
        &chars[0..4],
        &chars[4..8],
        &chars[8..12],
        &chars[12..16]
    )
}

/// A code as typed: upper case, `O`→`0`, `I`/`L`→`1`, spaces dropped, hyphens restored.
pub fn normalize(code: &str) -> String {
    let body: String = code
        .trim()
        .to_ascii_uppercase()
        .trim_start_matches("CL")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    if body.len() != 16 {
        return code.trim().to_string();
    }
    format!(
        "CL-{}-{}-{}-{}",
        &body[0..4],
        &body[4..8],
        &body[8..12],
        &body[12..16]
    )
}

/// A session row as eligibility reads it: log SHA-256, session id, case, certifiable, total,
/// passed, log.
type Attempt = (
    String,
    String,
    String,
    i64,
    Option<f64>,
    Option<i64>,
    String,
);

fn pin_of(log: &str) -> Option<String> {
    let header: Value = serde_json::from_str(log.lines().next()?).ok()?;
    header
        .pointer("/plan/pin")
        .and_then(Value::as_str)
        .map(str::to_string)
}

impl Register {
    /// A plan version by its file's SHA-256.
    pub fn plan_version(&self, sha256: &str) -> Result<Option<PlanVersion>, String> {
        let row: Option<(String, String, String, String, f64, String)> = self
            .rt
            .block_on(
                sqlx::query_as(
                    "SELECT sha256, id, title_zh, title_en, pass_mark, cases FROM plan_versions \
                     WHERE sha256 = $1",
                )
                .bind(sha256)
                .fetch_optional(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        Ok(row.map(
            |(sha256, id, title_zh, title_en, pass_mark, cases)| PlanVersion {
                sha256,
                id,
                title_zh,
                title_en,
                pass_mark,
                cases: serde_json::from_str(&cases).unwrap_or_default(),
            },
        ))
    }

    /// A case's title and its facts' labels, as the verified content gave them.
    pub fn case_texts(
        &self,
        scenario: &str,
    ) -> Result<Option<crate::log::verify::CaseTexts>, String> {
        let row: Option<(String, String, String)> = self
            .rt
            .block_on(
                sqlx::query_as(
                    "SELECT title_zh, title_en, facts FROM scenario_titles WHERE id = $1",
                )
                .bind(scenario)
                .fetch_optional(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        Ok(row.map(|(zh, en, facts)| {
            (
                crate::text::Text::new(&zh, &en),
                serde_json::from_str(&facts).unwrap_or_default(),
            )
        }))
    }

    fn titles(&self) -> Result<std::collections::BTreeMap<String, (String, String)>, String> {
        let rows: Vec<(String, String, String)> = self
            .rt
            .block_on(
                sqlx::query_as("SELECT id, title_zh, title_en FROM scenario_titles")
                    .fetch_all(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        Ok(rows.into_iter().map(|(i, z, e)| (i, (z, e))).collect())
    }

    /// Where `trainee` stands under the plan version `plan_sha256`.
    pub fn eligibility(&self, trainee: &str, plan_sha256: &str) -> Result<Eligibility, String> {
        let plan = self.plan_version(plan_sha256)?.ok_or_else(|| {
            format!(
                "plan file {} is not in the register: import the logs with the station's archive beside them",
                &plan_sha256[..12.min(plan_sha256.len())]
            )
        })?;
        let titles = self.titles()?;
        let names: std::collections::BTreeMap<String, String> = self
            .reviewers()?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect();
        let sessions: Vec<Attempt> = self
            .rt
            .block_on(
                sqlx::query_as(
                    "SELECT log_sha256, session_id, scenario, certifiable, total, passed, log \
                     FROM sessions WHERE trainee = $1 AND plan_sha256 = $2 ORDER BY started",
                )
                .bind(trainee)
                .bind(plan_sha256)
                .fetch_all(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        let issued: Option<String> = self
            .rt
            .block_on(
                sqlx::query_scalar(
                    "SELECT code FROM certificates WHERE trainee = $1 AND plan_sha256 = $2",
                )
                .bind(trainee)
                .bind(plan_sha256)
                .fetch_optional(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        let mut met = Vec::new();
        let mut missing = Vec::new();
        for case in plan.cases.iter().filter(|c| c.required) {
            let (title_zh, title_en) = titles
                .get(&case.scenario)
                .cloned()
                .unwrap_or_else(|| (case.scenario.clone(), case.scenario.clone()));
            let tried: Vec<_> = sessions
                .iter()
                .filter(|s| s.2 == case.scenario)
                .filter(|s| case.pin.is_none() || pin_of(&s.6) == case.pin)
                .collect();
            let mut why = ("未参加考核", "no attempt");
            let mut found = None;
            // The latest attempt that meets everything counts.
            for s in tried.iter().rev() {
                if s.3 == 0 {
                    why = ("考核记录不可认证", "no certifiable session");
                    continue;
                }
                if s.5 != Some(1) {
                    why = ("未达到合格分数", "not passed");
                    continue;
                }
                let reviews = self.reviews(&s.0)?;
                match standing(&reviews) {
                    Standing::SignedOff => {
                        let last = reviews.last().cloned();
                        found = last.map(|r| (s, r));
                        break;
                    }
                    Standing::Pending | Standing::SecondReview => {
                        why = ("等待审核", "awaiting review");
                    }
                    Standing::Rejected => why = ("审核未通过", "rejected in review"),
                }
            }
            match found {
                Some((s, r)) => met.push(CertCase {
                    scenario: case.scenario.clone(),
                    title_zh,
                    title_en,
                    session: s.1.clone(),
                    log_sha256: s.0.clone(),
                    total: s.4.unwrap_or_default(),
                    reviewer_name: names.get(&r.reviewer).cloned().unwrap_or_default(),
                    reviewer: r.reviewer,
                    review_signature: r.signature,
                }),
                None => missing.push((title_zh, why.0.to_string(), why.1.to_string())),
            }
        }
        Ok(Eligibility {
            trainee: trainee.to_string(),
            plan,
            met,
            missing,
            issued,
        })
    }

    /// Everyone with certifiable sessions under a plan (by id), per plan version they played.
    pub fn candidates(&self, plan: Option<&str>) -> Result<Vec<(String, String)>, String> {
        let rows: Vec<(String, String)> = self
            .rt
            .block_on(
                sqlx::query_as(
                    "SELECT DISTINCT trainee, plan_sha256 FROM sessions WHERE certifiable = 1 AND \
                     plan_sha256 IS NOT NULL AND ($1 = '' OR plan = $1) ORDER BY trainee",
                )
                .bind(plan.unwrap_or(""))
                .fetch_all(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        Ok(rows)
    }

    /// Issue the certificate of an eligible trainee, signed with `key` (an enrolled reviewer's).
    /// Issuing again returns the certificate already issued.
    pub fn issue(&self, key: &StationKey, e: &Eligibility) -> Result<Certificate, String> {
        if let Some(code) = &e.issued {
            return self
                .certificate(code)?
                .ok_or_else(|| format!("certificate {code} vanished"));
        }
        if !e.missing.is_empty() || e.met.is_empty() {
            return Err(format!(
                "{} is not eligible under plan {}: {}",
                e.trainee,
                e.plan.id,
                e.missing
                    .iter()
                    .map(|(case, _, why)| format!("{case}: {why}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        let public_key = sign::public_text(&key.public());
        let issuer = self.reviewer_by_key(&public_key)?.ok_or_else(|| {
            "this key is not an enrolled reviewer's: only a reviewer issues certificates"
                .to_string()
        })?;
        let (name, unit): (String, String) = self
            .rt
            .block_on(
                sqlx::query_as("SELECT name, unit FROM trainees WHERE id = $1")
                    .bind(&e.trainee)
                    .fetch_one(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        let content = Content {
            format: FORMAT.into(),
            trainee: e.trainee.clone(),
            name,
            unit,
            plan: e.plan.id.clone(),
            plan_sha256: e.plan.sha256.clone(),
            plan_title_zh: e.plan.title_zh.clone(),
            plan_title_en: e.plan.title_en.clone(),
            issued_at: crate::log::now_rfc3339(),
            issuer: issuer.id,
            issuer_name: issuer.name,
            cases: e.met.clone(),
        };
        let text = serde_json::to_string(&content).map_err(|e| e.to_string())?;
        let code = code_of(&text);
        let signature = key.sign_hash(&crate::log::sha256_hex(text.as_bytes()));
        self.exec(
            "INSERT INTO certificates (code, trainee, plan, plan_sha256, issued_at, issuer, \
             public_key, content, signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &code,
                &content.trainee,
                &content.plan,
                &content.plan_sha256,
                &content.issued_at,
                &content.issuer,
                &public_key,
                &text,
                &signature,
            ],
        )?;
        Ok(Certificate {
            code,
            content,
            text,
            public_key,
            signature,
        })
    }

    /// A certificate by its code (as typed: case and hyphens do not matter).
    pub fn certificate(&self, code: &str) -> Result<Option<Certificate>, String> {
        let code = normalize(code);
        let row: Option<(String, String, String)> = self
            .rt
            .block_on(
                sqlx::query_as(
                    "SELECT content, public_key, signature FROM certificates WHERE code = $1",
                )
                .bind(&code)
                .fetch_optional(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        let Some((text, public_key, signature)) = row else {
            return Ok(None);
        };
        let content: Content = serde_json::from_str(&text)
            .map_err(|e| format!("certificate {code}: its stored content does not read: {e}"))?;
        Ok(Some(Certificate {
            code,
            content,
            text,
            public_key,
            signature,
        }))
    }

    /// Check a certificate against the register: its code and signature, its issuer, and every
    /// session and review it rests on — each session's log itself too: still signed by a station
    /// (one of `trust` when given) and recording a pass, so a flag changed in the database does
    /// not pass. Returns the problems found (none: valid) and the fingerprints of the stations
    /// that signed the sessions.
    pub fn check_certificate(
        &self,
        c: &Certificate,
        trust: Option<&crate::log::sign::Trust>,
    ) -> Result<(Vec<String>, Vec<String>), String> {
        let mut problems = Vec::new();
        let mut stations: Vec<String> = Vec::new();
        if code_of(&c.text) != c.code {
            problems.push("the certificate's content does not match its code".to_string());
        }
        let signed = sign::parse_public(&c.public_key).is_some_and(|k| {
            sign::check(&k, &crate::log::sha256_hex(c.text.as_bytes()), &c.signature)
        });
        if !signed {
            problems.push("the issuer's signature does not hold".into());
        }
        let issuer_enrolled = self
            .reviewers()?
            .iter()
            .any(|r| r.id == c.content.issuer && r.public_key == c.public_key);
        if !issuer_enrolled {
            problems.push(format!(
                "the issuer `{}` is not an enrolled reviewer with this key",
                c.content.issuer
            ));
        }
        if c.content.format != FORMAT {
            problems.push(format!("unknown certificate format `{}`", c.content.format));
        }
        let e = self.eligibility(&c.content.trainee, &c.content.plan_sha256)?;
        for (case, _, why) in &e.missing {
            problems.push(format!("required case {case}: {why}"));
        }
        for cc in &c.content.cases {
            let row: Option<(String, i64, Option<i64>)> = self
                .rt
                .block_on(
                    sqlx::query_as(
                        "SELECT log, certifiable, passed FROM sessions WHERE log_sha256 = $1",
                    )
                    .bind(&cc.log_sha256)
                    .fetch_optional(&self.pool),
                )
                .map_err(|e| e.to_string())?;
            match row {
                None => problems.push(format!("session {} is not in the register", cc.session)),
                Some((log, certifiable, passed)) => {
                    if crate::log::sha256_hex(log.as_bytes()) != cc.log_sha256 {
                        problems.push(format!("the log of session {} was altered", cc.session));
                    }
                    let anyone = crate::log::sign::Trust::default();
                    match crate::log::verify::signatures_text(&log, trust.unwrap_or(&anyone)) {
                        crate::log::verify::SignatureCheck::Signed {
                            fingerprint,
                            trusted,
                            ..
                        } => {
                            if trust.is_some() && !trusted {
                                problems.push(format!(
                                    "session {} was signed by station {fingerprint}, which is not among the trusted keys",
                                    cc.session
                                ));
                            }
                            if !stations.contains(&fingerprint) {
                                stations.push(fingerprint);
                            }
                        }
                        _ => problems.push(format!(
                            "the log of session {} does not carry a valid station signature",
                            cc.session
                        )),
                    }
                    let last: serde_json::Value = log
                        .lines()
                        .last()
                        .and_then(|l| serde_json::from_str(l).ok())
                        .unwrap_or_default();
                    if last.get("record").and_then(Value::as_str) != Some("final")
                        || last.pointer("/debrief/passed").and_then(Value::as_bool) != Some(true)
                    {
                        problems.push(format!(
                            "the signed log of session {} does not record a pass",
                            cc.session
                        ));
                    }
                    if certifiable != 1 || passed != Some(1) {
                        problems.push(format!(
                            "session {} is no longer certifiable and passed",
                            cc.session
                        ));
                    }
                    match self.reviews(&cc.log_sha256) {
                        Ok(r) if standing(&r) == Standing::SignedOff => {
                            if !r.iter().any(|x| x.signature == cc.review_signature) {
                                problems.push(format!(
                                    "the sign-off of session {} is not the one certified",
                                    cc.session
                                ));
                            }
                        }
                        Ok(_) => {
                            problems.push(format!("session {} is no longer signed off", cc.session))
                        }
                        Err(e) => problems.push(e),
                    }
                }
            }
        }
        Ok((problems, stations))
    }
}
