//! A small blocking client for the station's HTTP API (HTTP/1.1 over a plain socket, one request
//! per connection), for `play --station` and the tests. Requests time out; a dropped connection is
//! an `Err` the caller may retry, since the station applies an input at most once.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A reply: the HTTP status and the JSON body.
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    /// The station's error kind (`wrong_code`, `time_up`, …; see docs/STATION.md), if it refused.
    pub fn kind(&self) -> Option<&str> {
        if (200..300).contains(&self.status) {
            return None;
        }
        Some(self.body.get("kind").and_then(Value::as_str).unwrap_or(""))
    }

    pub fn ok(self) -> Result<Value, String> {
        if (200..300).contains(&self.status) {
            Ok(self.body)
        } else {
            Err(self
                .body
                .get("error")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("the station answered {}", self.status)))
        }
    }
}

/// Connect within a few seconds (a station on the LAN answers at once or is not there).
fn connect(addr: &str) -> std::io::Result<TcpStream> {
    use std::net::ToSocketAddrs;
    let mut last = std::io::Error::other(format!("`{addr}` is not a host:port address"));
    for a in addr.to_socket_addrs()? {
        match TcpStream::connect_timeout(&a, Duration::from_secs(5)) {
            Ok(s) => return Ok(s),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// One request to `addr` (`host:port`).
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> std::io::Result<Reply> {
    let mut s = connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    s.set_write_timeout(Some(Duration::from_secs(30)))?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(t) = token {
        req.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    if body.is_some() {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            payload.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(&payload);
    s.write_all(req.as_bytes())?;
    let mut r = BufReader::new(s);
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|x| x.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP reply: {line:?}")))?;
    let mut length: Option<usize> = None;
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().ok();
            }
        }
    }
    let mut bytes = Vec::new();
    match length {
        Some(n) => {
            bytes.resize(n, 0);
            r.read_exact(&mut bytes)?;
        }
        None => {
            r.read_to_end(&mut bytes)?;
        }
    }
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Ok(Reply { status, body })
}

/// Where a client keeps its token for a station (known by its join code, which survives a
/// restart on another address) and trainee.
pub fn token_path(data: &Path, code: &str, trainee: &str) -> PathBuf {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    };
    data.join("station-tokens")
        .join(format!("{}_{}.token", safe(code), safe(trainee)))
}

/// The token kept from an earlier join, if any.
pub fn kept_token(data: &Path, code: &str, trainee: &str) -> Option<String> {
    std::fs::read_to_string(token_path(data, code, trainee))
        .ok()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// Keep a token (0600 in a 0700 directory under `data`).
pub fn keep_token(data: &Path, code: &str, trainee: &str, token: &str) -> Result<(), String> {
    let path = token_path(data, code, trainee);
    path.parent()
        .map(crate::log::private_dir)
        .unwrap_or(Ok(()))
        .and_then(|_| crate::log::private_file(&path)?.write_all(token.as_bytes()))
        .map_err(|e| format!("cannot keep the station token: {e}"))
}

/// The trainee's token for the station: the one kept from an earlier join, or a new join (a
/// trainee joins once; the token is kept 0600 in `data`).
pub fn token(addr: &str, code: &str, trainee: &str, data: &Path) -> Result<String, String> {
    if let Some(t) = kept_token(data, code, trainee) {
        return Ok(t);
    }
    let r = request(
        addr,
        "POST",
        "/api/join",
        None,
        Some(&json!({"code": code, "trainee": trainee})),
    )
    .map_err(|e| format!("cannot reach the station at {addr}: {e}"))?
    .ok()?;
    let token = r
        .get("token")
        .and_then(Value::as_str)
        .ok_or("the station gave no token")?
        .to_string();
    keep_token(data, code, trainee, &token)?;
    Ok(token)
}

/// Follow a server-sent event stream (`GET path`): call `on(event, data)` for each event until
/// it returns false, the station closes the stream, or nothing (not even a keep-alive) arrives
/// for 30 s. Errors are the caller's cue to reconnect.
pub fn follow(
    addr: &str,
    path: &str,
    token: &str,
    mut on: impl FnMut(&str, Value) -> bool,
) -> std::io::Result<()> {
    let mut s = connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nAuthorization: Bearer {token}\r\n\r\n"
    );
    s.write_all(req.as_bytes())?;
    let mut r = BufReader::new(s);
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status = line.split_whitespace().nth(1).unwrap_or("");
    if status != "200" {
        return Err(std::io::Error::other(format!(
            "the station refused the live stream: {}",
            line.trim()
        )));
    }
    let mut chunked = false;
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("transfer-encoding")
                && v.to_ascii_lowercase().contains("chunked")
            {
                chunked = true;
            }
        }
    }
    // The body, de-chunked, split into events at blank lines.
    let mut text = String::new();
    let mut event = String::new();
    let mut data = String::new();
    loop {
        let piece = if chunked {
            line.clear();
            if r.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| std::io::Error::other("bad chunk size in the live stream"))?;
            if size == 0 {
                return Ok(());
            }
            if size > 16 << 20 {
                return Err(std::io::Error::other("a live update over 16 MiB"));
            }
            let mut buf = vec![0; size + 2];
            r.read_exact(&mut buf)?;
            buf.truncate(size);
            buf
        } else {
            let mut buf = vec![0; 8192];
            let n = r.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            buf.truncate(n);
            buf
        };
        text.push_str(&String::from_utf8_lossy(&piece));
        if text.len() > 16 << 20 {
            return Err(std::io::Error::other("a live update over 16 MiB"));
        }
        while let Some(i) = text.find('\n') {
            let l: String = text.drain(..=i).collect();
            let l = l.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                if !data.is_empty() {
                    let v = serde_json::from_str(&data).unwrap_or(Value::Null);
                    if !on(&event, v) {
                        return Ok(());
                    }
                }
                event.clear();
                data.clear();
            } else if let Some(v) = l.strip_prefix("event:") {
                event = v.trim().to_string();
            } else if let Some(v) = l.strip_prefix("data:") {
                data.push_str(v.strip_prefix(' ').unwrap_or(v));
            }
        }
    }
}
