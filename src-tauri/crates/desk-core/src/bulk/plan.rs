//! What a bulk job will do, fixed before it starts and journalled as its first record.
//!
//! Each session gets its own backup file name now, not when its backup is written, so a
//! resumed job writes to (and checks) exactly the files it planned, and a name is never
//! handed to two sessions even when the folder fills up while the job runs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use scriptix_api::{ScriptixClient, Session};

use serde::{Deserialize, Serialize};

use crate::backup::manifest::AccountMeta;
use crate::backup::names::{id_slug, safe_name};
use crate::bulk::index::IndexWords;
use crate::error::{DeskError, DeskResult, Detail};
use crate::library::Library;

/// File names the job keeps for itself in the backup folder (the first job's; later jobs
/// into the same folder number theirs, see [`BulkPlan::index_name`]).
pub const INDEX_CSV: &str = "backup-index.csv";
pub const INDEX_JSON: &str = "backup-index.json";
const INDEX_STEM: &str = "backup-index";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum BulkMode {
    BackUpOnly,
    BackUpThenDelete,
}

/// How long the library's reading of a session is trusted to say which documents it
/// holds. A session delete removes every document in it, and the API has no "delete only
/// if unchanged", so a document added after the last reading would go without a backup.
/// Within this window the job backs up the documents the person was shown (what the
/// confirmation counted); past it, it reads the session again first. Documents are added to
/// a session only by someone acting on it (a translation, a copy, captions), so minutes
/// are a small risk, while a read per session costs a request each (over 10% more requests
/// for a typical job, and the real service allows about one request a second).
pub const LISTING_FRESH_FOR: Duration = Duration::from_secs(5 * 60);

/// Whether a reading taken at `read_at` is still recent enough at `now` to trust.
pub fn reading_is_fresh(read_at: Instant, now: Instant) -> bool {
    now.saturating_duration_since(read_at) < LISTING_FRESH_FOR
}

/// What the library last read of a session, and when. Kept in memory only: a resumed job
/// reads every session again.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub session: Session,
    pub read_at: Instant,
}

impl Listing {
    /// The session's documents, if this reading lists them and is recent enough to trust.
    pub fn fresh_session(&self) -> Option<&Session> {
        (reading_is_fresh(self.read_at, Instant::now()) && self.session.documents.is_some())
            .then_some(&self.session)
    }
}

/// A session the person picked.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkItem {
    pub session_id: String,
    pub name: String,
    /// The documents the app knows the session holds: they give the document count.
    pub document_ids: Vec<String>,
    /// The library's reading of the session, if it has one; `None` makes the job read the
    /// session itself before backing it up.
    pub listing: Option<Listing>,
}

impl BulkItem {
    /// An item from the library's reading of `session` at `read_at`.
    pub fn listed(session: &Session, read_at: Instant) -> Self {
        BulkItem {
            listing: Some(Listing {
                session: session.clone(),
                read_at,
            }),
            ..BulkItem::from(session)
        }
    }
}

impl From<&Session> for BulkItem {
    /// An item the job reads afresh before its backup.
    fn from(session: &Session) -> Self {
        BulkItem {
            session_id: session.id.clone(),
            name: session.filename.clone(),
            document_ids: session
                .documents
                .iter()
                .flatten()
                .map(|d| d.id.clone())
                .collect(),
            listing: None,
        }
    }
}

/// A session with the backup file it will be written to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedItem {
    pub session_id: String,
    pub name: String,
    pub document_ids: Vec<String>,
    /// A file name in the plan's folder, unique within it.
    pub file_name: String,
    /// Not journalled (see [`Listing`]).
    #[serde(skip)]
    pub listing: Option<Listing>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkPlan {
    pub job_id: String,
    pub account: AccountMeta,
    pub account_id: String,
    pub folder: PathBuf,
    pub mode: BulkMode,
    pub items: Vec<PlannedItem>,
    pub include_media: bool,
    /// The stem of this job's index files in the folder (`backup-index`, or
    /// `backup-index (2)` when an earlier job's index is already there: both are kept).
    /// Journals from before this field name the first one.
    #[serde(default = "first_index_name")]
    pub index_name: String,
    /// Set for "back up the whole account": how far Scriptix's list of its sessions went
    /// when the job was planned (see [`crate::bulk::account`]). Journals from before this
    /// field, and jobs over sessions the person picked, have none.
    #[serde(default)]
    pub whole_account: Option<crate::library::AccountListing>,
    /// The words of this job's `backup-index.csv` (English for journals from before them).
    #[serde(default)]
    pub index_words: IndexWords,
}

