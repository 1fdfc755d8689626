//! Search, filters and sort over the cached sessions: a pure function, unit-tested.

use scriptix_api::model::{DocumentKind, Session};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum KindFilter {
    #[default]
    All,
    Transcripts,
    Captions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SortKey {
    Name,
    Created,
    #[default]
    Modified,
    Duration,
}

/// What the person typed and picked above the list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct LibraryQuery {
    /// Words to find in the session's or its documents' names (all must match).
    pub search: String,
    pub kind: KindFilter,
    /// `Some(true)`: only sessions whose documents are all finished; `Some(false)`: with
    /// at least one unfinished document.
    pub finished: Option<bool>,
    /// Inclusive `YYYY-MM-DD` bounds on the last change.
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
}

/// Indexes into `sessions` of the matching rows, in display order.
pub fn select(sessions: &[Session], q: &LibraryQuery) -> Vec<usize> {
    let words: Vec<String> = q.search.split_whitespace().map(str::to_lowercase).collect();
    let mut hits: Vec<usize> = sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| matches(s, q, &words))
        .map(|(i, _)| i)
        .collect();
    hits.sort_by(|&a, &b| {
        let (a, b) = (&sessions[a], &sessions[b]);
        let ord = match q.sort {
            SortKey::Name => a.filename.to_lowercase().cmp(&b.filename.to_lowercase()),
            SortKey::Created => a.created_at.cmp(&b.created_at),
            SortKey::Modified => a.last_modified.cmp(&b.last_modified),
            SortKey::Duration => a.duration_seconds.total_cmp(&b.duration_seconds),
        };
        if q.descending {
            ord.reverse()
        } else {
            ord
        }
    });
    hits
}

fn matches(s: &Session, q: &LibraryQuery, words: &[String]) -> bool {
    let docs = s.documents.as_deref().unwrap_or_default();
    if !words.is_empty() {
        let mut haystack = s.filename.to_lowercase();
        for d in docs {
            haystack.push('\n');
            haystack.push_str(&d.filename.to_lowercase());
        }
        if !words.iter().all(|w| haystack.contains(w.as_str())) {
            return false;
        }
    }
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
    let day = s.last_modified.get(..10).unwrap_or("");
    let from_ok = q.from.as_deref().is_none_or(|f| f.is_empty() || day >= f);
    let to_ok = q.to.as_deref().is_none_or(|t| t.is_empty() || day <= t);
    kind_ok && finished_ok && from_ok && to_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use scriptix_api::model::DocumentSummary;

    fn doc(name: &str, kind: DocumentKind, finished: bool) -> DocumentSummary {
        DocumentSummary {
            id: name.into(),
            filename: name.into(),
            kind,
            finished,
            ..Default::default()
        }
    }

    fn session(name: &str, modified: &str, duration: f64, docs: Vec<DocumentSummary>) -> Session {
        Session {
            id: name.into(),
            filename: name.into(),
            created_at: modified.into(),
            last_modified: modified.into(),
            duration_seconds: duration,
            documents: Some(docs),
            ..Default::default()
        }
    }

    fn sample() -> Vec<Session> {
        vec![
            session(
                "Board meeting March",
                "2025-03-04T10:00:00Z",
                600.0,
                vec![doc("minutes", DocumentKind::Transcript, true)],
            ),
            session(
                "Interview Anna",
                "2025-05-01T09:00:00Z",
                1800.0,
                vec![
                    doc("Interview transcript", DocumentKind::Transcript, false),
                    doc("Interview captions", DocumentKind::Caption, true),
                ],
            ),
            session(
                "Podcast 12",
                "2024-12-24T12:00:00Z",
                3600.0,
                vec![doc("Podcast captions", DocumentKind::Caption, true)],
            ),
        ]
    }

    fn names(s: &[Session], q: &LibraryQuery) -> Vec<String> {
        select(s, q)
            .into_iter()
            .map(|i| s[i].filename.clone())
            .collect()
    }

    #[test]
    fn newest_change_first_by_default_when_descending() {
        let q = LibraryQuery {
            descending: true,
            ..Default::default()
        };
        assert_eq!(
            names(&sample(), &q),
            ["Interview Anna", "Board meeting March", "Podcast 12"]
        );
    }

    #[test]
    fn search_matches_every_word_in_session_or_document_names() {
        let q = LibraryQuery {
            search: "anna INTERVIEW".into(),
            ..Default::default()
        };
        assert_eq!(names(&sample(), &q), ["Interview Anna"]);
        let q = LibraryQuery {
            search: "minutes".into(),
            ..Default::default()
        };
        assert_eq!(names(&sample(), &q), ["Board meeting March"]);
        let q = LibraryQuery {
            search: "nothing like this".into(),
            ..Default::default()
        };
        assert!(names(&sample(), &q).is_empty());
    }

    #[test]
    fn kind_and_finished_filters() {
        let q = LibraryQuery {
            kind: KindFilter::Captions,
            sort: SortKey::Name,
            ..Default::default()
        };
        assert_eq!(names(&sample(), &q), ["Interview Anna", "Podcast 12"]);
        let q = LibraryQuery {
            finished: Some(false),
            ..Default::default()
        };
        assert_eq!(names(&sample(), &q), ["Interview Anna"]);
        let q = LibraryQuery {
            finished: Some(true),
            sort: SortKey::Name,
            ..Default::default()
        };
        assert_eq!(names(&sample(), &q), ["Board meeting March", "Podcast 12"]);
    }

    #[test]
    fn date_range_is_inclusive_on_days() {
        let q = LibraryQuery {
            from: Some("2025-03-04".into()),
            to: Some("2025-05-01".into()),
            sort: SortKey::Name,
            ..Default::default()
        };
        assert_eq!(
            names(&sample(), &q),
            ["Board meeting March", "Interview Anna"]
        );
    }

    #[test]
    fn sorts_by_duration_and_name() {
        let q = LibraryQuery {
            sort: SortKey::Duration,
            descending: true,
            ..Default::default()
        };
        assert_eq!(
            names(&sample(), &q),
            ["Podcast 12", "Interview Anna", "Board meeting March"]
        );
        let q = LibraryQuery {
            sort: SortKey::Name,
            ..Default::default()
        };
        assert_eq!(
            names(&sample(), &q),
            ["Board meeting March", "Interview Anna", "Podcast 12"]
        );
    }
}
