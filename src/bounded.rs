//! Bounded reading of what users hand the program (content files, input scripts, facts and
//! decisions, lines typed at the terminal): every read has a size limit named in its error, only
//! regular files are opened (never a device or a pipe that never ends), a byte-order mark is
//! dropped, and text that is not UTF-8 is refused with the byte where it stops being so.

use std::io::{BufRead, Read};
use std::path::Path;

/// A scenario, standards or plan file (the largest shipped case is under 80 KB).
pub const CONTENT_BYTES: u64 = 4 << 20;
/// An input script for `play --input` (a full case is a few hundred bytes of inputs).
pub const SCRIPT_BYTES: u64 = 1 << 20;
/// Inputs in one script: far beyond any case (a case ends after tens of inputs).
pub const SCRIPT_INPUTS: usize = 10_000;
/// A facts or decision JSON object, given inline or as `@file`.
pub const JSON_BYTES: u64 = 1 << 20;
/// One line typed at the terminal.
pub const LINE_BYTES: usize = 64 << 10;
/// A small text file of the program's own kind (keys, trust lists, settings).
pub const SMALL_BYTES: u64 = 1 << 20;
/// A table an instructor hands over (a workshop's or a province's roster CSV).
pub const TABLE_BYTES: u64 = 16 << 20;

/// `n` bytes as people say it: "4 MiB", "64 KiB", "512 bytes".
pub fn size(n: u64) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A directory, a device, a pipe: nothing this program reads as a file.
    NotAFile,
    /// Larger than the limit for its kind (the limit, in bytes).
    TooLarge(u64),
    /// The operating system's refusal (missing, no permission, …).
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile => write!(f, "not a regular file"),
            ReadError::TooLarge(limit) => write!(
                f,
                "larger than {}, the limit for this kind of file",
                size(*limit)
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    // A FIFO named like a file is opened without waiting for a writer, then refused.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NONBLOCK);
    let file = open.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    // Sized from the open file; a file that grows meanwhile is still read only to the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// The text of the regular file at `path`: at most `limit` bytes of UTF-8, without a BOM. The
/// error names the file.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let cannot = |why: String| format!("cannot read {}: {why}", path.display());
    let bytes = read_bytes(path, limit).map_err(|e| cannot(e.to_string()))?;
    text(bytes).map_err(|at| cannot(format!("not UTF-8 text (byte {at}); save it as UTF-8")))
}

/// `bytes` as UTF-8 text without a leading byte-order mark, or the offset where it stops being
/// UTF-8.
pub fn text(bytes: Vec<u8>) -> Result<String, usize> {
    let mut s = String::from_utf8(bytes).map_err(|e| e.utf8_error().valid_up_to())?;
    if s.starts_with('\u{feff}') {
        s.drain(..'\u{feff}'.len_utf8());
    }
    Ok(s)
}

/// `s` without a leading byte-order mark (text given inline, or read by other means).
pub fn strip_bom(s: &str) -> &str {
    s.strip_prefix('\u{feff}').unwrap_or(s)
}

