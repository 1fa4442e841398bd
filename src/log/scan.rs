//! A record read without building a JSON tree: its top-level members found by their byte spans,
//! so verification hashes it from the bytes as written and reads only the fields it needs.
//!
//! The writer serialises each record as compact JSON with its keys in order (`seal`), so the
//! record without its `hash` and `sig` members is the line with those two members cut out. A
//! line this reader cannot take (spaces, escapes where none are written, anything unexpected)
//! is left to the full parse in `verify`, which gives the same verdict and names the fault.

use sha2::{Digest, Sha256};

/// One top-level member: its key, its value's text, and the span of the whole member.
struct Member<'a> {
    key: &'a str,
    value: &'a str,
    span: (usize, usize),
}

/// The end (exclusive) of the string starting at `b[i] == b'"'`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// The end (exclusive) of the JSON value starting at `b[i]`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']') {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// The top-level members of a compact JSON object, or `None` if the line is not one.
fn members(line: &str) -> Option<Vec<Member<'_>>> {
    let b = line.as_bytes();
    if b.first() != Some(&b'{') {
        return None;
    }
    let mut out = Vec::with_capacity(12);
    let mut i = 1;
    if b.get(1) == Some(&b'}') {
        return (b.len() == 2).then_some(out);
    }
    loop {
        let start = i;
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(b, i)?;
        let key = &line[i + 1..key_end - 1];
        i = key_end;
        if b.get(i) != Some(&b':') {
            return None;
        }
        let value_start = i + 1;
        let end = value_end(b, value_start)?;
        out.push(Member {
            key,
            value: &line[value_start..end],
            span: (start, end),
        });
        i = end;
        match b.get(i) {
            Some(b',') => i += 1,
            Some(b'}') => return (i + 1 == b.len()).then_some(out),
            _ => return None,
        }
    }
}

/// A JSON string with no escapes, without its quotes.
fn plain(value: &str) -> Option<&str> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('\\')).then_some(inner)
}

/// What verification needs of one record, read from its bytes.
pub struct Fast<'a> {
    pub hash: &'a str,
    pub sig: Option<&'a str>,
    pub seq: Option<u64>,
    pub prev: Option<&'a str>,
    pub kind: Option<&'a str>,
    /// The value of its `event`, `input` or `debrief` member, as its kind says.
    pub body: Option<&'a str>,
    /// Whether `hash` is the hash of the record after `prev`, as written.
    pub hash_holds: bool,
}

/// Read a record from its line, checking its hash after `prev` from the bytes as written.
pub fn read<'a>(line: &'a str, prev: &str) -> Option<Fast<'a>> {
    let ms = members(line)?;
    // A key twice: the full parse decides (it keeps the last, as JSON readers do).
    for (i, m) in ms.iter().enumerate() {
        if ms[..i].iter().any(|o| o.key == m.key) {
            return None;
        }
    }
    let find = |k: &str| ms.iter().find(|m| m.key == k);
    let hash = plain(find("hash")?.value)?;
    let sig = match find("sig") {
        Some(m) => Some(plain(m.value)?),
        None => None,
    };
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n{");
    let mut first = true;
    for m in ms.iter().filter(|m| m.key != "hash" && m.key != "sig") {
        if !first {
            h.update(b",");
        }
        first = false;
        h.update(&line.as_bytes()[m.span.0..m.span.1]);
    }
    h.update(b"}");
    let hash_holds = super::lower_hex(&h.finalize()) == hash;
    let kind = match find("record") {
        Some(m) => Some(plain(m.value)?),
        None => None,
    };
    let body = match kind {
        Some("event") => find("event"),
        Some("input") => find("input"),
        Some("final") => find("debrief"),
        _ => None,
    }
    .map(|m| m.value);
    Some(Fast {
        hash,
        sig,
        seq: find("seq").and_then(|m| m.value.parse().ok()),
        prev: find("prev").and_then(|m| plain(m.value)),
        kind,
        body,
        hash_holds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map, Value};

    /// A record sealed as the writer seals it reads back with its hash holding, and the hash is
    /// the one `record_hash` gives from the parsed record.
    #[test]
    fn a_sealed_record_hashes_the_same_from_its_bytes() {
        let prev = "ab".repeat(32);
        let mut rec = Map::new();
        rec.insert("record".into(), json!("event"));
        rec.insert(
            "event".into(),
            json!({"event": "scene", "id": "s", "text": {"zh": "店主说：“好的，\"行\"。”{}[]", "en": null}}),
        );
        rec.insert("seq".into(), json!(3));
        rec.insert("prev".into(), json!(prev));
        rec.insert("wall".into(), json!("2026-12-01T00:00:00Z"));
        let hash = crate::log::record_hash(&prev, &rec);
        rec.insert("hash".into(), json!(hash));
        rec.insert("sig".into(), json!("00".repeat(64)));
        let line = Value::Object(rec).to_string();
        let f = read(&line, &prev).unwrap();
        assert!(f.hash_holds);
        assert_eq!(f.hash, hash);
        assert_eq!(f.seq, Some(3));
        assert_eq!(f.kind, Some("event"));
        assert!(f.body.unwrap().starts_with("{\"event\":\"scene\""));
        // One byte changed anywhere in the record breaks it.
        let edited = line.replace("好的", "好啊");
        assert!(!read(&edited, &prev).unwrap().hash_holds);
        // Spaces the writer never writes: not as written (the full parse decides).
        assert!(read(&line.replacen(',', ", ", 1), &prev).is_none_or(|f| !f.hash_holds));
        assert!(read(&line.replacen(",\"hash\"", ", \"hash\"", 1), &prev).is_none());
        assert!(read("{\"a\":1", &prev).is_none());
        assert!(read("not json", &prev).is_none());
    }
}
