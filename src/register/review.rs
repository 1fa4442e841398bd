//! Reviews (审核): reviewers enrolled with their public keys, and each review (sign-off, rejection
//! or referral to a second reviewer) signed with the reviewer's own Ed25519 key.
//!
//! Rules (docs/REGISTER.md): only a certifiable session can be reviewed; a reviewer never reviews
//! their own session; round 1 is the first review; a session rejected or referred in round 1 goes
//! to a second, different reviewer, whose decision (sign-off or rejection) is final.

use super::Register;
use crate::log::sign::{self, StationKey};
use serde::Serialize;
use sqlx::Row as _;

/// What a reviewer decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 通过: the session stands as scored.
    Approved,
    /// 不通过: the session does not count towards a certificate.
    Rejected,
    /// 提交复核: undecided; a second reviewer decides.
    Referred,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::Referred => "referred",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        [Decision::Approved, Decision::Rejected, Decision::Referred]
            .into_iter()
            .find(|d| d.as_str() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            Decision::Approved => "通过",
            Decision::Rejected => "不通过",
            Decision::Referred => "提交复核",
        }
    }
}

/// One review as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub log_sha256: String,
    pub session: String,
    pub round: i64,
    pub reviewer: String,
    pub public_key: String,
    pub decision: Decision,
    pub comment: String,
    pub at: String,
    pub signature: String,
}

impl Review {
    /// The text a reviewer signs: every field but the signature, one per line, under a tag no
    /// log record can produce (so a review signature never passes for a record's, nor back).
    pub fn statement(&self) -> String {
        format!(
            "cailiang-review/1\nlog:{}\nsession:{}\nround:{}\nreviewer:{}\nkey:{}\ndecision:{}\nat:{}\ncomment:{}",
            self.log_sha256,
            self.session,
            self.round,
            self.reviewer,
            self.public_key,
            self.decision.as_str(),
            self.at,
            self.comment
        )
    }

    /// Whether the signature is the named key's on the statement.
    pub fn signature_holds(&self) -> bool {
        sign::parse_public(&self.public_key).is_some_and(|k| {
            sign::check(
                &k,
                &crate::log::sha256_hex(self.statement().as_bytes()),
                &self.signature,
            )
        })
    }
}

/// Where a session stands in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Not reviewed yet.
    Pending,
    /// Signed off (final).
    SignedOff,
    /// Rejected in round 1, or referred: waits for a second reviewer.
    SecondReview,
    /// Rejected by the second reviewer (final).
    Rejected,
}

/// The standing that `reviews` (in round order, signatures checked) give a session.
pub fn standing(reviews: &[Review]) -> Standing {
    match reviews.last() {
        None => Standing::Pending,
        Some(r) if r.decision == Decision::Approved => Standing::SignedOff,
        Some(r) if r.round >= 2 => Standing::Rejected,
        Some(_) => Standing::SecondReview,
    }
}

/// An enrolled reviewer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reviewer {
    pub id: String,
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
}

/// Reviewer ids: letters, digits, `.`, `_`, `-`, at most 64.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

