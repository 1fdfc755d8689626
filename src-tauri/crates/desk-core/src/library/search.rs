//! Search, filters and sort over the cached sessions, and the matches of recent queries.
//!
//! Typing a name into the search box asks for the matches once per keystroke. Each
//! keystroke that only adds to the search (more characters, more words) can only take
//! matches away, so it filters the previous keystroke's matches instead of every session;
//! deleting characters goes back to a query already answered. The sort order of all
//! sessions is worked out once (see `Store::order`), so no keystroke sorts.

use std::collections::HashSet;

use super::knowledge::Knowledge;
use super::query::{KindFilter, LibraryQuery};
use super::record::Record;
use super::store::Store;
use scriptix_api::model::DocumentKind;

/// The search's words, lowercased: each must be found in the session's or one of its
/// documents' names.
pub(super) fn words(search: &str) -> Vec<String> {
    search.split_whitespace().map(str::to_lowercase).collect()
}

fn has_words(r: &Record, words: &[String]) -> bool {
    let key = r.search_key();
    words.iter().all(|w| key.contains(w.as_str()))
}

fn matches(r: &Record, q: &LibraryQuery, words: &[String]) -> bool {
    if !has_words(r, words) {
        return false;
    }
    let docs = r.documents.as_deref().unwrap_or_default();
    let kind_ok = match q.kind {
        KindFilter::All => true,
        KindFilter::Transcripts => docs.iter().any(|d| d.kind == DocumentKind::Transcript),
        KindFilter::Captions => docs.iter().any(|d| d.kind == DocumentKind::Caption),
    };
    let finished_ok = match q.finished {
        None => true,
        Some(true) => !docs.is_empty() && docs.iter().all(|d| d.finished),
        Some(false) => docs.iter().any(|d| !d.finished),
    };
    // ISO 8601 dates compare correctly as text on their first ten characters.
    let day = r.last_modified().get(..10).unwrap_or("");
    let from_ok = q.from.as_deref().is_none_or(|f| f.is_empty() || day >= f);
    let to_ok = q.to.as_deref().is_none_or(|t| t.is_empty() || day <= t);
    kind_ok && finished_ok && from_ok && to_ok
}

/// Indexes of the sessions matching `q` that are not known to be gone, in display order.
pub(super) fn select(store: &mut Store, q: &LibraryQuery, k: &Knowledge) -> Vec<u32> {
    let words = words(&q.search);
    let gone: HashSet<&str> = k.gone_sessions().collect();
    let (order, records) = store.ordered(q.sort, q.descending);
    order
        .iter()
        .copied()
        .filter(|&i| {
            let r = &records[i as usize];
            matches(r, q, &words) && (gone.is_empty() || !gone.contains(r.id()))
        })
        .collect()
}

/// Everything but the search.
fn same_filters(a: &LibraryQuery, b: &LibraryQuery) -> bool {
    a.kind == b.kind
        && a.finished == b.finished
        && a.from == b.from
        && a.to == b.to
        && a.sort == b.sort
        && a.descending == b.descending
}

/// Whether every session matching `new` also matches `old`: each old word is part of a
/// new word, so a name holding the new words holds the old ones.
fn narrows(old: &[String], new: &[String]) -> bool {
    old.iter()
        .all(|o| new.iter().any(|n| n.contains(o.as_str())))
}

struct Step {
    query: LibraryQuery,
    words: Vec<String>,
    hits: Vec<u32>,
}

/// The matches of recent queries, each narrowing the one below it: typing forward pushes,
/// deleting pops back to a query already answered. Scrolling asks for many windows of one
/// query, which the top answers.
#[derive(Default)]
pub(super) struct Memo {
    chain: Vec<Step>,
}

/// Kept matches beyond this many times the sessions drop the oldest steps (a chain of
/// searches that each keep nearly everything would otherwise hold that many copies).
const KEPT_PER_SESSION: usize = 3;

impl Memo {
    /// Forget every answer: the sessions or what is known about them changed.
    pub(super) fn clear(&mut self) {
        self.chain.clear();
    }

