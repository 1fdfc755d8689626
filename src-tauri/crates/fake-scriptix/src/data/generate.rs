//! One session's metadata from `(seed, index)`.

use super::words::{CITIES, COMMENTS, COMPANIES, LANGUAGES, MEDIA, PEOPLE, TITLES, TOPICS};
use super::{CommentMeta, DocKind, DocMeta, SessionMeta};
use crate::clock::{self, DATA_NOW};
use crate::persona::Persona;
use crate::rng::{key, mix, Rng};

const DAY: i64 = 86_400;
/// Sessions were created over the two years before [`DATA_NOW`].
const SPREAD_DAYS: u64 = 730;

/// Owners of shared organisation data (the viewer never uploads).
const OWNERS: [Persona; 4] = [
    Persona::Admin,
    Persona::Contributor,
    Persona::Contributor2,
    Persona::Mfa,
];
const OWNER_WEIGHTS: [u32; 4] = [20, 35, 30, 15];

/// Comment authors: everyone, the viewer rarely.
const AUTHOR_WEIGHTS: [u32; 5] = [20, 25, 25, 10, 20];

// Id spaces. Each id is `mix(space ^ n)` for a distinct `n`; `mix` is a bijection, so ids
// never collide within a kind, and the prefixes keep kinds apart.
const SESSION_SPACE: u64 = 0x5E55;
const DOC_SPACE: u64 = 0xD0C;
const COMMENT_SPACE: u64 = 0xC033;

pub(super) fn session(seed: u64, index: u32) -> SessionMeta {
    let i = u64::from(index);
    let mut rng = Rng::new(&[seed, SESSION_SPACE, i]);

    let day = DATA_NOW.div_euclid(DAY) - rng.below(SPREAD_DAYS) as i64;
    // Office hours, 08:00 to 18:00.
    let created_at = day * DAY + rng.range(8 * 3600, 18 * 3600) as i64;
    let duration_ms = rng.range(2 * 60, 95 * 60) * 1000 + rng.below(1000);
    let (ext, media_type) = rng.pick(MEDIA);
    let filename = format!("{}.{ext}", title(&mut rng, created_at));
    let owner = OWNERS[rng.weighted(&OWNER_WEIGHTS)];
    let status = ["completed", "processing", "error"][rng.weighted(&[96, 3, 1])];
    let language = LANGUAGES[rng.weighted(&LANGUAGES.iter().map(|l| l.1).collect::<Vec<_>>())].0;

    let stem = filename
        .rsplit_once('.')
        .map_or(filename.as_str(), |(s, _)| s)
        .to_owned();
    let doc_count = 1 + rng.weighted(&[50, 35, 15]) as u64;
    let documents: Vec<DocMeta> = (0..doc_count)
        .map(|d| document(seed, &mut rng, i, d, &stem, owner, created_at, duration_ms))
        .collect();
    let last_modified = documents
        .iter()
        .map(|d| d.last_modified)
        .max()
        .unwrap_or(created_at);

    SessionMeta {
        id: format!("sess_{:016x}", mix(key(&[seed, SESSION_SPACE]) ^ i)),
        numeric_id: 100_000u32.saturating_add(index),
        filename_lower: filename.to_lowercase(),
        filename,
        language,
        duration_ms,
        status,
        media_type,
        created_at,
        last_modified,
        owner,
        documents,
    }
}

#[allow(clippy::too_many_arguments)] // one call site, every value is distinct data
fn document(
    seed: u64,
    rng: &mut Rng,
    session: u64,
    d: u64,
    stem: &str,
    session_owner: Persona,
    session_created: i64,
    duration_ms: u64,
) -> DocMeta {
    let (kind, filename) = match d {
        0 => (DocKind::Transcript, stem.to_owned()),
        1 => (DocKind::Caption, format!("{stem} (captions)")),
        _ => (DocKind::Transcript, format!("{stem} (edited)")),
    };
    // Most documents belong to whoever uploaded the recording; some were made by a colleague.
    let owner = if rng.chance(0.85) {
        session_owner
    } else {
        OWNERS[rng.weighted(&OWNER_WEIGHTS)]
    };
    let created = session_created + (duration_ms / 1000) as i64 / 2 + rng.range(60, 1800) as i64;
    let last_modified = created + rng.below((DATA_NOW - created).max(1) as u64) as i64 / 4;
    let seconds = duration_ms / 1000;
    let per_segment = match kind {
        DocKind::Transcript => rng.range(8, 20),
        DocKind::Caption => rng.range(3, 6),
    };
    let segments = (seconds / per_segment).clamp(4, 600) as u16;
    let n = session * 4 + d;
    let comment_count = rng.weighted(&[40, 25, 15, 12, 8]) as u64;
    let comments = (0..comment_count)
        .map(|c| comment(seed, rng, n * 8 + c, owner, created, segments))
        .collect();
    DocMeta {
        id: format!("doc_{:016x}", mix(key(&[seed, DOC_SPACE]) ^ n)),
        kind,
        filename,
        created,
        last_modified,
        owner,
        initially_finished: rng.chance(0.3),
        speakers: rng.range(2, 4) as u8,
        segments,
        comments,
    }
}

fn comment(
    seed: u64,
    rng: &mut Rng,
    n: u64,
    doc_owner: Persona,
    doc_created: i64,
    segments: u16,
) -> CommentMeta {
    // About a third are the document owner's own notes; the rest come from colleagues.
    let author = if rng.chance(0.35) {
        doc_owner
    } else {
        Persona::ALL[rng.weighted(&AUTHOR_WEIGHTS)]
    };
    CommentMeta {
        id: format!("cmt_{:016x}", mix(key(&[seed, COMMENT_SPACE]) ^ n)),
        author,
        created_at: doc_created + rng.below((DATA_NOW - doc_created).max(1) as u64) as i64 / 3,
        segment: rng.below(u64::from(segments)) as u16,
        text: rng.pick(COMMENTS),
    }
}

fn title(rng: &mut Rng, created_at: i64) -> String {
    let q = rng.range(1, 3);
    rng.pick(TITLES)
        .replace("{date}", &clock::date(created_at))
        .replace("{name}", rng.pick(PEOPLE))
        .replace("{topic}", rng.pick(TOPICS))
        .replace("{company}", rng.pick(COMPANIES))
        .replace("{city}", rng.pick(CITIES))
        .replace("{n}", &rng.range(1, 48).to_string())
        .replace("{q2}", &(q + 1).to_string())
        .replace("{q}", &q.to_string())
}