/// One line from `r`, without its line ending (and without a BOM on the first line of a
/// stream): `Ok(None)` at the end of input. A line longer than `limit` bytes, or not UTF-8, is
/// an error of kind `InvalidData`, consumed to its end so the next read starts on the next line;
/// reading it never holds more than `limit` bytes.
pub fn read_line(
    r: &mut impl BufRead,
    limit: usize,
    first: bool,
) -> std::io::Result<Option<String>> {
    let invalid = |m: String| std::io::Error::new(std::io::ErrorKind::InvalidData, m);
    let mut line = Vec::new();
    let mut over = false;
    let mut any = false;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        if !over {
            if line.len() + chunk.len() > limit {
                over = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = done.unwrap_or(buf.len());
        r.consume(used);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if over {
        return Err(invalid(format!(
            "the line is longer than {}, the limit for one line; it was skipped",
            size(limit as u64)
        )));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    let mut s = String::from_utf8(line).map_err(|e| {
        invalid(format!(
            "the line is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    // Only a stream's first line may carry a BOM; later, it is part of what was typed.
    if first && s.starts_with('\u{feff}') {
        s.drain(..'\u{feff}'.len_utf8());
    }
    Ok(Some(s))
}

/// The lines of `r`, each read with `read_line` under `limit`: a line too long or not UTF-8
/// comes as an error of kind `InvalidData` and the reading goes on with the next line; any other
/// error ends the lines after it is given.
pub struct Lines<R> {
    r: R,
    limit: usize,
    first: bool,
    done: bool,
}

/// `r`'s lines, bounded (see `Lines`).
pub fn lines<R: BufRead>(r: R, limit: usize) -> Lines<R> {
    Lines {
        r,
        limit,
        first: true,
        done: false,
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = std::io::Result<String>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let first = std::mem::replace(&mut self.first, false);
        match read_line(&mut self.r, self.limit, first) {
            Ok(line) => line.map(Ok),
            Err(e) => {
                self.done = e.kind() != std::io::ErrorKind::InvalidData;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("cailiang-bounded-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn a_file_over_its_limit_is_refused_naming_the_limit() {
        let p = temp("big.txt", &vec![b'a'; 2048]);
        let e = read_text(&p, 1024).unwrap_err();
        assert!(
            e.ends_with("larger than 1 KiB, the limit for this kind of file"),
            "{e}"
        );
        assert_eq!(read_text(&p, 2048).unwrap().len(), 2048);
    }

    #[test]
    fn devices_and_directories_are_not_read() {
        let e = read_text(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(e.ends_with("not a regular file"), "{e}");
        let e = read_text(&std::env::temp_dir(), 1 << 20).unwrap_err();
        assert!(e.ends_with("not a regular file"), "{e}");
    }

    #[test]
    fn a_bom_is_dropped_and_bad_utf8_is_located() {
        let p = temp("bom.txt", "\u{feff}[Choose(\"a\")]".as_bytes());
        assert_eq!(read_text(&p, 100).unwrap(), "[Choose(\"a\")]");
        let p = temp("latin1.txt", b"ab\xe9cd");
        let e = read_text(&p, 100).unwrap_err();
        assert!(e.contains("not UTF-8 text (byte 2)"), "{e}");
        assert_eq!(strip_bom("\u{feff}{}"), "{}");
    }

    #[test]
    fn lines_are_bounded_and_a_long_one_is_skipped_whole() {
        let long = "x".repeat(100);
        let input = format!("\u{feff}1\r\n{long}\n2\n\u{feff}3");
        let mut r = std::io::BufReader::with_capacity(8, input.as_bytes());
        assert_eq!(read_line(&mut r, 10, true).unwrap().as_deref(), Some("1"));
        let e = read_line(&mut r, 10, false).unwrap_err();
        assert!(e.to_string().contains("longer than 10 bytes"), "{e}");
        assert_eq!(read_line(&mut r, 10, false).unwrap().as_deref(), Some("2"));
        // A BOM after the first line is kept: it is part of what was typed.
        assert_eq!(
            read_line(&mut r, 10, false).unwrap().as_deref(),
            Some("\u{feff}3")
        );
        assert_eq!(read_line(&mut r, 10, false).unwrap(), None);
    }

    #[test]
    fn the_lines_iterator_goes_on_after_a_bad_line() {
        let input = b"ok\n\xff\xfe\nnext\n";
        let got: Vec<Result<String, std::io::ErrorKind>> = lines(&input[..], 100)
            .map(|l| l.map_err(|e| e.kind()))
            .collect();
        assert_eq!(
            got,
            vec![
                Ok("ok".to_string()),
                Err(std::io::ErrorKind::InvalidData),
                Ok("next".to_string())
            ]
        );
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(4 << 20), "4 MiB");
        assert_eq!(size(64 << 10), "64 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }
}
