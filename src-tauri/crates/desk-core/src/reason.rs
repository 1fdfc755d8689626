//! Why a delete or a bulk job's session did not end well, as codes.
//!
//! These are stored (the journal, the deletion record) and shown later, possibly by a newer
//! app in another language, so they hold a step code and the error's kind + detail, never a
//! sentence. Files written by older versions hold an English sentence instead; they still
//! load, as [`FailureReason::Legacy`], and the UI shows that text as it was written.

use serde::{Deserialize, Serialize};

use crate::error::DeskError;

/// How far a session got before it failed, which is what it means for its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FailedStep {
    /// A back-up-only job could not back it up.
    NotBackedUp,
    /// It could not be backed up, so it was not deleted.
    NotBackedUpNotDeleted,
    /// It was no longer on Scriptix, so it could not be backed up.
    GoneBeforeBackup,
    /// It was deleted, but its backup file has since been removed or changed.
    DeletedBackupLost,
    /// It was backed up, but the delete did not go through.
    NotDeleted,
}

/// A failure as a step plus, when there was one, the error behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemFailure {
    pub step: FailedStep,
    pub error: Option<DeskError>,
}

/// A stored failure reason: codes, or an older version's sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum FailureReason {
    Coded(ItemFailure),
    /// Written by a version before 0.2 in English; shown as it is.
    Legacy(String),
}

impl FailureReason {
    pub fn new(step: FailedStep, error: Option<DeskError>) -> Self {
        FailureReason::Coded(ItemFailure { step, error })
    }

    pub fn step(&self) -> Option<FailedStep> {
        match self {
            FailureReason::Coded(f) => Some(f.step),
            FailureReason::Legacy(_) => None,
        }
    }
}

/// A stored error: kind + detail, or an older version's sentence (for the journal's record
/// of a rejected backup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StoredError {
    Coded(DeskError),
    Legacy(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Detail, IoProblem};

    #[test]
    fn codes_round_trip_and_old_sentences_still_load() {
        let reason = FailureReason::new(
            FailedStep::NotBackedUpNotDeleted,
            Some(DeskError::Backup(Detail::BackupNotWritten {
                io: Some(IoProblem::DiskFull),
            })),
        );
        let json = serde_json::to_string(&reason).unwrap();
        assert!(!json.contains(' '), "no words, only codes: {json}");
        assert_eq!(
            serde_json::from_str::<FailureReason>(&json).unwrap(),
            reason
        );

        let old: FailureReason =
            serde_json::from_str(r#""It was backed up but not deleted. The disk is full.""#)
                .unwrap();
        assert!(matches!(old, FailureReason::Legacy(t) if t.starts_with("It was backed up")));
        let old: StoredError =
            serde_json::from_str(r#""The backup file was changed after it was made.""#).unwrap();
        assert!(matches!(old, StoredError::Legacy(_)));
    }
}
