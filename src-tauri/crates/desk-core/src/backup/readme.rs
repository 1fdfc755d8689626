//! `README.txt`: what the backup is and how to open it, for someone who finds the zip years
//! later without the app.

use super::manifest::Manifest;

pub const README_PATH: &str = "README.txt";

pub fn render(manifest: &Manifest) -> String {
    let sessions = manifest.sessions.len();
    let documents: usize = manifest.sessions.iter().map(|s| s.documents.len()).sum();
    let organization = if manifest.account.organization.is_empty() {
        String::new()
    } else {
        format!(" ({})", manifest.account.organization)
    };
    // CRLF line ends so Notepad on older Windows shows separate lines.
    [
        "SCRIPTIX BACKUP".to_string(),
        String::new(),
        format!(
            "This zip file is a copy of {sessions} recording(s) with {documents} transcript(s) or caption file(s)"
        ),
        format!("from the Scriptix account \"{}\"{organization}.", manifest.account.label),
        format!("It was made by Scriptix Desk {} on {} (UTC).", manifest.app_version, manifest.created_at),
        String::new(),
        "HOW TO OPEN IT".into(),
        "Double-click the zip file (Windows, macOS) or use any zip program. You do not need".into(),
        "Scriptix or Scriptix Desk to read it. Each recording has a folder under \"sessions\";".into(),
        "inside it, each transcript has its own folder with:".into(),
        String::new(),
        "  transcript.txt    the transcript as plain text (any text editor)".into(),
        "  transcript.docx   the transcript as a Word document".into(),
        "  captions.srt      captions as SubRip subtitles (video players, editors)".into(),
        "  captions.vtt      captions as WebVTT subtitles (web video)".into(),
        "  comments.json     the comments made on it".into(),
        "  document.json     everything Scriptix stored for it, in full".into(),
        String::new(),
        "A recording's folder may also hold the audio or video itself (media.*) and".into(),
        "session.json with its details.".into(),
        String::new(),
        "CHECKING IT".into(),
        "manifest.json lists every file with its SHA-256 checksum. In Scriptix Desk, choose".into(),
        "\"Open a backup\" to check it and read the transcripts without an internet connection.".into(),
        "Do not change files inside the zip: the check will then report them as damaged.".into(),
        String::new(),
    ]
    .join("\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::manifest::AccountMeta;

    #[test]
    fn names_the_account_and_how_to_open_it() {
        let account = AccountMeta {
            label: "Office".into(),
            organization: "Acme".into(),
            server: "s".into(),
        };
        let text = render(&Manifest::new(account, vec![]));
        assert!(text.contains("\"Office\" (Acme)"), "{text}");
        assert!(text.contains("transcript.txt"));
        assert!(text.contains("Open a backup"));
    }
}
