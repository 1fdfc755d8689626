//! The organisation's recordings: generated once from the seed, metadata only.
//!
//! Transcript text is not stored; [`content`] regenerates it from `(seed, session,
//! document)` on request, so ten thousand sessions cost a few megabytes and start fast.

pub(crate) mod content;
mod generate;
mod words;

use std::collections::HashMap;

use crate::persona::Persona;

/// A document by position: session index and document index within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct DocRef {
    pub(crate) session: u32,
    pub(crate) doc: u8,
}

/// A comment by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct CommentRef {
    pub(crate) doc: DocRef,
    pub(crate) comment: u8,
}

/// Any deletable thing, found by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemRef {
    Session(u32),
    Document(DocRef),
    Comment(CommentRef),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocKind {
    Transcript,
    Caption,
}

impl DocKind {
    /// The wire word for the `type` field.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DocKind::Transcript => "document",
            DocKind::Caption => "caption",
        }
    }
}

#[derive(Debug)]
pub(crate) struct SessionMeta {
    pub(crate) id: String,
    pub(crate) numeric_id: u32,
    pub(crate) filename: String,
    /// For the case-insensitive `q` search and the filename sort.
    pub(crate) filename_lower: String,
    pub(crate) language: &'static str,
    pub(crate) duration_ms: u64,
    pub(crate) status: &'static str,
    pub(crate) media_type: &'static str,
    pub(crate) created_at: i64,
    pub(crate) last_modified: i64,
    pub(crate) owner: Persona,
    pub(crate) documents: Vec<DocMeta>,
}

#[derive(Debug)]
pub(crate) struct DocMeta {
    pub(crate) id: String,
    pub(crate) kind: DocKind,
    /// Display name, without an extension.
    pub(crate) filename: String,
    pub(crate) created: i64,
    pub(crate) last_modified: i64,
    pub(crate) owner: Persona,
    pub(crate) initially_finished: bool,
    pub(crate) speakers: u8,
    pub(crate) segments: u16,
    pub(crate) comments: Vec<CommentMeta>,
}

#[derive(Debug)]
pub(crate) struct CommentMeta {
    pub(crate) id: String,
    pub(crate) author: Persona,
    pub(crate) created_at: i64,
    /// Which segment the comment is anchored to.
    pub(crate) segment: u16,
    pub(crate) text: &'static str,
}

impl DocMeta {
    /// A size estimate for listings (the real JSON is generated only when fetched).
    pub(crate) fn size_estimate(&self) -> u64 {
        400 + 130 * u64::from(self.segments)
    }
}

/// Session indices in each sort order, ascending; descending walks them backwards.
#[derive(Debug)]
pub(crate) struct Orders {
    pub(crate) created: Vec<u32>,
    pub(crate) modified: Vec<u32>,
    pub(crate) filename: Vec<u32>,
}

#[derive(Debug)]
pub(crate) struct Catalog {
    pub(crate) seed: u64,
    pub(crate) sessions: Vec<SessionMeta>,
    pub(crate) orders: Orders,
    by_id: HashMap<String, ItemRef>,
}

impl Catalog {
    pub(crate) fn generate(seed: u64, sessions: usize) -> Catalog {
        let count = u32::try_from(sessions).unwrap_or(u32::MAX);
        let sessions: Vec<SessionMeta> = (0..count).map(|i| generate::session(seed, i)).collect();
        let mut by_id = HashMap::with_capacity(sessions.len() * 4);
        for (s, meta) in (0u32..).zip(&sessions) {
            by_id.insert(meta.id.clone(), ItemRef::Session(s));
            for (d, doc) in (0u8..).zip(&meta.documents) {
                let doc_ref = DocRef { session: s, doc: d };
                by_id.insert(doc.id.clone(), ItemRef::Document(doc_ref));
                for (c, comment) in (0u8..).zip(&doc.comments) {
                    let cref = CommentRef {
                        doc: doc_ref,
                        comment: c,
                    };
                    by_id.insert(comment.id.clone(), ItemRef::Comment(cref));
                }
            }
        }
        let orders = Orders {
            created: sorted(&sessions, |m| m.created_at),
            modified: sorted(&sessions, |m| m.last_modified),
            filename: sorted(&sessions, |m| m.filename_lower.clone()),
        };
        Catalog {
            seed,
            sessions,
            orders,
            by_id,
        }
    }

    pub(crate) fn item(&self, id: &str) -> Option<ItemRef> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn session_index(&self, id: &str) -> Option<u32> {
        match self.item(id)? {
            ItemRef::Session(s) => Some(s),
            _ => None,
        }
    }