impl Register {
    /// Enrol a reviewer with their public key (`cailiang review key` prints it). Enrolling the same
    /// id with the same key again changes only the name; another key for a known id is refused.
    pub fn enrol(&self, id: &str, name: &str, public_key: &str) -> Result<Reviewer, String> {
        if !valid_id(id) {
            return Err(format!(
                "`{id}` is not a reviewer id: use letters, digits, `.`, `_` or `-` (at most 64)"
            ));
        }
        let key = sign::parse_public(public_key).ok_or_else(|| {
            format!("`{public_key}` is not a public key (ed25519:<64 hex digits>)")
        })?;
        let text = sign::public_text(&key);
        let found: Option<(String, String)> = self
            .rt
            .block_on(
                sqlx::query_as(
                    "SELECT id, public_key FROM reviewers WHERE id = $1 OR public_key = $2",
                )
                .bind(id)
                .bind(&text)
                .fetch_optional(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        match found {
            Some((known, k)) if known == id && k == text => {
                self.exec(
                    "UPDATE reviewers SET name = $1 WHERE id = $2",
                    &[name, id],
                )?;
            }
            Some((known, _)) if known == id => {
                return Err(format!(
                    "reviewer `{id}` is enrolled with another key; a lost key is replaced by enrolling a new id"
                ))
            }
            Some((other, _)) => {
                return Err(format!("this key is already enrolled as reviewer `{other}`"))
            }
            None => self.exec(
                "INSERT INTO reviewers (id, name, public_key, enrolled_at) VALUES ($1, $2, $3, $4)",
                &[id, name, &text, &crate::log::now_rfc3339()],
            )?,
        }
        Ok(Reviewer {
            id: id.into(),
            name: name.into(),
            fingerprint: sign::fingerprint(&key),
            public_key: text,
        })
    }

    pub(crate) fn exec(&self, sql: &'static str, args: &[&str]) -> Result<(), String> {
        let mut q = sqlx::query(sql);
        for a in args {
            q = q.bind(a.to_string());
        }
        self.rt
            .block_on(q.execute(&self.pool))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Every enrolled reviewer.
    pub fn reviewers(&self) -> Result<Vec<Reviewer>, String> {
        let rows: Vec<(String, String, String)> = self
            .rt
            .block_on(
                sqlx::query_as("SELECT id, name, public_key FROM reviewers ORDER BY id")
                    .fetch_all(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        Ok(rows
            .into_iter()
            .map(|(id, name, public_key)| Reviewer {
                fingerprint: sign::parse_public(&public_key)
                    .map(|k| sign::fingerprint(&k))
                    .unwrap_or_default(),
                id,
                name,
                public_key,
            })
            .collect())
    }

    /// The reviewer enrolled with this key.
    pub fn reviewer_by_key(&self, public_key: &str) -> Result<Option<Reviewer>, String> {
        Ok(self
            .reviewers()?
            .into_iter()
            .find(|r| r.public_key == public_key))
    }

    /// The reviews of a log, in round order. A review whose signature does not hold, or whose key
    /// is not its reviewer's enrolled key, is an error: the register was altered.
    pub fn reviews(&self, log_sha256: &str) -> Result<Vec<Review>, String> {
        let rows = self
            .rt
            .block_on(
                sqlx::query(
                    "SELECT log_sha256, session_id, round, reviewer, public_key, verdict, comment, at, \
                     signature FROM reviews WHERE log_sha256 = $1 ORDER BY round",
                )
                .bind(log_sha256)
                .fetch_all(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        let enrolled = self.reviewers()?;
        let mut out = Vec::new();
        for r in rows {
            let get = |i: usize| r.try_get::<String, _>(i).unwrap_or_default();
            let verdict = get(5);
            let review = Review {
                log_sha256: get(0),
                session: get(1),
                round: r.try_get::<i64, _>(2).unwrap_or_default(),
                reviewer: get(3),
                public_key: get(4),
                decision: Decision::parse(&verdict)
                    .ok_or_else(|| format!("a review of {log_sha256} has no valid decision"))?,
                comment: get(6),
                at: get(7),
                signature: get(8),
            };
            let keyed = enrolled
                .iter()
                .any(|e| e.id == review.reviewer && e.public_key == review.public_key);
            if !review.signature_holds() || !keyed || review.log_sha256 != log_sha256 {
                return Err(format!(
                    "the round {} review of session {} does not carry its reviewer's valid signature: the register was altered",
                    review.round, review.session
                ));
            }
            out.push(review);
        }
        Ok(out)
    }

    /// Review a session (`which`: a session id or the start of a log's SHA-256) with `key`, which
    /// must be an enrolled reviewer's.
    pub fn review(
        &self,
        key: &StationKey,
        which: &str,
        decision: Decision,
        comment: &str,
    ) -> Result<Review, String> {
        let public_key = sign::public_text(&key.public());
        let reviewer = self.reviewer_by_key(&public_key)?.ok_or_else(|| {
            format!(
                "this reviewer key ({}) is not enrolled: `cailiang review enrol ID --name NAME --key {public_key}`",
                sign::fingerprint(&key.public())
            )
        })?;
        let s = self.stored(which)?;
        if !s.certifiable {
            return Err(format!(
                "session {} is not certifiable ({}): only certifiable sessions are reviewed",
                s.session,
                s.reasons.join("; ")
            ));
        }
        if s.trainee == reviewer.id {
            return Err("a reviewer does not review their own session".into());
        }
        let comment = comment.trim();
        if decision != Decision::Approved && comment.is_empty() {
            return Err("a rejection or referral needs a comment saying why (--comment)".into());
        }
        if comment.chars().count() > 4000 {
            return Err("the comment is longer than 4000 characters".into());
        }
        let earlier = self.reviews(&s.log_sha256)?;
        let round = match standing(&earlier) {
            Standing::Pending => 1,
            Standing::SecondReview => {
                if earlier.iter().any(|r| r.reviewer == reviewer.id) {
                    return Err(format!(
                        "you reviewed session {} in round 1: a second, different reviewer decides",
                        s.session
                    ));
                }
                if decision == Decision::Referred {
                    return Err("the second review decides: approve or reject".into());
                }
                2
            }
            Standing::SignedOff | Standing::Rejected => {
                let last = earlier
                    .last()
                    .map(|r| r.reviewer.clone())
                    .unwrap_or_default();
                return Err(format!(
                    "session {} is already decided (by {last}); its review is final",
                    s.session
                ));
            }
        };
        let mut r = Review {
            log_sha256: s.log_sha256,
            session: s.session,
            round,
            reviewer: reviewer.id,
            public_key,
            decision,
            comment: comment.to_string(),
            at: crate::log::now_rfc3339(),
            signature: String::new(),
        };
        r.signature = key.sign_hash(&crate::log::sha256_hex(r.statement().as_bytes()));
        let round = r.round.to_string();
        self.exec(
            "INSERT INTO reviews (signature, log_sha256, session_id, round, reviewer, public_key, \
             verdict, comment, at) VALUES ($1, $2, $3, CAST($4 AS BIGINT), $5, $6, $7, $8, $9)",
            &[
                &r.signature,
                &r.log_sha256,
                &r.session,
                &round,
                &r.reviewer,
                &r.public_key,
                r.decision.as_str(),
                &r.comment,
                &r.at,
            ],
        )
        .map_err(|e| {
            if e.contains("UNIQUE") || e.contains("unique") || e.contains("duplicate") {
                format!(
                    "session {} was reviewed by someone else just now; look again",
                    r.session
                )
            } else {
                e
            }
        })?;
        Ok(r)
    }
}
