//! `README.txt`: what the backup is and how to open it, for someone who finds the zip years
//! later without the app, in the language of the app that made it. Rust holds these
//! templates (one per language, all here) because they are file content, not UI messages.

use std::sync::atomic::{AtomicU8, Ordering};

use super::manifest::Manifest;
use crate::settings::Language;

pub const README_PATH: &str = "README.txt";

/// The language the UI shows, set by the command layer when it starts or the person
/// changes it: backups are written in it. One value for the whole app, like the UI.
static DOCUMENT_LANGUAGE: AtomicU8 = AtomicU8::new(1);

pub fn set_document_language(language: Language) {
    DOCUMENT_LANGUAGE.store(
        match language {
            Language::Nl => 0,
            Language::En => 1,
            Language::De => 2,
            Language::Fr => 3,
        },
        Ordering::Relaxed,
    );
}

fn document_language() -> Language {
    match DOCUMENT_LANGUAGE.load(Ordering::Relaxed) {
        0 => Language::Nl,
        2 => Language::De,
        3 => Language::Fr,
        _ => Language::En,
    }
}

/// `README.txt` in the app's language.
pub fn render(manifest: &Manifest) -> String {
    render_in(document_language(), manifest)
}

/// What fills the template: counts, names and the file list's words.
struct Facts<'a> {
    sessions: usize,
    documents: usize,
    account: &'a str,
    /// " (organisation)" or empty.
    organization: String,
    version: &'a str,
    created: &'a str,
}

pub fn render_in(language: Language, manifest: &Manifest) -> String {
    let facts = Facts {
        sessions: manifest.sessions.len(),
        documents: manifest.sessions.iter().map(|s| s.documents.len()).sum(),
        account: &manifest.account.label,
        organization: if manifest.account.organization.is_empty() {
            String::new()
        } else {
            format!(" ({})", manifest.account.organization)
        },
        version: &manifest.app_version,
        created: &manifest.created_at,
    };
    let lines = match language {
        Language::Nl => dutch(&facts),
        Language::En => english(&facts),
        Language::De => german(&facts),
        Language::Fr => french(&facts),
    };
    // CRLF line ends so Notepad on older Windows shows separate lines.
    lines.join("\r\n")
}

fn english(f: &Facts) -> Vec<String> {
    let Facts {
        sessions,
        documents,
        account,
        organization,
        version,
        created,
    } = f;
    vec![
        "SCRIPTIX BACKUP".into(),
        String::new(),
        format!("This zip file is a copy of {sessions} recording(s) with {documents} transcript(s) or caption file(s)"),
        format!("from the Scriptix account \"{account}\"{organization}."),
        format!("It was made by Scriptix Desk {version} on {created} (UTC)."),
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
        "manifest.json lists every file with a fingerprint (SHA-256). In Scriptix Desk, choose".into(),
        "\"Open a backup\" to check it and read the transcripts without an internet connection.".into(),
        "Do not change files inside the zip: the check will then report them as damaged.".into(),
        "A backup can be read with Scriptix Desk, but it cannot be put back into Scriptix.".into(),
        String::new(),
    ]
}

fn dutch(f: &Facts) -> Vec<String> {
    let Facts {
        sessions,
        documents,
        account,
        organization,
        version,
        created,
    } = f;
    vec![
        "SCRIPTIX BACK-UP".into(),
        String::new(),
        format!("Dit zipbestand is een kopie van {sessions} opname(s) met {documents} transcript(en) of ondertitelbestand(en)"),
        format!("uit het Scriptix-account \"{account}\"{organization}."),
        format!("Het is gemaakt door Scriptix Desk {version} op {created} (UTC)."),
        String::new(),
        "ZO OPENT U HET".into(),
        "Dubbelklik op het zipbestand (Windows, macOS) of gebruik een zipprogramma. U hebt".into(),
        "Scriptix of Scriptix Desk niet nodig om het te lezen. Elke opname heeft een map onder".into(),
        "\"sessions\"; daarin heeft elk transcript een eigen map met:".into(),
        String::new(),
        "  transcript.txt    het transcript als platte tekst (elke teksteditor)".into(),
        "  transcript.docx   het transcript als Word-document".into(),
        "  captions.srt      ondertiteling als SubRip (videospelers, editors)".into(),
        "  captions.vtt      ondertiteling als WebVTT (video op het web)".into(),
        "  comments.json     de opmerkingen erbij".into(),
        "  document.json     alles wat Scriptix ervan bewaarde, volledig".into(),
        String::new(),
        "De map van een opname kan ook de audio of video zelf bevatten (media.*) en".into(),
        "session.json met de gegevens van de opname.".into(),
        String::new(),
        "CONTROLEREN".into(),
        "manifest.json noemt elk bestand met een vingerafdruk (SHA-256). Kies in Scriptix Desk".into(),
        "\"Back-up openen\" om het te controleren en de transcripten zonder internet te lezen.".into(),
        "Wijzig geen bestanden in het zipbestand: de controle meldt ze dan als beschadigd.".into(),
        "Een back-up kunt u lezen met Scriptix Desk, maar niet terugzetten in Scriptix.".into(),
        String::new(),
    ]
}

