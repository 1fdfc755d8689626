// The app's own IPC commands, by their wire names. `build.rs` includes this file to generate
// one `allow-<name>` permission per command (with an app manifest, anything not granted in
// `capabilities/` is refused); the command-layer tests check that this list, the commands
// registered in `bindings.rs`, and the capability file all agree.
pub const COMMANDS: &[&str] = &["app_info"];
