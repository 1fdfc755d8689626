//! What changes while the server runs: deletions, finished flags, tokens, shares, counts.
//!
//! Kept behind one `std::sync::Mutex` in [`crate::app::App`]; every handler takes it briefly
//! and never across an `.await`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::data::{Catalog, CommentRef, DocRef, ItemRef};
use crate::persona::Persona;

#[derive(Debug)]
pub(crate) struct Store {
    deleted_sessions: HashSet<u32>,
    deleted_docs: HashSet<DocRef>,
    deleted_comments: HashSet<CommentRef>,
    finished: HashSet<DocRef>,
    /// Ids whose delete answers 403 whoever asks.
    forbidden: HashSet<String>,
    tokens: HashMap<String, Persona>,
    revoked: HashSet<String>,
    /// How many replacement tokens each persona has been given by sign-in.
    generations: HashMap<Persona, u64>,
    shares: HashMap<DocRef, String>,
    requests: BTreeMap<String, u64>,
    total_requests: u64,
    downloads_with_token: u64,
    rate_limited: u64,
}

impl Store {
    pub(crate) fn new(catalog: &Catalog) -> Store {
        let finished = (0..catalog.sessions.len() as u32)
            .flat_map(|s| catalog.doc_refs(s))
            .filter(|&d| catalog.doc(d).initially_finished)
            .collect();
        let tokens = Persona::ALL
            .into_iter()
            .map(|p| (p.token(catalog.seed), p))
            .collect();
        Store {
            deleted_sessions: HashSet::new(),
            deleted_docs: HashSet::new(),
            deleted_comments: HashSet::new(),
            finished,
            forbidden: HashSet::new(),
            tokens,
            revoked: HashSet::new(),
            generations: HashMap::new(),
            shares: HashMap::new(),
            requests: BTreeMap::new(),
            total_requests: 0,
            downloads_with_token: 0,
            rate_limited: 0,
        }
    }

    // --- existence -------------------------------------------------------------------

    pub(crate) fn session_gone(&self, s: u32) -> bool {
        self.deleted_sessions.contains(&s)
    }

    /// Gone itself, or with its session.
    pub(crate) fn doc_gone(&self, d: DocRef) -> bool {
        self.session_gone(d.session) || self.deleted_docs.contains(&d)
    }

    pub(crate) fn comment_gone(&self, c: CommentRef) -> bool {
        self.doc_gone(c.doc) || self.deleted_comments.contains(&c)
    }

    pub(crate) fn delete(&mut self, item: ItemRef) {
        match item {
            ItemRef::Session(s) => {
                self.deleted_sessions.insert(s);
            }
            ItemRef::Document(d) => {
                self.deleted_docs.insert(d);
            }
            ItemRef::Comment(c) => {
                self.deleted_comments.insert(c);
            }
        }
    }

    // --- documents -------------------------------------------------------------------

    pub(crate) fn is_finished(&self, d: DocRef) -> bool {
        self.finished.contains(&d)
    }

    pub(crate) fn set_finished(&mut self, d: DocRef, finished: bool) {
        if finished {
            self.finished.insert(d);
        } else {
            self.finished.remove(&d);
        }
    }

    /// The document's magic-link token, made on first share and stable afterwards.
    pub(crate) fn share(&mut self, d: DocRef, seed: u64) -> String {
        self.shares
            .entry(d)
            .or_insert_with(|| {
                let n = crate::rng::key(&[seed, 0x54A2E, u64::from(d.session), u64::from(d.doc)]);
                format!("shr_{n:016x}")
            })
            .clone()
    }

    pub(crate) fn share_token(&self, d: DocRef) -> Option<&str> {
        self.shares.get(&d).map(String::as_str)
    }

    // --- permissions and tokens ----------------------------------------------------------

    pub(crate) fn forbid(&mut self, id: &str) {
        self.forbidden.insert(id.to_owned());
    }

    pub(crate) fn is_forbidden(&self, id: &str) -> bool {
        self.forbidden.contains(id)
    }

