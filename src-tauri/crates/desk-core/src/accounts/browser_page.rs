//! The small page the web browser shows when Scriptix sends it back after "Sign in with
//! Microsoft". It is outside the app, so the app's catalogue cannot word it; it says the
//! same in the app's four languages, Dutch first.

/// What the page tells the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Page {
    SignedIn,
    Refused,
    NotForThisApp,
    NotFound,
}

impl Page {
    /// The page's paragraphs, one per language (nl, en, de, fr).
    fn lines(self) -> [&'static str; 4] {
        match self {
            Page::SignedIn => [
                "U bent aangemeld. U kunt dit venster sluiten en teruggaan naar Scriptix Desk.",
                "You are signed in. You can close this window and go back to Scriptix Desk.",
                "Sie sind angemeldet. Sie können dieses Fenster schließen und zu Scriptix Desk zurückkehren.",
                "Vous êtes connecté. Vous pouvez fermer cette fenêtre et revenir à Scriptix Desk.",
            ],
            Page::Refused => [
                "Het aanmelden is niet gelukt. Ga terug naar Scriptix Desk en probeer het opnieuw.",
                "The sign-in did not work. Go back to Scriptix Desk and try again.",
                "Die Anmeldung hat nicht funktioniert. Kehren Sie zu Scriptix Desk zurück und versuchen Sie es erneut.",
                "La connexion n’a pas abouti. Revenez à Scriptix Desk et réessayez.",
            ],
            Page::NotForThisApp => [
                "Dit antwoord op een aanmelding is niet voor deze app.",
                "This sign-in answer is not for this app.",
                "Diese Antwort auf eine Anmeldung ist nicht für diese App.",
                "Cette réponse de connexion n’est pas destinée à cette application.",
            ],
            Page::NotFound => ["Niet gevonden.", "Not found.", "Nicht gefunden.", "Introuvable."],
        }
    }

    /// The whole HTML page.
    pub(crate) fn html(self) -> String {
        let [nl, en, de, fr] = self.lines();
        format!(
            "<!doctype html><html lang=\"nl\"><meta charset=\"utf-8\"><title>Scriptix Desk</title>\
             <p>{nl}</p><p lang=\"en\">{en}</p><p lang=\"de\">{de}</p><p lang=\"fr\">{fr}</p></html>"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_speaks_all_four_languages() {
        for page in [
            Page::SignedIn,
            Page::Refused,
            Page::NotForThisApp,
            Page::NotFound,
        ] {
            let html = page.html();
            assert_eq!(html.matches("<p").count(), 4, "{html}");
            assert!(html.contains("lang=\"nl\""));
        }
    }
}
