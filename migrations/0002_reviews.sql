-- The certification register, version 2: plan versions, reviewers, reviews and certificates.
-- Same dialect rules as 0001 (TEXT, BIGINT, DOUBLE PRECISION; times ISO 8601 UTC).

-- The plan file a station ran, as its signed log headers name it (SHA-256 of the file).
ALTER TABLE sessions ADD COLUMN plan_sha256 TEXT;

-- Each plan file a trusted station ran, read from its archive: which cases a certificate needs.
CREATE TABLE plan_versions (
    sha256 TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    pass_mark DOUBLE PRECISION NOT NULL,
    -- JSON: [{"scenario": .., "pin": .., "required": true|false}, ..]
    cases TEXT NOT NULL,
    source TEXT NOT NULL
);

-- Case titles as the verified content gives them, for certificates and the desk.
CREATE TABLE scenario_titles (
    id TEXT PRIMARY KEY,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    -- JSON: {"fact key": {"zh": .., "en": ..}, ..}, the labels of the case's facts
    facts TEXT NOT NULL
);

-- Reviewers (审核员) and the public half of each one's Ed25519 key.
CREATE TABLE reviewers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    public_key TEXT NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL
);

-- One row per review, signed by its reviewer. Round 1 is the first review; round 2 a second
-- reviewer's decision on a rejected or referred session, which is final.
CREATE TABLE reviews (
    signature TEXT PRIMARY KEY,
    log_sha256 TEXT NOT NULL,
    session_id TEXT NOT NULL,
    round BIGINT NOT NULL,
    reviewer TEXT NOT NULL,
    public_key TEXT NOT NULL,
    verdict TEXT NOT NULL,
    comment TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (log_sha256, round)
);

CREATE INDEX reviews_log ON reviews (log_sha256);

-- Certificates (合格证书): the signed content, by its verification code.
CREATE TABLE certificates (
    code TEXT PRIMARY KEY,
    trainee TEXT NOT NULL,
    plan TEXT NOT NULL,
    plan_sha256 TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    issuer TEXT NOT NULL,
    public_key TEXT NOT NULL,
    content TEXT NOT NULL,
    signature TEXT NOT NULL,
    UNIQUE (trainee, plan_sha256)
);
