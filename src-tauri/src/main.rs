// Hide the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write;
use std::process::ExitCode;

use scriptix_desk_lib::cli::{self, Action};

fn main() -> ExitCode {
    // Arguments first: `--version`/`--help` must work where GTK cannot start (no display).
    match cli::parse(std::env::args_os().skip(1)) {
        Action::Print(text) => {
            // A closed pipe (`scriptix-desk --help | head -1`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Action::Refuse(text) => {
            let _ = std::io::stderr().write_all(text.as_bytes());
            ExitCode::from(2)
        }
        Action::Run => {
            scriptix_desk_lib::run();
            ExitCode::SUCCESS
        }
    }
}
