-- The certification register (认证登记簿), version 1: trainees, plans and sessions.
-- Written once for SQLite and PostgreSQL alike: TEXT, BIGINT (booleans as 0/1) and
-- DOUBLE PRECISION only; times are ISO 8601 text in UTC.

CREATE TABLE trainees (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT ''
);

CREATE TABLE plans (
    id TEXT PRIMARY KEY
);

-- One row per log, by its SHA-256: a log imported again changes nothing. A longer log whose start
-- is a stored one (an unfinished session that went on) replaces it; two different logs claiming
-- one session id are both kept, and the import reports them.
CREATE TABLE sessions (
    log_sha256 TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    trainee TEXT NOT NULL,
    scenario TEXT NOT NULL,
    plan TEXT,
    attempt BIGINT,
    mode TEXT NOT NULL,
    seed TEXT,
    pass_mark DOUBLE PRECISION,
    started TEXT NOT NULL,
    workstation TEXT NOT NULL,
    station_key TEXT,
    station TEXT,
    status TEXT NOT NULL,
    inputs BIGINT NOT NULL,
    total DOUBLE PRECISION,
    passed BIGINT,
    certifiable BIGINT NOT NULL,
    reasons TEXT NOT NULL,
    verdict TEXT NOT NULL,
    signature TEXT NOT NULL,
    log TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE INDEX sessions_session ON sessions (session_id);
CREATE INDEX sessions_trainee ON sessions (trainee);
CREATE INDEX sessions_plan ON sessions (plan);
CREATE INDEX sessions_started ON sessions (started);
