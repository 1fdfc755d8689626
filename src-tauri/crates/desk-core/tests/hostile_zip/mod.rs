//! Zip files built byte by byte, so a test can make exactly the lie it needs: sizes that
//! disagree, entries that share one compressed blob, local headers that say something else
//! than the central directory, and deflate streams that inflate to gigabytes from a few MiB
//! (made by hand, so building a 2 GiB bomb takes milliseconds and no 2 GiB buffer).
#![allow(dead_code)]

use sha2::{Digest, Sha256};

use desk_core::backup::{AccountMeta, FileRecord, Manifest, SessionRecord, MANIFEST_PATH};

/// One file as it will be written: its compressed bytes and what the headers declare.
#[derive(Clone)]
pub struct Entry {
    pub name: String,
    /// 0 stored, 8 deflated.
    pub method: u16,
    pub data: Vec<u8>,
    pub crc: u32,
    /// Declared uncompressed size.
    pub size: u32,
}

impl Entry {
    pub fn stored(name: &str, bytes: &[u8]) -> Entry {
        Entry {
            name: name.into(),
            method: 0,
            data: bytes.to_vec(),
            crc: crc32fast::hash(bytes),
            size: bytes.len() as u32,
        }
    }

    /// Deflated with stored blocks: a valid deflate stream of `bytes`.
    pub fn deflated(name: &str, bytes: &[u8]) -> Entry {
        let mut data = Vec::with_capacity(bytes.len() + bytes.len() / 65_535 * 5 + 5);
        let mut blocks = bytes.chunks(65_535).peekable();
        if blocks.peek().is_none() {
            data.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
        }
        while let Some(block) = blocks.next() {
            data.push(u8::from(blocks.peek().is_none()));
            let len = block.len() as u16;
            data.extend_from_slice(&len.to_le_bytes());
            data.extend_from_slice(&(!len).to_le_bytes());
            data.extend_from_slice(block);
        }
        Entry {
            name: name.into(),
            method: 8,
            data,
            crc: crc32fast::hash(bytes),
            size: bytes.len() as u32,
        }
    }

    /// `len` copies of `byte`, deflated to about len / 160 bytes (a zip bomb's payload).
    pub fn run(name: &str, byte: u8, len: u64) -> Entry {
        Entry {
            name: name.into(),
            method: 8,
            data: deflate_run(byte, len),
            crc: run_crc(byte, len),
            size: u32::try_from(len).expect("a run under 4 GiB"),
        }
    }

    /// The same entry with its declared size replaced (a lie the data does not back).
    pub fn declaring(mut self, size: u32) -> Entry {
        self.size = size;
        self
    }
}

/// A deflate stream (one fixed-Huffman block) of `len` copies of `byte`: the byte once,
/// then matches of length 258 at distance 1, 13 bits each.
pub fn deflate_run(byte: u8, len: u64) -> Vec<u8> {
    assert!(len >= 1);
    let mut w = Bits::default();
    w.push(1, 1); // final block
    w.push(1, 2); // fixed Huffman
    literal(&mut w, u16::from(byte));
    let mut left = len - 1;
    while left > 0 {
        // Lengths 3..=258; a leftover of 1 or 2 goes out as literals.
        if left >= 3 {
            let n = left.min(258);
            length(&mut w, n as u16);
            w.push_rev(0, 5); // distance code 0: distance 1
            left -= n;
        } else {
            literal(&mut w, u16::from(byte));
            left -= 1;
        }
    }
    w.push_rev(0, 7); // end of block (code 256)
    w.finish()
}

fn literal(w: &mut Bits, value: u16) {
    if value < 144 {
        w.push_rev(u32::from(0x30 + value), 8);
    } else {
        w.push_rev(u32::from(0x190 + value - 144), 9);
    }
}

