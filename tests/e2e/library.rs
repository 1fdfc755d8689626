//! The library: permission-aware actions and save-backup-then-delete.
