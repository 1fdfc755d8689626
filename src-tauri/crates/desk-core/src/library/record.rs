//! One cached session in compact form.
//!
//! A `Session` as the client reads it is about twenty separately allocated strings, and an
//! account of 100,000 sessions kept 100,000 of them (issue 20: 1.9 KB a session). Here a
//! session's own texts (its id, name and dates and its documents') share one allocation,
//! texts that repeat across sessions (status, language, media type, people) are stored once
//! per account and named by number, and the lowercased names the search looks in are worked
//! out once, when the session arrives, instead of on every keystroke.

use std::collections::HashMap;

use scriptix_api::model::{DocumentKind, DocumentSummary, Person, Session};

/// A text that repeats across sessions, by number (see [`Interner`]).
pub(super) type Sym = u32;

/// Texts that repeat across an account's sessions, each stored once.
#[derive(Default)]
pub(super) struct Interner {
    texts: Vec<Box<str>>,
    index: HashMap<Box<str>, Sym>,
}

impl Interner {
    pub(super) fn intern(&mut self, text: &str) -> Sym {
        if let Some(&sym) = self.index.get(text) {
            return sym;
        }
        let sym = Sym::try_from(self.texts.len()).expect("fewer than 2^32 distinct texts");
        self.texts.push(text.into());
        self.index.insert(text.into(), sym);
        sym
    }

    pub(super) fn get(&self, sym: Sym) -> &str {
        &self.texts[sym as usize]
    }

    fn person(&mut self, p: &Option<Person>) -> Option<[Sym; 2]> {
        p.as_ref()
            .map(|p| [self.intern(&p.id), self.intern(&p.name)])
    }

    fn person_back(&self, p: Option<[Sym; 2]>) -> Option<Person> {
        p.map(|[id, name]| Person {
            id: self.get(id).to_owned(),
            name: self.get(name).to_owned(),
        })
    }
}

/// A document of a cached session. Its texts live in the session's [`Record::text`].
pub(super) struct Doc {
    /// Where its id, name, created and last-modified texts end in the session's text
    /// (each starts where the one before it ends; the first where the previous one's last
    /// text, or the session's own, ends).
    ends: [u32; 4],
    pub(super) kind: DocumentKind,
    pub(super) finished: bool,
    can_delete: Option<bool>,
    language: Sym,
    created_by: Option<[Sym; 2]>,
    comment_count: Option<u32>,
    size_bytes: Option<u64>,
}

/// A cached session.
pub(super) struct Record {
    /// Id, name, created, last modified; then each document's four texts; then the search
    /// key: the lowercased session name and, after a line break each, the lowercased
    /// document names that are not already part of it.
    text: Box<str>,
    /// Where the id, name, created and last-modified texts end in `text`.
    ends: [u32; 4],
    /// Where the search key starts, and where its first part (the session name, the sort
    /// key of the name sort) ends.
    key_start: u32,
    name_key_end: u32,
    /// Which reading (see `Store::readings`) this is.
    pub(super) reading: u32,
    pub(super) duration_seconds: f64,
    status: Sym,
    language: Sym,
    media_type: Sym,
    created_by: Option<[Sym; 2]>,
    is_deleted: bool,
    can_delete: Option<bool>,
    pub(super) documents: Option<Box<[Doc]>>,
}

fn end(text: &str) -> u32 {
    u32::try_from(text.len()).expect("a session's texts fit in 4 GiB")
}

impl Record {
    pub(super) fn new(s: &Session, reading: u32, shared: &mut Interner) -> Record {
        let mut text = String::new();
        let push = |text: &mut String, part: &str| {
            text.push_str(part);
            end(text)
        };
        let ends = [
            push(&mut text, &s.id),
            push(&mut text, &s.filename),
            push(&mut text, &s.created_at),
            push(&mut text, &s.last_modified),
        ];
        let docs = s.documents.as_deref().unwrap_or_default();
        let documents: Vec<Doc> = docs
            .iter()
            .map(|d| Doc {
                ends: [
                    push(&mut text, &d.id),
                    push(&mut text, &d.filename),
                    push(&mut text, &d.created),
                    push(&mut text, &d.last_modified),
                ],
                kind: d.kind,
                finished: d.finished,
                can_delete: d.can_delete,
                language: shared.intern(&d.language),
                created_by: shared.person(&d.created_by),
                comment_count: d.comment_count,
                size_bytes: d.size_bytes,
            })
            .collect();
        // The search looks for each word in the session's or a document's lowercased name
        // (never across two: words hold no line break). A document name already contained
        // in the key adds no match, so it is left out; the fake's transcripts are named
        // like their session, which makes most keys one name long.
        let key_start = end(&text);
        text.push_str(&s.filename.to_lowercase());
        let name_key_end = end(&text);
        for d in docs {
            let lower = d.filename.to_lowercase();
            if !text[key_start as usize..].contains(&lower) {
                text.push('\n');
                text.push_str(&lower);
            }
        }
        Record {
            text: text.into_boxed_str(),
            ends,
            key_start,
            name_key_end,
            reading,
            duration_seconds: s.duration_seconds,
            status: shared.intern(&s.status),
            language: shared.intern(&s.language),
            media_type: shared.intern(&s.media_type),
            created_by: shared.person(&s.created_by),
            is_deleted: s.is_deleted,
            can_delete: s.can_delete,
            documents: s.documents.as_ref().map(|_| documents.into_boxed_slice()),
        }
    }

