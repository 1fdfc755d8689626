//! End-to-end tests of the built app in its real webview. Run by the test command under
//! Xvfb, inside a D-Bus session with an unlocked gnome-keyring:
//! `make test` (or, for this suite alone, see `scripts/test.sh`).

mod a11y;
mod accounts;
mod backup_zip;
mod bulk;
mod fake_api;
mod foundation;
mod installed;
mod instance;
mod language;
mod library;
mod microsoft;
mod practice;
mod support;
mod waiting;