/// A match length, fixed-Huffman coded (RFC 1951, 3.2.5).
fn length(w: &mut Bits, len: u16) {
    const BASE: [u16; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const EXTRA: [u32; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    let i = BASE.iter().rposition(|&b| b <= len).unwrap();
    let code = 257 + i as u32;
    if code < 280 {
        w.push_rev(code - 256, 7);
    } else {
        w.push_rev(code - 280 + 0xC0, 8);
    }
    w.push(u32::from(len - BASE[i]), EXTRA[i]);
}

/// LSB-first bit writer, as deflate packs its bits.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// `count` bits of `value`, least significant first (extra bits, header fields).
    fn push(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code: most significant bit first.
    fn push_rev(&mut self, code: u32, count: u32) {
        let reversed = code.reverse_bits() >> (32 - count);
        self.push(reversed, count);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

fn run_chunks(byte: u8, len: u64, mut each: impl FnMut(&[u8])) {
    let chunk = vec![byte; 1 << 20];
    let mut left = len;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        each(&chunk[..n]);
        left -= n as u64;
    }
}

pub fn run_crc(byte: u8, len: u64) -> u32 {
    let mut h = crc32fast::Hasher::new();
    run_chunks(byte, len, |c| h.update(c));
    h.finalize()
}

pub fn run_sha256(byte: u8, len: u64) -> String {
    let mut h = Sha256::new();
    run_chunks(byte, len, |c| h.update(c));
    hex::encode(h.finalize())
}

pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A zip under construction: local headers and data, then the directory.
#[derive(Default)]
pub struct RawZip {
    bytes: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

const DOS_DATE: u16 = (46 << 9) | (1 << 5) | 1; // 2026-01-01

impl RawZip {
    /// Writes `e`'s local header and data; returns where the header starts.
    pub fn local(&mut self, e: &Entry) -> u32 {
        self.local_as(e, &e.name, e.size)
    }

    /// A local header whose name and declared size may differ from the directory's.
    pub fn local_as(&mut self, e: &Entry, name: &str, size: u32) -> u32 {
        let offset = self.bytes.len() as u32;
        let b = &mut self.bytes;
        b.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        b.extend_from_slice(&20u16.to_le_bytes());
        b.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
        b.extend_from_slice(&e.method.to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        b.extend_from_slice(&DOS_DATE.to_le_bytes());
        b.extend_from_slice(&e.crc.to_le_bytes());
        b.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        b.extend_from_slice(&size.to_le_bytes());
        b.extend_from_slice(&(name.len() as u16).to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        b.extend_from_slice(name.as_bytes());
        b.extend_from_slice(&e.data);
        offset
    }

    /// Lists `e` in the central directory, its local header at `offset`.
    pub fn central(&mut self, e: &Entry, offset: u32) {
        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        c.extend_from_slice(&20u16.to_le_bytes());
        c.extend_from_slice(&20u16.to_le_bytes());
        c.extend_from_slice(&0x0800u16.to_le_bytes());
        c.extend_from_slice(&e.method.to_le_bytes());
        c.extend_from_slice(&0u16.to_le_bytes());
        c.extend_from_slice(&DOS_DATE.to_le_bytes());
        c.extend_from_slice(&e.crc.to_le_bytes());
        c.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        c.extend_from_slice(&e.size.to_le_bytes());
        c.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        c.extend_from_slice(&[0; 4]); // extra, comment
        c.extend_from_slice(&[0; 4]); // disk, internal attributes
        c.extend_from_slice(&[0; 4]); // external attributes
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(e.name.as_bytes());
        self.count += 1;
    }

    /// A plain entry: local header, data, and its directory record.
    pub fn add(&mut self, e: &Entry) {
        let offset = self.local(e);
        self.central(e, offset);
    }

    pub fn finish(mut self) -> Vec<u8> {
        let start = self.bytes.len() as u32;
        let size = self.central.len() as u32;
        self.bytes.extend_from_slice(&self.central);
        let b = &mut self.bytes;
        b.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        b.extend_from_slice(&[0; 4]);
        b.extend_from_slice(&self.count.to_le_bytes());
        b.extend_from_slice(&self.count.to_le_bytes());
        b.extend_from_slice(&size.to_le_bytes());
        b.extend_from_slice(&start.to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        self.bytes
    }
}

pub fn account() -> AccountMeta {
    AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: "https://api.example".into(),
    }
}

/// A manifest listing `files` (path, sha256, bytes), as the app would write it.
pub fn manifest(sessions: Vec<SessionRecord>, files: Vec<FileRecord>) -> Entry {
    let mut m = Manifest::new(account(), sessions);
    m.files = files;
    Entry::deflated(MANIFEST_PATH, &serde_json::to_vec(&m).unwrap())
}

pub fn record(path: &str, sha256: String, bytes: u64) -> FileRecord {
    FileRecord {
        path: path.into(),
        sha256,
        bytes,
    }
}

/// The record of an entry whose content is `bytes`.
pub fn record_of(path: &str, bytes: &[u8]) -> FileRecord {
    record(path, sha256(bytes), bytes.len() as u64)
}
