// Numbers, dates, times and sizes as people read them, in the app's language (Intl): "2
// december 2026" and "22,9 kB" in Dutch, "December 2, 2026" and "22.9 kB" in English.

import { language } from "./messages";

// Building an Intl formatter costs far more than using one, and the library formats two
// dates per row on every keystroke and scroll: keep one per language and kind (a handful).
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function formatter<F extends Intl.DateTimeFormat | Intl.NumberFormat>(kind: string, make: (lang: string) => F): F {
  const lang = language();
  const key = `${lang}|${kind}`;
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make(lang);
    formatters.set(key, f);
  }
  return f;
}

export function duration(seconds: number | null): string {
  const s = Math.max(0, Math.round(seconds ?? 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
}

/** A calendar date: "2 december 2026". */
export function date(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatter("date", (l) => new Intl.DateTimeFormat(l, { year: "numeric", month: "long", day: "numeric" })).format(d);
}

/** A date with the time: "2 december 2026 om 14:05". */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatter("dateTime", (l) => new Intl.DateTimeFormat(l, { dateStyle: "long", timeStyle: "short" })).format(d);
}

/** A time of day: "14:05" or "2:05 PM". */
export function time(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatter("time", (l) => new Intl.DateTimeFormat(l, { hour: "numeric", minute: "2-digit" })).format(d);
}

/** A whole number with the language's grouping: "10.000" in Dutch. */
export function count(n: number): string {
  return formatter("count", (l) => new Intl.NumberFormat(l)).format(n);
}

/** File sizes in decimal units (as file managers show them): "22,9 kB". */
export function size(bytes: number | null | undefined): string {
  if (bytes == null) return "";
  const units = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const unit = units[i];
  return formatter(`size-${unit}`, (l) =>
    new Intl.NumberFormat(l, {
      style: "unit",
      unit,
      unitDisplay: i === 0 ? "long" : "short",
      maximumFractionDigits: i === 0 ? 0 : 1,
    }),
  ).format(v);
}

/** Now as "YYYY-MM-DD HH.MM.SS", for backup file names: sorts well in every language, and a
 * second backup of the same item the same day gets a name of its own. */
export function fileStamp(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${fileDate(now)} ${pad(now.getHours())}.${pad(now.getMinutes())}.${pad(now.getSeconds())}`;
}

/** Today's date as YYYY-MM-DD, for file names (sorts well in every language). */
export function fileDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