    /// The persona a token stands for, unless unknown or revoked.
    pub(crate) fn persona_for(&self, token: &str) -> Option<Persona> {
        if self.revoked.contains(token) {
            return None;
        }
        self.tokens.get(token).copied()
    }

    pub(crate) fn revoke(&mut self, token: &str) {
        self.revoked.insert(token.to_owned());
    }

    /// The token a sign-in hands out: the persona's current one, or a fresh one if that
    /// was revoked (as a real sign-in issues a new session token).
    pub(crate) fn sign_in(&mut self, who: Persona, seed: u64) -> String {
        loop {
            let generation = self.generations.get(&who).copied().unwrap_or(0);
            let token = who.token_generation(seed, generation);
            if !self.revoked.contains(&token) {
                self.tokens.insert(token.clone(), who);
                return token;
            }
            self.generations.insert(who, generation + 1);
        }
    }

    // --- counting --------------------------------------------------------------------

    pub(crate) fn count_request(&mut self, key: String) {
        self.total_requests += 1;
        *self.requests.entry(key).or_insert(0) += 1;
    }

    pub(crate) fn count_rate_limited(&mut self) {
        self.rate_limited += 1;
    }

    pub(crate) fn count_download_with_token(&mut self) {
        self.downloads_with_token += 1;
    }

    pub(crate) fn total_requests(&self) -> u64 {
        self.total_requests
    }

    pub(crate) fn snapshot(&self, catalog: &Catalog) -> StateSnapshot {
        let mut snap = StateSnapshot {
            requests: self.requests.clone(),
            total_requests: self.total_requests,
            download_requests_with_token: self.downloads_with_token,
            answered_429: self.rate_limited,
            forbidden: self.forbidden.iter().cloned().collect(),
            ..StateSnapshot::default()
        };
        for (s, meta) in (0u32..).zip(&catalog.sessions) {
            if self.session_gone(s) {
                snap.deleted_sessions.insert(meta.id.clone());
            } else {
                snap.sessions.insert(meta.id.clone());
            }
            for d in catalog.doc_refs(s) {
                let doc = catalog.doc(d);
                if self.doc_gone(d) {
                    snap.deleted_documents.insert(doc.id.clone());
                } else if self.is_finished(d) {
                    snap.finished_documents.insert(doc.id.clone());
                }
                if self.shares.contains_key(&d) {
                    snap.shared_documents.insert(doc.id.clone());
                }
                for c in catalog.comment_refs(d) {
                    if self.comment_gone(c) {
                        snap.deleted_comments.insert(catalog.comment(c).id.clone());
                    }
                }
            }
        }
        snap
    }
}

/// The server's state as tests check it (also `GET /__admin/state`).
///
/// "Deleted" means gone, however: deleting a session puts its documents and their comments
/// in `deleted_documents` and `deleted_comments` too. Ids are plain ids (`sess_…`, `doc_…`,
/// `cmt_…`), which are unique across the organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateSnapshot {
    /// Sessions that still exist.
    pub sessions: BTreeSet<String>,
    pub deleted_sessions: BTreeSet<String>,
    pub deleted_documents: BTreeSet<String>,
    pub deleted_comments: BTreeSet<String>,
    /// Existing documents marked finished (some start out finished).
    pub finished_documents: BTreeSet<String>,
    /// Documents with a magic link.
    pub shared_documents: BTreeSet<String>,
    /// Ids made undeletable with `forbid`.
    pub forbidden: BTreeSet<String>,
    /// Requests by `"<METHOD> <route kind>"`, e.g. `"GET sessions"`, `"DELETE document"`,
    /// `"GET export"`, `"GET blob"` (download host). See the contract's fake server notes.
    pub requests: BTreeMap<String, u64>,
    /// Every request to either host except `/__admin/`.
    pub total_requests: u64,
    /// Requests to the download host that carried a token header. A good client keeps it 0.
    pub download_requests_with_token: u64,
    /// API answers with status 429 (a plan's quota or in-flight limit, or injected faults).
    /// Included in `total_requests`.
    #[serde(default)]
    pub answered_429: u64,
}