fn german(f: &Facts) -> Vec<String> {
    let Facts {
        sessions,
        documents,
        account,
        organization,
        version,
        created,
    } = f;
    vec![
        "SCRIPTIX-SICHERUNG".into(),
        String::new(),
        format!("Diese ZIP-Datei ist eine Kopie von {sessions} Aufnahme(n) mit {documents} Transkript(en) oder Untertiteldatei(en)"),
        format!("aus dem Scriptix-Konto \"{account}\"{organization}."),
        format!("Sie wurde von Scriptix Desk {version} am {created} (UTC) erstellt."),
        String::new(),
        "SO ÖFFNEN SIE SIE".into(),
        "Doppelklicken Sie auf die ZIP-Datei (Windows, macOS) oder nutzen Sie ein ZIP-Programm.".into(),
        "Scriptix oder Scriptix Desk brauchen Sie dafür nicht. Jede Aufnahme hat einen Ordner unter".into(),
        "\"sessions\"; darin hat jedes Transkript einen eigenen Ordner mit:".into(),
        String::new(),
        "  transcript.txt    das Transkript als reiner Text (jeder Texteditor)".into(),
        "  transcript.docx   das Transkript als Word-Dokument".into(),
        "  captions.srt      Untertitel im SubRip-Format (Videoplayer, Editoren)".into(),
        "  captions.vtt      Untertitel im WebVTT-Format (Web-Video)".into(),
        "  comments.json     die Kommentare dazu".into(),
        "  document.json     alles, was Scriptix dazu gespeichert hat, vollständig".into(),
        String::new(),
        "Der Ordner einer Aufnahme kann auch den Ton oder das Video selbst enthalten (media.*)".into(),
        "sowie session.json mit den Angaben zur Aufnahme.".into(),
        String::new(),
        "PRÜFEN".into(),
        "manifest.json nennt jede Datei mit einem Fingerabdruck (SHA-256). Wählen Sie in Scriptix".into(),
        "Desk \"Sicherung öffnen\", um sie zu prüfen und die Transkripte ohne Internet zu lesen.".into(),
        "Ändern Sie keine Dateien in der ZIP-Datei: Die Prüfung meldet sie sonst als beschädigt.".into(),
        "Eine Sicherung lässt sich mit Scriptix Desk lesen, aber nicht in Scriptix zurückspielen.".into(),
        String::new(),
    ]
}

fn french(f: &Facts) -> Vec<String> {
    let Facts {
        sessions,
        documents,
        account,
        organization,
        version,
        created,
    } = f;
    vec![
        "SAUVEGARDE SCRIPTIX".into(),
        String::new(),
        format!("Ce fichier zip est une copie de {sessions} enregistrement(s) avec {documents} transcription(s) ou fichier(s) de sous-titres"),
        format!("du compte Scriptix \"{account}\"{organization}."),
        format!("Il a été créé par Scriptix Desk {version} le {created} (UTC)."),
        String::new(),
        "COMMENT L'OUVRIR".into(),
        "Double-cliquez sur le fichier zip (Windows, macOS) ou utilisez un programme zip. Scriptix".into(),
        "ou Scriptix Desk ne sont pas nécessaires pour le lire. Chaque enregistrement a un dossier".into(),
        "dans \"sessions\" ; chaque transcription y a son propre dossier avec :".into(),
        String::new(),
        "  transcript.txt    la transcription en texte brut (tout éditeur de texte)".into(),
        "  transcript.docx   la transcription en document Word".into(),
        "  captions.srt      les sous-titres au format SubRip (lecteurs vidéo, éditeurs)".into(),
        "  captions.vtt      les sous-titres au format WebVTT (vidéo sur le web)".into(),
        "  comments.json     les commentaires".into(),
        "  document.json     tout ce que Scriptix en a gardé, en entier".into(),
        String::new(),
        "Le dossier d'un enregistrement peut aussi contenir l'audio ou la vidéo (media.*) et".into(),
        "session.json avec ses informations.".into(),
        String::new(),
        "VÉRIFICATION".into(),
        "manifest.json liste chaque fichier avec une empreinte (SHA-256). Dans Scriptix Desk,".into(),
        "choisissez \"Ouvrir une sauvegarde\" pour la vérifier et lire les transcriptions hors ligne.".into(),
        "Ne modifiez aucun fichier du zip : la vérification le signalerait comme endommagé.".into(),
        "Une sauvegarde se lit avec Scriptix Desk, mais ne peut pas être remise dans Scriptix.".into(),
        String::new(),
    ]
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
        let text = render_in(Language::En, &Manifest::new(account, vec![]));
        assert!(text.contains("\"Office\" (Acme)"), "{text}");
        assert!(text.contains("transcript.txt"));
        assert!(text.contains("Open a backup"));
    }

    #[test]
    fn every_language_names_the_account_and_the_same_files() {
        let account = AccountMeta {
            label: "Kantoor".into(),
            organization: "Acme".into(),
            server: "s".into(),
        };
        let manifest = Manifest::new(account, vec![]);
        let english = render_in(Language::En, &manifest);
        for (language, open) in [
            (Language::Nl, "Back-up openen"),
            (Language::De, "Sicherung öffnen"),
            (Language::Fr, "Ouvrir une sauvegarde"),
        ] {
            let text = render_in(language, &manifest);
            assert!(text.contains("\"Kantoor\" (Acme)"), "{text}");
            assert!(text.contains(open), "{language:?}");
            assert_ne!(text, english);
            for file in [
                "transcript.txt",
                "transcript.docx",
                "captions.srt",
                "captions.vtt",
                "comments.json",
                "document.json",
                "manifest.json",
            ] {
                assert!(text.contains(file), "{language:?} lacks {file}");
            }
        }
    }
}
