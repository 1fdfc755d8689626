//! The deletion record a page at a time, newest first, read from the end of the file.
//!
//! The log only grows (one line per delete, for years), so the screen must not read all of
//! it to show the latest twenty. A page reads backwards from a cursor in chunks of
//! [`CHUNK`] bytes until it has its entries, so its cost depends on the page, not on the
//! history. The cursor is the byte offset where the oldest entry of the previous page
//! starts: entries are only ever appended, so it stays valid while new ones arrive.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::jsonl::MAX_LINE;

const CHUNK: usize = 64 * 1024;

/// Entries before `before` (the end of the file when `None`), newest first, at most
/// `limit`; and the cursor of the next, older page when there is anything before them.
pub(crate) struct Page<T> {
    pub records: Vec<T>,
    pub older: Option<u64>,
    /// Complete lines that did not parse or were longer than [`MAX_LINE`].
    pub damaged: u32,
}

pub(crate) fn read_page<T: DeserializeOwned>(
    path: &Path,
    before: Option<u64>,
    limit: usize,
) -> io::Result<Page<T>> {
    let mut page = Page {
        records: Vec::new(),
        older: None,
        damaged: 0,
    };
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(page),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    let mut back = Backwards {
        file: &mut file,
        pos: before.unwrap_or(len),
    };
    if back.pos > len {
        return Err(io::Error::from(io::ErrorKind::InvalidInput));
    }
    if before.is_some() && back.pos > 0 && back.byte_before()? != b'\n' {
        // Not a cursor this module handed out.
        return Err(io::Error::from(io::ErrorKind::InvalidInput));
    }
    if before.is_none() {
        // The last line may still be being written (or torn by a crash): start after the
        // last line break.
        back.pos = back.after_previous_newline(back.pos)?;
    }
    // `tail` holds the bytes [back.pos, end), which end on a line break.
    let mut tail: Vec<u8> = Vec::new();
    while page.records.len() < limit {
        let body_end = tail.len().saturating_sub(1);
        match tail[..body_end].iter().rposition(|&b| b == b'\n') {
            Some(k) => {
                take_line(&mut page, &tail[k + 1..body_end]);
                tail.truncate(k + 1);
            }
            None if back.pos == 0 => {
                if !tail.is_empty() {
                    take_line(&mut page, &tail[..body_end]);
                    tail.clear();
                }
                break;
            }
            None if tail.len() > MAX_LINE => {
                // A line longer than any record: skip it without holding it.
                page.damaged += 1;
                back.pos = back.after_previous_newline(back.pos)?;
                tail.clear();
                if back.pos > 0 {
                    tail.push(b'\n');
                    back.pos -= 1;
                }
            }
            None => back.prepend_chunk(&mut tail)?,
        }
    }
    let end = back.pos + tail.len() as u64;
    page.older = (end > 0 && page.records.len() == limit).then_some(end);
    Ok(page)
}

fn take_line<T: DeserializeOwned>(page: &mut Page<T>, line: &[u8]) {
    if line.len() > MAX_LINE {
        // Read whole only because it ended within the last chunk: still too long.
        page.damaged += 1;
        return;
    }
    if line.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    match serde_json::from_slice(line) {
        Ok(r) => page.records.push(r),
        Err(_) => page.damaged += 1,
    }
}

struct Backwards<'f> {
    file: &'f mut File,
    /// Everything from here on has been read (or is not wanted).
    pos: u64,
}

impl Backwards<'_> {
    fn read_at(&mut self, at: u64, buf: &mut [u8]) -> io::Result<()> {
        self.file.seek(SeekFrom::Start(at))?;
        self.file.read_exact(buf)
    }

    fn byte_before(&mut self) -> io::Result<u8> {
        let mut b = [0u8];
        self.read_at(self.pos - 1, &mut b)?;
        Ok(b[0])
    }

    /// Read the chunk before `pos` in front of `tail`.
    fn prepend_chunk(&mut self, tail: &mut Vec<u8>) -> io::Result<()> {
        let start = self.pos.saturating_sub(CHUNK as u64);
        let mut chunk = vec![0u8; (self.pos - start) as usize];
        self.read_at(start, &mut chunk)?;
        chunk.extend_from_slice(tail);
        *tail = chunk;
        self.pos = start;
        Ok(())
    }

    /// The offset just after the last line break before `end` (0 when there is none),
    /// reading a chunk at a time.
    fn after_previous_newline(&mut self, end: u64) -> io::Result<u64> {
        let mut end = end;
        let mut chunk = vec![0u8; CHUNK];
        while end > 0 {
            let start = end.saturating_sub(CHUNK as u64);
            let buf = &mut chunk[..(end - start) as usize];
            self.read_at(start, buf)?;
            if let Some(i) = buf.iter().rposition(|&b| b == b'\n') {
                return Ok(start + i as u64 + 1);
            }
            end = start;
        }
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Rec {
        n: u32,
    }

    fn all_pages(path: &Path, limit: usize) -> (Vec<u32>, u32) {
        let (mut seen, mut damaged, mut before) = (Vec::new(), 0, None);
        loop {
            let page = read_page::<Rec>(path, before, limit).unwrap();
            assert!(page.records.len() <= limit);
            seen.extend(page.records.iter().map(|r| r.n));
            damaged += page.damaged;
            match page.older {
                Some(c) => before = Some(c),
                None => return (seen, damaged),
            }
        }
    }

    #[test]
    fn pages_walk_back_through_every_entry_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        // Lines of many sizes, so chunk edges fall inside lines; a torn last line.
        let mut text = String::new();
        for n in 0..3000u32 {
            text.push_str(&format!(
                "{{\"n\":{n},\"pad\":\"{}\"}}\n",
                "y".repeat((n as usize * 37) % 300)
            ));
        }
        text.push_str("{\"n\":99");
        std::fs::write(&path, &text).unwrap();
        for limit in [1, 7, 50, 5000] {
            let (seen, damaged) = all_pages(&path, limit);
            assert_eq!(seen, (0..3000).rev().collect::<Vec<_>>(), "limit {limit}");
            assert_eq!(damaged, 0);
        }
    }

    #[test]
    fn damaged_and_overlong_lines_are_counted_and_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        // Just over the bound (read whole, then refused) and far over it (never held).
        let long = format!("{{\"n\":7,\"pad\":\"{}\"}}\n", "x".repeat(MAX_LINE + 10));
        let longer = format!("{{\"n\":8,\"pad\":\"{}\"}}\n", "x".repeat(3 * MAX_LINE));
        std::fs::write(
            &path,
            format!("{{\"n\":1}}\nnot json\n{long}\n{{\"n\":2}}\n{longer}{{\"n\":3}}\n"),
        )
        .unwrap();
        assert_eq!(all_pages(&path, 2), (vec![3, 2, 1], 3));
        assert_eq!(all_pages(&path, 10), (vec![3, 2, 1], 3));
    }

    #[test]
    fn an_empty_or_missing_log_has_one_empty_page_and_a_foreign_cursor_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        assert_eq!(all_pages(&path, 5), (vec![], 0));
        std::fs::write(&path, "{\"n\":1}\n{\"n\":2}\n").unwrap();
        assert!(read_page::<Rec>(&path, Some(3), 5).is_err());
        assert!(read_page::<Rec>(&path, Some(999), 5).is_err());
        let page = read_page::<Rec>(&path, Some(8), 5).unwrap();
        assert_eq!(page.records, vec![Rec { n: 1 }]);
        assert_eq!(page.older, None);
    }
}
