//! The command line, read before anything touches GTK or Tauri.
//!
//! `--version` and `--help` must answer on a machine with no display (an IT department's
//! packaging check, a support call over SSH), and starting GTK without a display aborts the
//! process. So `main` asks this module first and only starts the app when it says so.

/// What the process should do, decided from its arguments alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Print this text to stdout and exit successfully.
    Print(String),
    /// Print this text to stderr and exit with status 2 (the usual "bad usage" code).
    Refuse(String),
    /// Start the app window.
    Run,
}

/// The one version the app, its packages and `--version` agree on (the workspace version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Options the app itself understands. GTK's own `--display` and friends are not offered:
/// the app reads `DISPLAY`/`WAYLAND_DISPLAY` like every desktop program.
const KNOWN_RUN_FLAGS: &[&str] = &["--practice-when-empty"];

pub fn version_text() -> String {
    format!("scriptix-desk {VERSION}\n")
}

pub fn help_text() -> String {
    format!(
        "Scriptix Desk {VERSION}: look after your Scriptix transcripts safely.\n\
         \n\
         Usage: scriptix-desk [OPTIONS]\n\
         \n\
         Options:\n\
         \x20 --practice-when-empty  open on sample data when no account is set up yet\n\
         \x20 -h, --help             print this help and exit\n\
         \x20 -V, --version          print the version and exit\n\
         \n\
         Environment:\n\
         \x20 SCRIPTIX_DESK_HOME              keep every file the app writes under this folder\n\
         \x20 SCRIPTIX_DESK_KEYRING_NAMESPACE use a separate entry in the password store\n\
         \x20 RUST_LOG                        how much the log file records (default: info)\n\
         \n\
         Logs: the \"logs\" folder in the app's data folder (~/.local/share/io.scriptix.desk/logs).\n"
    )
}

/// Decide from the arguments (without the program name). `--help` and `--version` win over
/// everything else, as in most programs; an unknown option is refused rather than ignored,
/// so a typo in a menu entry or script shows up at once.
pub fn parse<I, S>(args: I) -> Action
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Action::Print(help_text());
    }
    if args.iter().any(|a| a == "--version" || a == "-V") {
        return Action::Print(version_text());
    }
    match args.iter().find(|a| !KNOWN_RUN_FLAGS.contains(&a.as_str())) {
        Some(unknown) => Action::Refuse(format!(
            "scriptix-desk: unknown option '{unknown}'\nTry 'scriptix-desk --help'.\n"
        )),
        None => Action::Run,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_and_help_answer_without_starting_the_app() {
        assert_eq!(
            parse(["--version"]),
            Action::Print(format!("scriptix-desk {VERSION}\n"))
        );
        assert_eq!(parse(["-V"]), parse(["--version"]));
        let Action::Print(help) = parse(["--help"]) else {
            panic!("--help did not print")
        };
        assert!(help.contains("--practice-when-empty") && help.contains("--version"));
        assert_eq!(parse(["-h"]), parse(["--help"]));
        // Help wins even when mixed with other flags.
        assert_eq!(
            parse(["--practice-when-empty", "--help"]),
            parse(["--help"])
        );
    }

    #[test]
    fn the_app_runs_with_no_or_known_arguments_only() {
        assert_eq!(parse(Vec::<String>::new()), Action::Run);
        assert_eq!(parse(["--practice-when-empty"]), Action::Run);
        let Action::Refuse(text) = parse(["--verison"]) else {
            panic!("a typo was accepted")
        };
        assert!(text.contains("'--verison'") && text.contains("--help"));
    }
}
