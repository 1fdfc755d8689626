//! "Back up the whole account": a bulk job over every session the library has listed, which
//! must never claim more than that.
//!
//! Scriptix's session list can fall short (pages that run out before the announced total, a
//! list that never ends, or one still loading when the person starts): the job then backs up
//! what was listed, and its plan carries how the listing ended ([`AccountListing`],
//! journalled with the plan, so a resumed job knows too). The summary and the job's
//! `backup-index.json` say whether the account is covered ([`AccountCoverage`]); nothing says
//! "the whole account" unless the list was complete and every session in it was saved.

use std::path::PathBuf;

use scriptix_api::ScriptixClient;
use serde::Serialize;

use crate::backup::manifest::AccountMeta;
use crate::bulk::index::IndexWords;
use crate::bulk::plan::{plan_selection, BulkMode, BulkPlan, Selection};
use crate::bulk::report::ItemOutcome;
use crate::journal::JobState;
use crate::library::{Library, LibraryQuery};
use crate::reason::FailedStep;
use crate::DeskResult;

/// Whether a job covers what it was started for, as the summary reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AccountCoverage {
    /// The list was complete and every session in it has a verified backup (or was found
    /// to be no longer on Scriptix): the whole account as Scriptix lists it.
    Complete,
    /// Scriptix did not list every session, so those are in no backup of this job;
    /// `sessions` is how many, when Scriptix gave its count.
    NotListed { sessions: Option<u32> },
    /// Every session was listed, but not all of them were backed up (failed, or not
    /// started because the job was stopped).
    NotAllBackedUp,
}

/// Plan a backup of every session the library lists for the account, into `folder`.
///
/// Readings older than [`crate::bulk::LISTING_FRESH_FOR`] are refreshed first when that is
/// cheaper than a read per session (as for any bulk job); a refresh that finds the list
/// shorter than Scriptix's count leaves the listing marked incomplete. Without a client
/// (offline) the job reads each session itself.
pub async fn plan_account_backup(
    library: &Library,
    client: Option<&ScriptixClient>,
    account: AccountMeta,
    account_id: String,
    folder: PathBuf,
    include_media: bool,
    index_words: IndexWords,
) -> DeskResult<BulkPlan> {
    let session_ids = library.matching_ids(&account_id, &LibraryQuery::default());
    let selection = Selection {
        account,
        account_id: account_id.clone(),
        session_ids,
        folder,
        mode: BulkMode::BackUpOnly,
        include_media,
        index_words,
    };
    let mut plan = plan_selection(library, client, selection).await?;
    // Taken after plan_selection's refresh, which may have found the list complete (or not).
    let listing = library.account_listing(&account_id);
    plan.whole_account = Some(listing);
    Ok(plan)
}

/// Every planned session has a verified backup, or turned out not to be on Scriptix for
/// this account any more (nothing left to save).
pub(crate) fn all_saved(state: &JobState) -> bool {
    state.items.iter().all(|i| {
        i.backup.is_some()
            || match &i.outcome {
                Some(ItemOutcome::AlreadyDeleted | ItemOutcome::NotOnScriptix) => true,
                Some(ItemOutcome::Failed { reason }) => {
                    reason.step() == Some(FailedStep::GoneBeforeBackup)
                }
                _ => false,
            }
    })
}

/// What a whole-account job covers as its state stands; `None` for a job over sessions the
/// person picked.
pub(crate) fn coverage(state: &JobState) -> Option<AccountCoverage> {
    let listing = state.plan.whole_account?;
    Some(if !listing.complete {
        AccountCoverage::NotListed {
            sessions: listing.not_listed,
        }
    } else if all_saved(state) {
        AccountCoverage::Complete
    } else {
        AccountCoverage::NotAllBackedUp
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::plan::BulkItem;
    use crate::library::AccountListing;

    #[test]
    fn a_job_journalled_before_whole_account_backups_were_marked_still_loads() {
        let dir = tempfile::tempdir().unwrap();
        let account = AccountMeta {
            label: "Office".into(),
            organization: "Acme".into(),
            server: "https://api.scriptix.io".into(),
        };
        let item = BulkItem {
            session_id: "s1".into(),
            name: "Meeting".into(),
            document_ids: vec!["d1".into()],
            listing: None,
        };
        let mut plan = BulkPlan::new(
            account,
            "acct".into(),
            dir.path().into(),
            BulkMode::BackUpOnly,
            vec![item],
            false,
        )
        .unwrap();
        plan.whole_account = Some(AccountListing {
            complete: false,
            not_listed: Some(3),
        });
        let mut json = serde_json::to_value(&plan).unwrap();
        let back: BulkPlan = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back.whole_account, plan.whole_account);

        json.as_object_mut().unwrap().remove("whole_account");
        let old: BulkPlan = serde_json::from_value(json).unwrap();
        assert_eq!(
            old.whole_account, None,
            "an older job is a job over picked sessions"
        );
    }
}
