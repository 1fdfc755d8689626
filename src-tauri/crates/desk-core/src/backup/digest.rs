//! Checksums of a backup, computed on the bytes as they pass instead of in extra passes.
//!
//! A backup's checksum used to cost two extra full reads of the zip (one when finishing, one
//! at the end of the read-back). For a 1 GiB recording those reads took longer than the
//! download. Here the writer sums the zip as it goes out ([`CrcWriter`], a CRC-32) and
//! the read-back sums it as it comes in ([`SummingReader`]: SHA-256 on a [`HashThread`] and
//! the CRC-32), so the file is written once and read once.
//!
//! Why the whole zip's SHA-256 is computed on the read-back and not while writing: while
//! writing, the download, the zip and each file's own SHA-256 (for the manifest) already
//! keep the cores busy, and a second SHA-256 there slowed a 1 GiB backup by 0.45 s on two
//! cores; the read-back, which must read every byte anyway, has a core to spare for it.

use std::io::{self, Read, Seek, SeekFrom, Write};

use sha2::{Digest, Sha256};

use super::hash_thread::HashThread;

/// Chunk size for reading whole files (media can be gigabytes: memory stays flat).
const READ_CHUNK: usize = 256 * 1024;

/// A forward jump of at most this many bytes is read and hashed on the spot, so the small
/// records the zip library skips (data descriptors after each entry) do not stop the running
/// hash. Longer jumps (to the central directory at the end) are left for
/// [`SummingReader::finish`].
const GAP_FILL: u64 = 64 * 1024;

/// A running checksum of a file's bytes, fed in order.
pub(super) trait RunningSum {
    fn update(&mut self, data: &[u8]) -> io::Result<()>;
}

impl RunningSum for HashThread {
    fn update(&mut self, data: &[u8]) -> io::Result<()> {
        HashThread::update(self, data)
    }
}

/// CRC-32 runs at several gigabytes a second: cheap enough to compare every byte read back
/// with what was written (against accidental damage; SHA-256 covers tampering).
impl RunningSum for crc32fast::Hasher {
    fn update(&mut self, data: &[u8]) -> io::Result<()> {
        crc32fast::Hasher::update(self, data);
        Ok(())
    }
}

impl<A: RunningSum, B: RunningSum> RunningSum for (A, B) {
    fn update(&mut self, data: &[u8]) -> io::Result<()> {
        self.0.update(data)?;
        self.1.update(data)
    }
}

/// What a writer put into a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WrittenSums {
    pub(super) crc32: u32,
    pub(super) bytes: u64,
}

/// Sums everything written to `inner`, in order. Only for writers that never seek: the zip
/// is written as a stream (see the worker), so these bytes are the file.
pub(super) struct CrcWriter<W> {
    inner: W,
    crc: crc32fast::Hasher,
    bytes: u64,
}

impl<W: Write> CrcWriter<W> {
    pub(super) fn new(inner: W) -> Self {
        CrcWriter {
            inner,
            crc: crc32fast::Hasher::new(),
            bytes: 0,
        }
    }

    /// The inner writer and the sums of what was written.
    pub(super) fn finish(self) -> (W, WrittenSums) {
        let sums = WrittenSums {
            crc32: self.crc.finalize(),
            bytes: self.bytes,
        };
        (self.inner, sums)
    }
}

impl<W: Write> Write for CrcWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Only what the inner writer took: a short write is retried with the rest.
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A file reader for the zip library that also sums the whole file, each byte once and in
/// order, while the library reads the entries.
///
/// The library jumps around (central directory at the end first, then each entry's header
/// and data), so the reader keeps a frontier: every byte before it is in the hash. A read
/// that reaches past the frontier from at or before it extends the hash; re-reads behind it
/// add nothing; a short jump ahead is filled in; a long jump ahead waits for
/// [`SummingReader::finish`], which hashes whatever is left from the frontier to the end.
/// The result is the whole file's sum whatever the read order; reading the entries in file
/// order only makes it a single pass.
pub(super) struct SummingReader<R, S> {
    inner: R,
    /// Where `inner` is.
    pos: u64,
    /// Bytes `[0, hashed)` are in `hash`.
    hashed: u64,
    hash: S,
}

impl<R: Read + Seek, S: RunningSum> SummingReader<R, S> {
    /// `inner` must be at its start; `hash` must have seen nothing yet.
    pub(super) fn new(inner: R, hash: S) -> Self {
        SummingReader {
            inner,
            pos: 0,
            hashed: 0,
            hash,
        }
    }

    /// Sum the rest of the file; returns the sum of the whole file and its length.
    pub(super) fn finish(mut self) -> io::Result<(S, u64)> {
        self.inner.seek(SeekFrom::Start(self.hashed))?;
        let hash = &mut self.hash;
        self.hashed += read_chunks(&mut self.inner, u64::MAX, |chunk| hash.update(chunk))?;
        Ok((self.hash, self.hashed))
    }

    /// Hash the short stretch between the frontier and the current position, then carry on
    /// from that position.
    fn fill_gap(&mut self) -> io::Result<()> {
        let target = self.pos;
        self.inner.seek(SeekFrom::Start(self.hashed))?;
        let hash = &mut self.hash;
        self.hashed += read_chunks(&mut self.inner, target - self.hashed, |chunk| {
            hash.update(chunk)
        })?;
        if self.hashed != target {
            // The file ends inside the gap: read from where the library asked, and let it
            // find out that the file is too short.
            self.inner.seek(SeekFrom::Start(target))?;
        }
        Ok(())
    }
}