    /// Indexes of the sessions matching `q` that are not known to be gone, in display
    /// order: the same as [`select`], from the closest earlier answer when there is one.
    pub(super) fn hits(&mut self, store: &mut Store, q: &LibraryQuery, k: &Knowledge) -> &[u32] {
        let words = words(&q.search);
        while let Some(top) = self.chain.last() {
            if same_filters(&top.query, q) && narrows(&top.words, &words) {
                break;
            }
            self.chain.pop();
        }
        let hits = match self.chain.last() {
            Some(top) if top.words == words => None,
            Some(top) => Some(
                top.hits
                    .iter()
                    .copied()
                    .filter(|&i| has_words(store.get(i as usize), &words))
                    .collect(),
            ),
            None => Some(select(store, q, k)),
        };
        if let Some(hits) = hits {
            self.chain.push(Step {
                query: q.clone(),
                words,
                hits,
            });
            let limit = KEPT_PER_SESSION * store.len() + 4096;
            while self.chain.len() > 1
                && self.chain.iter().map(|s| s.hits.len()).sum::<usize>() > limit
            {
                self.chain.remove(0);
            }
        }
        &self.chain.last().expect("an answer was just kept").hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use scriptix_api::model::{DocumentSummary, Session};
    use std::time::Instant;

    use super::super::query::SortKey;

    fn store(names: &[(String, Vec<String>)]) -> Store {
        let mut store = Store::default();
        let sessions = names
            .iter()
            .enumerate()
            .map(|(i, (name, docs))| Session {
                id: format!("s{i}"),
                filename: name.clone(),
                // Few distinct dates, so the sort has ties to keep in order.
                last_modified: format!("2025-01-0{}", i % 3 + 1),
                duration_seconds: (i % 4) as f64,
                documents: Some(
                    docs.iter()
                        .enumerate()
                        .map(|(j, d)| DocumentSummary {
                            id: format!("d{j}"),
                            filename: d.clone(),
                            kind: if j == 0 {
                                DocumentKind::Transcript
                            } else {
                                DocumentKind::Caption
                            },
                            finished: (i + j) % 2 == 0,
                            ..Default::default()
                        })
                        .collect(),
                ),
                ..Default::default()
            })
            .collect();
        store.add(sessions, Instant::now());
        store
    }

    /// Types and deletes along `steps` (each the search box's value), checking every
    /// answer against a full selection.
    fn check(store: &mut Store, k: &Knowledge, steps: &[LibraryQuery]) {
        let mut memo = Memo::default();
        for q in steps {
            let fresh = select(store, q, k);
            assert_eq!(memo.hits(store, q, k), fresh.as_slice(), "{q:?}");
        }
    }

    fn searches(texts: &[&str]) -> Vec<LibraryQuery> {
        texts
            .iter()
            .map(|t| LibraryQuery {
                search: (*t).into(),
                descending: true,
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn typing_deleting_and_changing_filters_answer_as_a_full_search_does() {
        let names: Vec<(String, Vec<String>)> = [
            (
                "Board meeting March.mp3",
                vec!["Board meeting March", "Board (captions)"],
            ),
            ("Interview Anna.wav", vec!["Interview transcript"]),
            ("Podcast 12.mp3", vec![]),
            ("Annual report.mp4", vec!["Annual report", "Notes Anna"]),
            ("ÉTÉ Anna.mp3", vec!["été"]),
        ]
        .iter()
        .map(|(n, d)| (n.to_string(), d.iter().map(|s| s.to_string()).collect()))
        .collect();
        let mut s = store(&names);
        let k = Knowledge::default();
        let mut steps = searches(&[
            "",
            "a",
            "an",
            "ann",
            "anna",
            "anna ",
            "anna i",
            "anna in",
            "anna i",
            "anna",
            "ann",
            "an",
            "a",
            "",
            "é",
            "ét",
            "été",
            "ÉTÉ anna",
            "capt",
            "capx",
            "cap",
            "",
            "  anna   board ",
            "anna board",
            "anna",
        ]);
        // A filter or sort changed mid-typing starts again from every session.
        steps.insert(
            5,
            LibraryQuery {
                search: "anna".into(),
                kind: KindFilter::Captions,
                ..Default::default()
            },
        );
        steps.push(LibraryQuery {
            search: "anna r".into(),
            sort: SortKey::Name,
            finished: Some(false),
            ..Default::default()
        });
        check(&mut s, &k, &steps);
    }

    #[test]
    fn a_session_learned_gone_is_left_out_of_every_answer() {
        let names = vec![
            ("Anna one".to_string(), vec![]),
            ("Anna two".to_string(), vec![]),
        ];
        let mut s = store(&names);
        let mut k = Knowledge::default();
        k.mark_gone(super::super::knowledge::ItemKey::Session("s1".into()));
        let mut memo = Memo::default();
        assert_eq!(memo.hits(&mut s, &searches(&["an"])[0], &k), &[0]);
        assert_eq!(memo.hits(&mut s, &searches(&["anna"])[0], &k), &[0]);
    }

    fn query() -> impl Strategy<Value = LibraryQuery> {
        let sort = prop_oneof![
            Just(SortKey::Name),
            Just(SortKey::Created),
            Just(SortKey::Modified),
            Just(SortKey::Duration)
        ];
        let kind = prop_oneof![
            Just(KindFilter::All),
            Just(KindFilter::Transcripts),
            Just(KindFilter::Captions)
        ];
        (
            sort,
            kind,
            any::<bool>(),
            proptest::option::of(any::<bool>()),
        )
            .prop_map(|(sort, kind, descending, finished)| LibraryQuery {
                sort,
                kind,
                descending,
                finished,
                ..Default::default()
            })
    }

    proptest! {
        #[test]
        fn every_keystroke_answers_as_a_full_search_does(
            names in proptest::collection::vec(
                ("[abAB é]{0,6}", proptest::collection::vec("[abB é]{0,5}", 0..3)),
                0..24,
            ),
            // Each step types a character (or a space), deletes one, or changes the rest
            // of the query.
            edits in proptest::collection::vec(
                prop_oneof![
                    4 => "[abAé ]".prop_map(Some),
                    2 => Just(None),
                ],
                1..30,
            ),
            filters in proptest::collection::vec(query(), 1..3),
        ) {
            let mut s = store(&names);
            let k = Knowledge::default();
            let mut text = String::new();
            let mut steps = Vec::new();
            for (n, edit) in edits.iter().enumerate() {
                match edit {
                    Some(c) => text.push_str(c),
                    None => {
                        text.pop();
                    }
                }
                // Now and then the filters or sort change under the typing.
                let f = if n % 7 == 6 { filters.len() - 1 } else { 0 };
                steps.push(LibraryQuery {
                    search: text.clone(),
                    ..filters[f].clone()
                });
            }
            check(&mut s, &k, &steps);
        }
    }
}
