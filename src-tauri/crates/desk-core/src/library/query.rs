//! What the person asks of the list: search, filters and sort (applied in `search`).

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

#[cfg(test)]
use scriptix_api::model::{DocumentKind, Session};

/// Indexes into `sessions` of the matching rows, in display order: the library's search
/// over these sessions alone (for the tests below, which predate the cache's own records).
#[cfg(test)]
pub fn select(sessions: &[Session], q: &LibraryQuery) -> Vec<usize> {
    let mut store = super::store::Store::default();
    store.add(sessions.to_vec(), std::time::Instant::now());
    super::search::select(&mut store, q, &Default::default())
        .into_iter()
        .map(|i| i as usize)
        .collect()
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