fn first_index_name() -> String {
    INDEX_STEM.to_string()
}

/// The first index name not used by an earlier job's index in `folder`.
fn free_index_name(folder: &Path) -> String {
    (1u32..)
        .map(|n| {
            if n == 1 {
                INDEX_STEM.to_string()
            } else {
                format!("{INDEX_STEM} ({n})")
            }
        })
        .find(|stem| {
            !folder.join(format!("{stem}.csv")).exists()
                && !folder.join(format!("{stem}.json")).exists()
        })
        .expect("a u32's worth of names cannot all be taken")
}

impl BulkPlan {
    /// Plan a job: check the folder, drop repeated sessions, give each one a file name.
    pub fn new(
        account: AccountMeta,
        account_id: String,
        folder: PathBuf,
        mode: BulkMode,
        items: Vec<BulkItem>,
        include_media: bool,
    ) -> DeskResult<Self> {
        if !folder.is_dir() {
            return Err(DeskError::InvalidInput(Detail::FolderNotFound));
        }
        if items.is_empty() {
            return Err(DeskError::InvalidInput(Detail::NothingSelected));
        }
        let mut seen = HashSet::new();
        let index_name = free_index_name(&folder);
        let mut names = NameAllocator::new(&folder);
        let items = items
            .into_iter()
            .filter(|item| seen.insert(item.session_id.clone()))
            .map(|item| PlannedItem {
                file_name: names.allocate(&item.name, &item.session_id),
                session_id: item.session_id,
                name: item.name,
                document_ids: item.document_ids,
                listing: item.listing,
            })
            .collect();
        Ok(BulkPlan {
            job_id: uuid::Uuid::new_v4().to_string(),
            account,
            account_id,
            folder,
            mode,
            items,
            include_media,
            index_name,
            whole_account: None,
            index_words: IndexWords::default(),
        })
    }

    /// This job's `backup-index.csv` (or numbered sibling) in the folder.
    pub fn index_csv_path(&self) -> PathBuf {
        self.folder.join(format!("{}.csv", self.index_name))
    }

    /// This job's `backup-index.json` (or numbered sibling) in the folder.
    pub fn index_json_path(&self) -> PathBuf {
        self.folder.join(format!("{}.json", self.index_name))
    }

    pub fn zip_path(&self, item: &PlannedItem) -> PathBuf {
        self.folder.join(&item.file_name)
    }

    pub fn total_documents(&self) -> u32 {
        u32::try_from(
            self.items
                .iter()
                .map(|i| i.document_ids.len())
                .sum::<usize>(),
        )
        .unwrap_or(u32::MAX)
    }
}

/// What the person confirmed: these sessions of this account, into `folder`.
#[derive(Debug, Clone)]
pub struct Selection {
    pub account: AccountMeta,
    pub account_id: String,
    pub session_ids: Vec<String>,
    pub folder: PathBuf,
    pub mode: BulkMode,
    pub include_media: bool,
    /// The words of the job's `backup-index.csv`, in the person's language.
    pub index_words: IndexWords,
}

