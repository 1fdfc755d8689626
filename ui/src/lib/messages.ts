// Every piece of text the UI shows comes from this catalogue. English now; a Dutch table
// with the same keys will sit beside it (the type makes a missing key a compile error).

const en = {
  "app.tagline": "Look after your Scriptix transcripts safely.",
  "app.version": "Version {version}",
  "welcome.noAccount": "No account is set up yet.",
  "welcome.explain":
    "Add your Scriptix account to see your transcripts, save backups and tidy up. Or try everything first with sample data: nothing you do there touches a real account.",
  "welcome.tryPractice": "Try it with sample data",
  "welcome.addAccount": "Add a Scriptix account",
  "welcome.startingPractice": "Preparing the sample data…",

  "error.auth": "Scriptix did not accept the sign-in for this account.",
  "error.forbidden": "This account is not allowed to do that.",
  "error.not_found": "It is no longer on Scriptix.",
  "error.rate_limited": "Scriptix is busy right now. Please wait a moment and try again.",
  "error.network": "Scriptix could not be reached. Check the internet connection and try again.",
  "error.server": "Scriptix had a problem of its own. Please try again later.",
  "error.validation": "Scriptix did not accept this request.",
  "error.keyring":
    "The computer's password store could not be used, so the app cannot keep your sign-in safe.",
  "error.backup": "The backup could not be saved, so nothing was deleted.",
  "error.cancelled": "Stopped. Nothing more was done.",
  "error.invalid_input": "That cannot be used. Please check what you entered.",
  "error.storage": "The app could not read or save its own files.",
  "error.internal": "Something went wrong inside the app.",
  "error.unknown": "Something went wrong. Please try again.",
} as const;

export type MessageKey = keyof typeof en;
type Catalogue = Record<MessageKey, string>;

const catalogues: Record<string, Catalogue> = { en };
let current: Catalogue = en;

export function setLanguage(lang: string): void {
  current = catalogues[lang] ?? en;
}

/** The text for `key`, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return current[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
