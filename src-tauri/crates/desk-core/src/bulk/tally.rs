//! A running job's progress figures, kept up to date as records are applied instead of
//! summed over every item for each event (which made a job's events quadratic in its size).

use crate::bulk::plan::BulkPlan;
use crate::journal::{JobState, JournalRecord};

/// What progress reports, summed over the items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Items with an outcome.
    pub done: u32,
    /// Bytes of the verified backups.
    pub bytes: u64,
    /// Documents of the items without an outcome (for the quota floor).
    pub documents_left: u64,
}

impl Tally {
    pub fn of(plan: &BulkPlan, state: &JobState) -> Tally {
        let mut tally = Tally::default();
        for i in 0..state.items.len() {
            tally.add(plan, state, i);
        }
        tally
    }

    /// Count item `i` in.
    pub fn add(&mut self, plan: &BulkPlan, state: &JobState, i: usize) {
        let (item, st) = (&plan.items[i], &state.items[i]);
        self.bytes += st.backup.as_ref().map_or(0, |b| b.bytes);
        if st.outcome.is_some() {
            self.done += 1;
        } else {
            self.documents_left += item.document_ids.len() as u64;
        }
    }

    /// Count item `i` out (before a record changes it).
    pub fn remove(&mut self, plan: &BulkPlan, state: &JobState, i: usize) {
        let mut one = Tally::default();
        one.add(plan, state, i);
        self.done -= one.done;
        self.bytes -= one.bytes;
        self.documents_left -= one.documents_left;
    }
}

/// The item a record is about, if any.
pub(crate) fn session_of(record: &JournalRecord) -> Option<&str> {
    match record {
        JournalRecord::BackedUp { session_id, .. }
        | JournalRecord::BackupRejected { session_id, .. }
        | JournalRecord::DeleteSent { session_id }
        | JournalRecord::Outcome { session_id, .. } => Some(session_id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::ItemOutcome;

    /// The tally kept record by record equals the one summed from scratch.
    #[test]
    fn a_tally_kept_as_records_apply_equals_one_summed_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let account = crate::backup::AccountMeta {
            label: "a".into(),
            organization: String::new(),
            server: "http://127.0.0.1:1".into(),
        };
        let items = (0..4)
            .map(|n| crate::bulk::BulkItem {
                session_id: format!("s{n}"),
                name: format!("n{n}"),
                document_ids: (0..=n).map(|d| format!("d{d}")).collect(),
                listing: None,
            })
            .collect();
        let plan = BulkPlan::new(
            account,
            "acct".into(),
            dir.path().to_path_buf(),
            crate::bulk::BulkMode::BackUpThenDelete,
            items,
            false,
        )
        .unwrap();
        let mut state = JobState::new(plan.clone());
        let mut tally = Tally::of(&plan, &state);
        let backed_up = |id: &str, bytes| JournalRecord::BackedUp {
            session_id: id.into(),
            path: dir.path().join(id),
            sha256: String::new(),
            bytes,
        };
        let records = [
            backed_up("s0", 10),
            backed_up("s2", 30),
            JournalRecord::Outcome {
                session_id: "s0".into(),
                outcome: ItemOutcome::Deleted,
            },
            backed_up("s2", 7), // a re-backup replaces the earlier one
            JournalRecord::BackupRejected {
                session_id: "s2".into(),
                reason: crate::reason::StoredError::Legacy("gone".into()),
            },
            backed_up("s3", 5),
            JournalRecord::Paused,
        ];
        for record in &records {
            let i = session_of(record).and_then(|id| state.index_of(id));
            if let Some(i) = i {
                tally.remove(&plan, &state, i);
            }
            state.apply(record).unwrap();
            if let Some(i) = i {
                tally.add(&plan, &state, i);
            }
            assert_eq!(tally, Tally::of(&plan, &state), "after {record:?}");
        }
        assert_eq!(
            tally,
            Tally {
                done: 1,
                bytes: 15,
                documents_left: 2 + 3 + 4,
            }
        );
    }
}
