// Dates typed in the date filters, in each language's own way: day first, with the
// language's separator, and the same ISO date for the query whatever the language.
import { describe, expect, it } from "vitest";
import { datePattern, formatDate, longDate, parseDate } from "./dates";
import type { Language } from "./messages";

type Row = { lang: Language; hint: string; shown: string; leapDay: string; april31: string; monthFirst: string; long: string };

const table: Row[] = [
  { lang: "nl", hint: "dd-mm-jjjj", shown: "12-02-2026", leapDay: "29-02-2028", april31: "31-04-2026", monthFirst: "02-13-2026", long: "12 februari 2026" },
  { lang: "en", hint: "dd/mm/yyyy", shown: "12/02/2026", leapDay: "29/02/2028", april31: "31/04/2026", monthFirst: "02/13/2026", long: "12 February 2026" },
  { lang: "de", hint: "TT.MM.JJJJ", shown: "12.02.2026", leapDay: "29.02.2028", april31: "31.04.2026", monthFirst: "02.13.2026", long: "12. Februar 2026" },
  { lang: "fr", hint: "jj/mm/aaaa", shown: "12/02/2026", leapDay: "29/02/2028", april31: "31/04/2026", monthFirst: "02/13/2026", long: "12 février 2026" },
];

describe.each(table)("dates typed in $lang", (row) => {
  it("are asked for in the language's own order", () => {
    expect(datePattern(row.lang)).toBe(row.hint);
  });

  it("show a query's date the way the language writes it", () => {
    expect(formatDate("2026-02-12", row.lang)).toBe(row.shown);
    expect(formatDate(null, row.lang)).toBe("");
  });

  it("give the query the ISO date, day first", () => {
    expect(parseDate(row.shown)).toEqual({ ok: true, iso: "2026-02-12" });
    expect(parseDate(` ${row.shown} `)).toEqual({ ok: true, iso: "2026-02-12" });
  });

  it("take 29 February in a leap year only", () => {
    expect(parseDate(row.leapDay)).toEqual({ ok: true, iso: "2028-02-29" });
    expect(parseDate(row.leapDay.replace("2028", "2027"))).toEqual({ ok: false });
    expect(parseDate(row.leapDay.replace("2028", "2100"))).toEqual({ ok: false });
    expect(parseDate(row.leapDay.replace("2028", "2000"))).toEqual({ ok: true, iso: "2000-02-29" });
  });

  it("refuse days a month does not have", () => {
    expect(parseDate(row.april31)).toEqual({ ok: false });
    expect(parseDate(row.april31.replace("31", "30"))).toEqual({ ok: true, iso: "2026-04-30" });
  });

  it("refuse a month-first date and anything that is not a date", () => {
    expect(parseDate(row.monthFirst)).toEqual({ ok: false });
    for (const bad of ["12-02-26", "2026-02-12", "tomorrow", "12 02", "00-01-2026", "32-01-2026", "1-1-0999"])
      expect(parseDate(bad), bad).toEqual({ ok: false });
  });

  it("say the understood date in words", () => {
    expect(longDate("2026-02-12", row.lang)).toBe(row.long);
  });
});

describe("an empty date field", () => {
  it("means no date, not a mistake", () => {
    expect(parseDate("")).toEqual({ ok: true, iso: null });
    expect(parseDate("   ")).toEqual({ ok: true, iso: null });
  });

  it("accepts one-digit days and months and any usual separator", () => {
    expect(parseDate("1-2-2026")).toEqual({ ok: true, iso: "2026-02-01" });
    expect(parseDate("1.2.2026")).toEqual({ ok: true, iso: "2026-02-01" });
    expect(parseDate("01/02/2026")).toEqual({ ok: true, iso: "2026-02-01" });
  });
});