    /// The document `doc_id` of session `session_id` (`None` if it is in another session).
    pub(crate) fn document_ref(&self, session_id: &str, doc_id: &str) -> Option<DocRef> {
        let s = self.session_index(session_id)?;
        match self.item(doc_id)? {
            ItemRef::Document(d) if d.session == s => Some(d),
            _ => None,
        }
    }

    /// The comment `comment_id` of document `doc` (`None` if it is on another document).
    pub(crate) fn comment_ref(&self, doc: DocRef, comment_id: &str) -> Option<CommentRef> {
        match self.item(comment_id)? {
            ItemRef::Comment(c) if c.doc == doc => Some(c),
            _ => None,
        }
    }

    pub(crate) fn session(&self, s: u32) -> &SessionMeta {
        &self.sessions[s as usize]
    }

    pub(crate) fn doc(&self, d: DocRef) -> &DocMeta {
        &self.session(d.session).documents[usize::from(d.doc)]
    }

    pub(crate) fn comment(&self, c: CommentRef) -> &CommentMeta {
        &self.doc(c.doc).comments[usize::from(c.comment)]
    }

    pub(crate) fn doc_refs(&self, s: u32) -> impl Iterator<Item = DocRef> + '_ {
        (0..self.session(s).documents.len()).map(move |d| DocRef {
            session: s,
            doc: d as u8,
        })
    }

    pub(crate) fn comment_refs(&self, doc: DocRef) -> impl Iterator<Item = CommentRef> + '_ {
        (0..self.doc(doc).comments.len()).map(move |c| CommentRef {
            doc,
            comment: c as u8,
        })
    }
}

/// Indices ordered by `key`, ties by index, so every order is total and repeatable.
fn sorted<K: Ord>(sessions: &[SessionMeta], key: impl Fn(&SessionMeta) -> K) -> Vec<u32> {
    let mut keyed: Vec<(K, u32)> = (0u32..).zip(sessions).map(|(i, m)| (key(m), i)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        let a = Catalog::generate(5, 30);
        let b = Catalog::generate(5, 30);
        let c = Catalog::generate(6, 30);
        let names = |cat: &Catalog| -> Vec<String> {
            cat.sessions.iter().map(|s| s.filename.clone()).collect()
        };
        assert_eq!(names(&a), names(&b));
        assert_ne!(names(&a), names(&c));
        assert_eq!(a.sessions[3].id, b.sessions[3].id);
        assert_ne!(a.sessions[3].id, c.sessions[3].id);
    }

    #[test]
    fn every_id_is_unique_and_found_again() {
        let cat = Catalog::generate(1, 2000);
        let docs: usize = cat.sessions.iter().map(|s| s.documents.len()).sum();
        let comments: usize = cat
            .sessions
            .iter()
            .flat_map(|s| &s.documents)
            .map(|d| d.comments.len())
            .sum();
        assert_eq!(cat.by_id.len(), cat.sessions.len() + docs + comments);
        let s = &cat.sessions[17];
        assert_eq!(cat.session_index(&s.id), Some(17));
        let d = &s.documents[0];
        let dref = cat.document_ref(&s.id, &d.id).unwrap();
        assert_eq!(cat.doc(dref).id, d.id);
        // A document is only found under its own session.
        assert_eq!(cat.document_ref(&cat.sessions[18].id, &d.id), None);
    }

    #[test]
    fn data_has_the_promised_spread() {
        let cat = Catalog::generate(1, 1000);
        for s in &cat.sessions {
            assert!((1..=3).contains(&s.documents.len()), "{}", s.id);
            assert!(s.last_modified >= s.created_at);
            assert!(s.created_at > crate::clock::DATA_NOW - 2 * 366 * 86_400);
            assert!(s.owner != Persona::Viewer);
            for d in &s.documents {
                assert!(d.comments.len() <= 4);
            }
        }
        let owners: std::collections::HashSet<_> = cat.sessions.iter().map(|s| s.owner).collect();
        assert_eq!(owners.len(), 4, "sessions are spread over every owner");
        let completed = cat
            .sessions
            .iter()
            .filter(|s| s.status == "completed")
            .count();
        assert!(completed > 900, "mostly completed, got {completed}");
        assert!(cat
            .sessions
            .iter()
            .flat_map(|s| &s.documents)
            .any(|d| d.kind == DocKind::Caption));
    }

    #[test]
    fn orders_are_sorted() {
        let cat = Catalog::generate(3, 200);
        let created: Vec<i64> = cat
            .orders
            .created
            .iter()
            .map(|&i| cat.session(i).created_at)
            .collect();
        assert!(created.windows(2).all(|w| w[0] <= w[1]));
        let names: Vec<&str> = cat
            .orders
            .filename
            .iter()
            .map(|&i| cat.session(i).filename_lower.as_str())
            .collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]));
    }
}
