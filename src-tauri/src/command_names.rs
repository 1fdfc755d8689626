// The app's own IPC commands, by their wire names. `build.rs` includes this file to generate
// one `allow-<name>` permission per command (with an app manifest, anything not granted in
// `capabilities/` is refused); the command-layer tests check that this list, the commands
// registered in `bindings.rs`, and the capability file all agree.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "startup",
    "start_practice",
    "list_accounts",
    "add_account_with_key",
    "sign_in",
    "finish_sign_in",
    "renew_with_key",
    "renew_with_password",
    "switch_account",
    "rename_account",
    "reorder_accounts",
    "remove_account",
    "forget_all_accounts",
    "open_library",
    "library_window",
    "matching_session_ids",
    "session_details",
    "open_document",
    "open_shared_link",
    "back_up",
    "export_as",
    "open_backup",
    "cancel_job",
    "delete_item",
    "mark_finished",
    "audit_entries",
    "export_audit_csv",
];