impl<R: Read + Seek, S: RunningSum> Read for SummingReader<R, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos > self.hashed && self.pos - self.hashed <= GAP_FILL {
            self.fill_gap()?;
        }
        let n = self.inner.read(buf)?;
        let end = self.pos + n as u64;
        if self.pos <= self.hashed && self.hashed < end {
            // Less than `n`, so it fits in a usize.
            let new = (self.hashed - self.pos) as usize;
            self.hash.update(&buf[new..n])?;
            self.hashed = end;
        }
        self.pos = end;
        Ok(n)
    }
}

impl<R: Read + Seek, S> Seek for SummingReader<R, S> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.pos = self.inner.seek(to)?;
        Ok(self.pos)
    }
}

/// SHA-256 and length of everything `reader` yields, hashed on this thread.
pub(super) fn hash_reader(reader: &mut impl Read) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let total = read_chunks(reader, u64::MAX, |chunk| {
        hasher.update(chunk);
        Ok(())
    })?;
    Ok((hex::encode(hasher.finalize()), total))
}

/// Hand at most `limit` bytes of `reader` to `each`, in chunks (media can be gigabytes);
/// returns how many there were.
fn read_chunks(
    reader: &mut impl Read,
    limit: u64,
    mut each: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<u64> {
    let size = usize::try_from(limit).map_or(READ_CHUNK, |l| l.min(READ_CHUNK));
    let mut buf = vec![0u8; size];
    let mut total = 0u64;
    while total < limit {
        let want = usize::try_from(limit - total).map_or(buf.len(), |left| left.min(buf.len()));
        let n = match reader.read(&mut buf[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        each(&buf[..n])?;
        total += n as u64;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn sha(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    fn sample(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 % 251) as u8).collect()
    }

    fn sha_reader(data: &[u8]) -> SummingReader<Cursor<Vec<u8>>, HashThread> {
        SummingReader::new(Cursor::new(data.to_vec()), HashThread::start().unwrap())
    }

    fn finish_sha(r: SummingReader<Cursor<Vec<u8>>, HashThread>) -> (String, u64) {
        let (hash, len) = r.finish().unwrap();
        let (sha256, hashed) = hash.finish().unwrap();
        assert_eq!(hashed, len);
        (sha256, len)
    }

    /// Reads `[start, start + len)` the way the zip library does: seek, then read.
    fn read_at<S: RunningSum>(
        r: &mut SummingReader<Cursor<Vec<u8>>, S>,
        start: u64,
        len: usize,
    ) -> Vec<u8> {
        r.seek(SeekFrom::Start(start)).unwrap();
        let mut out = vec![0u8; len];
        r.read_exact(&mut out).unwrap();
        out
    }

    #[test]
    fn the_writer_sums_exactly_what_reached_the_file() {
        let data = sample(300_000);
        let mut w = CrcWriter::new(Vec::new());
        for part in data.chunks(7_001) {
            w.write_all(part).unwrap();
        }
        let (written, sums) = w.finish();
        assert_eq!(written, data);
        assert_eq!(sums.crc32, crc32fast::hash(&data));
        assert_eq!(sums.bytes, data.len() as u64);
    }

    #[test]
    fn jumping_around_still_gives_the_whole_files_hash() {
        let data = sample(1_000_000);
        let mut r = sha_reader(&data);
        // The end first (the zip's central directory), then entries with small gaps between
        // them, a re-read behind the frontier, and a long jump ahead.
        assert_eq!(read_at(&mut r, 999_000, 1_000), data[999_000..]);
        assert_eq!(read_at(&mut r, 0, 10_000), data[..10_000]);
        assert_eq!(read_at(&mut r, 10_016, 5_000), data[10_016..15_016]);
        assert_eq!(read_at(&mut r, 12_000, 8_000), data[12_000..20_000]);
        assert_eq!(read_at(&mut r, 500_000, 100), data[500_000..500_100]);
        assert_eq!(finish_sha(r), (sha(&data), data.len() as u64));
    }

    #[test]
    fn reading_in_file_order_hashes_as_it_goes() {
        let data = sample(400_000);
        let mut r = sha_reader(&data);
        read_at(&mut r, 0, 100_000);
        read_at(&mut r, 100_024, 299_976);
        // Everything is in the hash before `finish`: nothing is left to read.
        assert_eq!(r.hashed, data.len() as u64);
        assert_eq!(finish_sha(r).0, sha(&data));
    }

    #[test]
    fn a_crc_reader_sums_the_whole_file_too() {
        let data = sample(700_000);
        let mut r = SummingReader::new(Cursor::new(data.clone()), crc32fast::Hasher::new());
        read_at(&mut r, 699_000, 1_000);
        read_at(&mut r, 0, 50_000);
        read_at(&mut r, 50_030, 10_000);
        let (crc, len) = r.finish().unwrap();
        assert_eq!((crc.finalize(), len), (crc32fast::hash(&data), 700_000));
    }

    #[test]
    fn hash_reader_reports_length() {
        let data = sample(600_000);
        let (sha256, len) = hash_reader(&mut Cursor::new(&data)).unwrap();
        assert_eq!((sha256, len), (sha(&data), 600_000));
    }
}