/// Plan a job over the sessions the person selected in the library. A delete job takes only
/// the sessions this account may delete (the same rule that shows the delete button).
/// Readings older than [`LISTING_FRESH_FOR`] are renewed first when one list request costs
/// less than reading them one by one; `client` is `None` when the account cannot talk to
/// Scriptix now, and then (or when that read fails) the job reads each session itself.
/// Sessions the library does not know are left out: the person never saw them.
pub async fn plan_selection(
    library: &Library,
    client: Option<&ScriptixClient>,
    selection: Selection,
) -> DeskResult<BulkPlan> {
    let Selection {
        account,
        account_id,
        session_ids,
        folder,
        mode,
        include_media,
        index_words,
    } = selection;
    let session_ids = match mode {
        BulkMode::BackUpThenDelete => library.deletable_among(&account_id, &session_ids),
        BulkMode::BackUpOnly => session_ids,
    };
    if let Some(client) = client {
        // A failed refresh only costs the job a request per stale session.
        let _ = library
            .refresh_stale(&account_id, client, &session_ids, Instant::now())
            .await;
    }
    let items: Vec<BulkItem> = session_ids
        .iter()
        .filter_map(|id| library.listing(&account_id, id))
        .map(|(session, read_at)| BulkItem::listed(&session, read_at))
        .collect();
    // Planning looks at the folder once per session (is the name taken?): a blocking
    // thread's work, not the async runtime's.
    let mut plan = tokio::task::spawn_blocking(move || {
        BulkPlan::new(account, account_id, folder, mode, items, include_media)
    })
    .await
    .map_err(|_| DeskError::Internal(Detail::TaskStopped))??;
    plan.index_words = index_words;
    Ok(plan)
}

/// Hands out file names that exist neither in the folder nor earlier in this plan.
struct NameAllocator<'a> {
    folder: &'a Path,
    /// Lower-cased: Windows and macOS folders treat `A.zip` and `a.zip` as one file.
    taken: HashSet<String>,
}

impl<'a> NameAllocator<'a> {
    fn new(folder: &'a Path) -> Self {
        let taken = [INDEX_CSV, INDEX_JSON]
            .iter()
            .map(|n| n.to_lowercase())
            .collect();
        NameAllocator { folder, taken }
    }

    fn allocate(&mut self, name: &str, session_id: &str) -> String {
        let base = format!("{} [{}]", safe_name(name), id_slug(session_id));
        for n in 1u32.. {
            let candidate = if n == 1 {
                format!("{base}.zip")
            } else {
                format!("{base} ({n}).zip")
            };
            if !self.taken.contains(&candidate.to_lowercase())
                && !self.folder.join(&candidate).exists()
            {
                self.taken.insert(candidate.to_lowercase());
                return candidate;
            }
        }
        unreachable!("a u32's worth of names cannot all be taken")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_carry_the_id() {
        let dir = tempfile::tempdir().unwrap();
        let mut names = NameAllocator::new(dir.path());
        assert_eq!(
            names.allocate("Board: 3/4 \"final\"?", "sess/../1"),
            "Board_ 3_4 _final__ [sess____1].zip"
        );
        assert_eq!(names.allocate("..", "s"), "untitled [s].zip");
    }

    #[test]
    fn names_are_unique_in_the_plan_and_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Meeting [s1].zip"), b"older backup").unwrap();
        let mut names = NameAllocator::new(dir.path());
        assert_eq!(names.allocate("Meeting", "s1"), "Meeting [s1] (2).zip");
        assert_eq!(names.allocate("Meeting", "s1"), "Meeting [s1] (3).zip");
        // Windows and macOS folders ignore case, so the plan does too.
        assert_eq!(names.allocate("Meeting", "s2"), "Meeting [s2].zip");
        assert_eq!(names.allocate("MEETING", "S2"), "MEETING [S2] (2).zip");
    }

    #[test]
    fn a_later_job_numbers_its_index_instead_of_replacing_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_index_name(dir.path()), "backup-index");
        std::fs::write(dir.path().join(INDEX_CSV), b"first job").unwrap();
        assert_eq!(free_index_name(dir.path()), "backup-index (2)");
        std::fs::write(dir.path().join("backup-index (2).json"), b"second job").unwrap();
        assert_eq!(free_index_name(dir.path()), "backup-index (3)");
    }
}