    fn part(&self, from: u32, to: u32) -> &str {
        &self.text[from as usize..to as usize]
    }

    pub(super) fn id(&self) -> &str {
        self.part(0, self.ends[0])
    }

    pub(super) fn created_at(&self) -> &str {
        self.part(self.ends[1], self.ends[2])
    }

    pub(super) fn last_modified(&self) -> &str {
        self.part(self.ends[2], self.ends[3])
    }

    /// The lowercased names the search looks in, one a line.
    pub(super) fn search_key(&self) -> &str {
        &self.text[self.key_start as usize..]
    }

    /// The lowercased session name: what the name sort compares.
    pub(super) fn name_key(&self) -> &str {
        self.part(self.key_start, self.name_key_end)
    }

    /// The session as the client read it.
    pub(super) fn to_session(&self, shared: &Interner) -> Session {
        let [id, filename, created_at, last_modified] = self.texts(0, self.ends);
        let mut start = self.ends[3];
        let documents = self.documents.as_ref().map(|docs| {
            docs.iter()
                .map(|d| {
                    let [id, filename, created, last_modified] = self.texts(start, d.ends);
                    start = d.ends[3];
                    DocumentSummary {
                        id,
                        filename,
                        kind: d.kind,
                        language: shared.get(d.language).to_owned(),
                        finished: d.finished,
                        created,
                        last_modified,
                        size_bytes: d.size_bytes,
                        created_by: shared.person_back(d.created_by),
                        comment_count: d.comment_count,
                        can_delete: d.can_delete,
                    }
                })
                .collect()
        });
        Session {
            id,
            filename,
            status: shared.get(self.status).to_owned(),
            language: shared.get(self.language).to_owned(),
            duration_seconds: self.duration_seconds,
            media_type: shared.get(self.media_type).to_owned(),
            created_at,
            last_modified,
            is_deleted: self.is_deleted,
            created_by: shared.person_back(self.created_by),
            documents,
            can_delete: self.can_delete,
        }
    }

    /// Four consecutive texts starting at `start`, owned.
    fn texts(&self, start: u32, ends: [u32; 4]) -> [String; 4] {
        let mut from = start;
        ends.map(|to| {
            let t = self.part(from, to).to_owned();
            from = to;
            t
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: &str) -> Option<Person> {
        Some(Person {
            id: id.into(),
            name: name.into(),
        })
    }

    #[test]
    fn a_session_comes_back_exactly_as_it_went_in() {
        let s = Session {
            id: "sess_1".into(),
            filename: "Ünïcode Board ΣΑΣ.mp3".into(),
            status: "completed".into(),
            language: "nl".into(),
            duration_seconds: 61.5,
            media_type: "audio/mpeg".into(),
            created_at: "2024-01-02T03:04:05Z".into(),
            last_modified: "2024-01-03".into(),
            is_deleted: false,
            created_by: person("7", "Ann"),
            documents: Some(vec![
                DocumentSummary {
                    id: "d1".into(),
                    filename: "Ünïcode BOARD".into(),
                    kind: DocumentKind::Transcript,
                    language: "nl".into(),
                    finished: true,
                    created: "c".into(),
                    last_modified: String::new(),
                    size_bytes: Some(2048),
                    created_by: person("", "Bob"),
                    comment_count: Some(3),
                    can_delete: Some(false),
                },
                DocumentSummary {
                    id: "d2".into(),
                    filename: "Captions ΣΑΣ".into(),
                    kind: DocumentKind::Caption,
                    ..Default::default()
                },
            ]),
            can_delete: Some(true),
        };
        let mut shared = Interner::default();
        let r = Record::new(&s, 0, &mut shared);
        assert_eq!(r.to_session(&shared), s);
        assert_eq!(r.id(), "sess_1");
        // Lowercased as the search always did, name by name (a final sigma stays one).
        assert_eq!(r.name_key(), "ünïcode board σασ.mp3");
        // The transcript's name is part of the session's: only the captions add a line.
        assert_eq!(r.search_key(), "ünïcode board σασ.mp3\ncaptions σας");
        for bare in [
            Session::default(),
            Session {
                documents: Some(vec![]),
                ..Default::default()
            },
        ] {
            assert_eq!(Record::new(&bare, 0, &mut shared).to_session(&shared), bare);
        }
    }
}
