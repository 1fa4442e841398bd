//! Station signatures on session logs (Ed25519): a key per workshop station, a signature on
//! every record's hash, and the trusted public keys `verify --trust` checks them against.
//!
//! A public key is written `ed25519:<64 hex digits>`; its fingerprint is the first 16 hex digits
//! of the SHA-256 of the key bytes, in groups of four (`3f2a-91c0-…`). The private key file holds
//! the 32-byte seed in hex and is created 0600.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use std::collections::BTreeMap;
use std::path::Path;

/// The text form of a public key.
pub fn public_text(k: &VerifyingKey) -> String {
    format!("ed25519:{}", hex(k.as_bytes()))
}

/// The short fingerprint of a public key, for people to compare.
pub fn fingerprint(k: &VerifyingKey) -> String {
    let h = super::sha256_hex(k.as_bytes());
    h.as_bytes()[..16]
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let s = s.trim();
    if s.len() != 2 * N || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Parse `ed25519:<hex>` into a public key.
pub fn parse_public(s: &str) -> Option<VerifyingKey> {
    let hexpart = s.trim().strip_prefix("ed25519:")?;
    VerifyingKey::from_bytes(&unhex::<32>(hexpart)?).ok()
}

/// A station's signing key.
pub struct StationKey {
    key: SigningKey,
}

impl StationKey {
    pub fn from_seed(seed: [u8; 32]) -> StationKey {
        StationKey {
            key: SigningKey::from_bytes(&seed),
        }
    }

    /// Load the key at `path`, or create it (from the operating system's random source) with
    /// permissions 0600. Returns the key and whether it was created.
    pub fn load_or_create(path: &Path) -> std::io::Result<(StationKey, bool)> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let seed = unhex::<32>(&text).ok_or_else(|| {
                    std::io::Error::other(format!(
                        "{} is not a private key file (64 hex digits)",
                        path.display()
                    ))
                })?;
                Ok((StationKey::from_seed(seed), false))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent() {
                    super::private_dir(dir)?;
                }
                let seed = random_seed()?;
                let mut f = super::private_file(path)?;
                use std::io::Write;
                f.write_all(hex(&seed).as_bytes())?;
                f.sync_all()?;
                Ok((StationKey::from_seed(seed), true))
            }
            Err(e) => Err(e),
        }
    }

    pub fn public(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// The signature on a record's hash, in hex.
    pub fn sign_hash(&self, hash: &str) -> String {
        hex(&self.key.sign(hash.as_bytes()).to_bytes())
    }
}

fn random_seed() -> std::io::Result<[u8; 32]> {
    use std::io::Read;
    let mut seed = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut seed)?;
    Ok(seed)
}

/// Whether `sig` (hex) is `key`'s signature on `hash`.
pub fn check(key: &VerifyingKey, hash: &str, sig: &str) -> bool {
    unhex::<64>(sig)
        .map(|b| Signature::from_bytes(&b))
        .is_some_and(|s| key.verify(hash.as_bytes(), &s).is_ok())
}

/// Check many signatures by one key at once (batch verification, about twice as fast as one by
/// one for a log's records): `Ok`, or the index of the first pair that fails.
pub fn check_all(key: &VerifyingKey, pairs: &[(&str, &str)]) -> Result<(), usize> {
    let mut sigs = Vec::with_capacity(pairs.len());
    for (i, (_, sig)) in pairs.iter().enumerate() {
        match unhex::<64>(sig) {
            Some(b) => sigs.push(Signature::from_bytes(&b)),
            None => return Err(i),
        }
    }
    let messages: Vec<&[u8]> = pairs.iter().map(|(h, _)| h.as_bytes()).collect();
    let keys = vec![*key; pairs.len()];
    if ed25519_dalek::verify_batch(&messages, &sigs, &keys).is_ok() {
        return Ok(());
    }
    // Which one: the first that fails on its own (one by one is the reference).
    match pairs.iter().position(|(h, s)| !check(key, h, s)) {
        Some(i) => Err(i),
        None => Ok(()),
    }
}

/// Trusted station keys by their text form, read from files of one key per line (blank lines
/// and `#` comments ignored).
#[derive(Debug, Clone, Default)]
pub struct Trust {
    keys: BTreeMap<String, VerifyingKey>,
}

impl Trust {
    pub fn read(files: &[std::path::PathBuf]) -> Result<Trust, String> {
        let mut t = Trust::default();
        for f in files {
            let text = crate::bounded::read_text(f, crate::bounded::SMALL_BYTES)
                .map_err(|e| format!("trusted keys: {e}"))?;
            for (n, line) in text.lines().enumerate() {
                let line = line.split('#').next().unwrap_or("").trim();
                if line.is_empty() {
                    continue;
                }
                let k = parse_public(line).ok_or_else(|| {
                    format!(
                        "{}:{}: not a public key (expected ed25519:<64 hex digits>)",
                        f.display(),
                        n + 1
                    )
                })?;
                t.keys.insert(public_text(&k), k);
            }
        }
        Ok(t)
    }

    pub fn add(&mut self, k: VerifyingKey) {
        self.keys.insert(public_text(&k), k);
    }

    pub fn get(&self, text: &str) -> Option<&VerifyingKey> {
        self.keys.get(text.trim())
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}
