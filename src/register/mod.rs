//! The certification register (认证登记簿): every session log imported with its verdict, for
//! reviewers, certificates and exports. One code path for SQLite (a file in the data directory,
//! no set-up) and PostgreSQL (a province-wide register shared by stations and reviewers), through
//! sqlx's `Any` driver; one set of migrations (`migrations/*.sql`) written for both.
//! `import.rs` verifies logs in parallel and records them; `query.rs` lists sessions;
//! `export.rs` writes CSV and xAPI statements.
//! The rest of the program is synchronous: `Register` runs its queries on a runtime of its own.

pub mod certificate;
pub mod document;
pub mod export;
pub mod import;
pub mod pdf;
pub mod query;
pub mod review;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::AnyPool;
use sqlx::SqlSafeStr;
use std::path::Path;

/// The environment variable naming the register's URL (`--db` overrides it).
pub const DB_ENV: &str = "CAILIANG_DB";

/// The migrations, in order, compiled in so an installed binary needs no files beside it.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "register",
        include_str!("../../migrations/0001_register.sql"),
    ),
    (
        2,
        "reviews",
        include_str!("../../migrations/0002_reviews.sql"),
    ),
];

/// The default register: SQLite in the data directory.
pub fn default_url(data: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data.join("register.sqlite").display()
    )
}

/// The register's URL: `--db`, else `$CAILIANG_DB`, else the one set in the data directory's
/// `config.json` (`cailiang register use`), else SQLite in the data directory.
pub fn url(flag: Option<&str>, data: &Path) -> String {
    flag.map(str::to_string)
        .or_else(|| std::env::var(DB_ENV).ok().filter(|u| !u.is_empty()))
        .or_else(|| configured(data))
        .unwrap_or_else(|| default_url(data))
}

/// The configuration file in a data directory (owner-only: a URL may hold a password).
pub fn config_path(data: &Path) -> std::path::PathBuf {
    data.join("config.json")
}

/// The register URL set in the data directory's configuration file, if any.
pub fn configured(data: &Path) -> Option<String> {
    let text = std::fs::read_to_string(config_path(data)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("register")
        .and_then(serde_json::Value::as_str)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
}

/// Set (or with `None`, clear) the register URL in the data directory's configuration file,
/// keeping its other settings; the file is written whole and owner-only.
pub fn configure(data: &Path, url: Option<&str>) -> Result<(), String> {
    let path = config_path(data);
    let mut v: serde_json::Map<String, serde_json::Value> = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    match url {
        Some(u) => v.insert("register".into(), serde_json::Value::String(u.to_string())),
        None => v.remove("register"),
    };
    crate::log::private_dir(data).map_err(|e| format!("{}: {e}", data.display()))?;
    let tmp = data.join(".config.json.tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut f = crate::log::private_file(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
    use std::io::Write;
    f.write_all(
        serde_json::to_string_pretty(&serde_json::Value::Object(v))
            .unwrap_or_default()
            .as_bytes(),
    )
    .and_then(|_| f.sync_all())
    .map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &path).map_err(|e| format!("{}: {e}", path.display()))
}

/// A register URL as typed, made whole: a bare file path means SQLite, and an SQLite file is
/// created when missing (`mode=rwc`) unless the URL names a mode itself.
pub fn normalize(url: &str) -> String {
    let url = if url.contains("://") || url.starts_with("sqlite:") || url.starts_with("postgres") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    };
    if url.starts_with("sqlite://") && !url.contains("mode=") {
        let sep = if url.contains('?') { '&' } else { '?' };
        return format!("{url}{sep}mode=rwc");
    }
    url
}

/// The URL with any password replaced, for messages.
pub fn shown(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// An open register.
pub struct Register {
    pub(crate) pool: AnyPool,
    pub(crate) rt: tokio::runtime::Runtime,
    pub(crate) postgres: bool,
}

impl Register {
    /// Open a register that must already exist: a missing SQLite file is an error naming it (a
    /// typo in `--db` must not show an empty register), not a new one.
    pub fn open_existing(url: &str) -> Result<Register, String> {
        let url = normalize(url);
        if let Some(file) = url.strip_prefix("sqlite://") {
            let file = file.split('?').next().unwrap_or(file);
            if !Path::new(file).exists() {
                return Err(format!(
                    "no register at {file}: `cailiang register import` creates it (or give --db)"
                ));
            }
        }
        Register::open(&url)
    }

    /// Open (creating an SQLite file, and its directory, if need be) and migrate to the current
    /// schema.
    pub fn open(url: &str) -> Result<Register, String> {
        sqlx::any::install_default_drivers();
        let url = &normalize(url);
        let postgres = url.starts_with("postgres:") || url.starts_with("postgresql:");
        if !postgres && !url.starts_with("sqlite:") {
            return Err(format!(
                "`{}` is not a register URL: use sqlite://FILE or postgres://USER:PASSWORD@HOST/DB",
                shown(url)
            ));
        }
        if let Some(file) = url.strip_prefix("sqlite://") {
            let file = file.split('?').next().unwrap_or(file);
            if let Some(dir) = Path::new(file)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                crate::log::private_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let pool = rt
            .block_on(
                AnyPoolOptions::new()
                    .max_connections(if postgres { 4 } else { 1 })
                    .acquire_timeout(std::time::Duration::from_secs(10))
                    .connect(url),
            )
            .map_err(|e| format!("cannot open the register {}: {e}", shown(url)))?;
        let migrator = Migrator::with_migrations(
            MIGRATIONS
                .iter()
                .map(|(v, name, sql)| {
                    Migration::new(
                        *v,
                        (*name).into(),
                        MigrationType::Simple,
                        sql.into_sql_str(),
                        false,
                    )
                })
                .collect(),
        );
        rt.block_on(migrator.run(&pool))
            .map_err(|e| format!("cannot migrate the register {}: {e}", shown(url)))?;
        // The register holds whole logs, hidden facts included: owner-only, like the logs.
        #[cfg(unix)]
        if let Some(file) = url.strip_prefix("sqlite://") {
            use std::os::unix::fs::PermissionsExt;
            let file = file.split('?').next().unwrap_or(file);
            for f in [
                file.to_string(),
                format!("{file}-wal"),
                format!("{file}-shm"),
            ] {
                if Path::new(&f).exists() {
                    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600))
                        .map_err(|e| format!("{f}: {e}"))?;
                }
            }
        }
        Ok(Register { pool, rt, postgres })
    }

    /// Whether this register is PostgreSQL (else SQLite).
    pub fn is_postgres(&self) -> bool {
        self.postgres
    }
}

impl Drop for Register {
    fn drop(&mut self) {
        let pool = self.pool.clone();
        self.rt.block_on(pool.close());
    }
}
