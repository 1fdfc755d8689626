// Dates typed by hand in the app's language. `<input type=date>` follows the computer's
// locale, not the app's, so a Dutch screen asked for month/day/year on an English system.
// These fields are plain text instead: written and read as the language writes dates
// (day first in all four), and handed to the library query as the ISO date it always took.

import type { Language } from "./messages";

type Pattern = { separator: string; hint: string };

// The language's own short form (Intl's for nl, de, fr; en-GB's for English: day first, as
// the other three, so a date typed in one language means the same in another).
const PATTERNS: Record<Language, Pattern> = {
  nl: { separator: "-", hint: "dd-mm-jjjj" },
  en: { separator: "/", hint: "dd/mm/yyyy" },
  de: { separator: ".", hint: "TT.MM.JJJJ" },
  fr: { separator: "/", hint: "jj/mm/aaaa" },
};

/** How a date is written, for the field's hint: "dd-mm-jjjj". */
export function datePattern(lang: Language): string {
  return PATTERNS[lang].hint;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO date ("2026-12-31") as the language writes it ("31-12-2026"); "" for none. */
export function formatDate(iso: string | null | undefined, lang: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!m) return "";
  const sep = PATTERNS[lang].separator;
  return `${m[3]}${sep}${m[2]}${sep}${m[1]}`;
}

function daysIn(year: number, month: number): number {
  // Day 0 of the next month is this month's last day; UTC, so no clock change shifts it.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export type Parsed = { ok: true; iso: string | null } | { ok: false };

/**
 * What the person typed, as an ISO date. Day, month, year: the order of all four languages,
 * so one reading serves them all. Empty is fine (no date: `iso` null). Day and month may
 * have one digit, and any of - / . or a space separates them (people mix them up and mean
 * the same date); the year has four digits, so "26" is never read as the year 26.
 */
export function parseDate(text: string): Parsed {
  const s = text.trim();
  if (s === "") return { ok: true, iso: null };
  const m = /^(\d{1,2})\s*[-/.\s]\s*(\d{1,2})\s*[-/.\s]\s*(\d{4})$/.exec(s);
  if (!m) return { ok: false };
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return { ok: false };
  return { ok: true, iso: `${year}-${pad(month)}-${pad(day)}` };
}

/** An ISO date in words, to confirm what was understood: "12 februari 2026". */
export function longDate(iso: string, lang: Language): string {
  const [y, m, d] = iso.split("-").map(Number);
  // Noon UTC, shown in UTC: the same calendar day whatever this computer's time zone.
  // English as en-GB here: the day first in words too, matching what was typed.
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    .format(new Date(Date.UTC(y, m - 1, d, 12)));
}
