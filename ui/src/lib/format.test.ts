import { afterEach, describe, expect, it } from "vitest";
import { count, date, duration, fileDate, size } from "./format";
import { setLanguage } from "./messages";

afterEach(() => setLanguage("en"));

describe("format", () => {
  it("writes durations as a clock", () => {
    expect(duration(59)).toBe("0:59");
    expect(duration(3723)).toBe("1:02:03");
  });

  it("writes sizes in decimal units, in the language's number style", () => {
    setLanguage("en");
    expect(size(999)).toBe("999 bytes");
    expect(size(1_500_000)).toBe("1.5 MB");
    expect(size(22_900)).toBe("22.9 kB");
    expect(size(null)).toBe("");
    setLanguage("nl");
    expect(size(22_900)).toBe("22,9 kB");
    expect(size(1_500_000)).toBe("1,5 MB");
    setLanguage("de");
    expect(size(22_900)).toBe("22,9 kB");
  });

  it("writes dates the way each language does", () => {
    const iso = "2026-12-02T10:00:00Z";
    setLanguage("nl");
    expect(date(iso)).toBe("2 december 2026");
    setLanguage("en");
    expect(date(iso)).toBe("December 2, 2026");
    setLanguage("de");
    expect(date(iso)).toBe("2. Dezember 2026");
    setLanguage("fr");
    expect(date(iso)).toBe("2 décembre 2026");
    expect(date("not a date")).toBe("not a date");
  });

  it("groups numbers per language", () => {
    setLanguage("nl");
    expect(count(1234567)).toBe("1.234.567");
    setLanguage("en");
    expect(count(1234567)).toBe("1,234,567");
  });

  it("names files with a sortable date", () => {
    expect(fileDate(new Date(2026, 11, 2))).toBe("2026-12-02");
  });
});

describe("backup file names", () => {
  it("carry the item and the time, so two backups of one session on one day differ", async () => {
    const { backupDialog } = await import("./dialogs");
    const a = backupDialog("Board meeting", "Minutes", new Date(2026, 11, 2, 14, 3, 9)).fileName;
    const b = backupDialog("Board meeting", "Minutes", new Date(2026, 11, 2, 14, 3, 10)).fileName;
    const c = backupDialog("Board meeting", "Agenda", new Date(2026, 11, 2, 14, 3, 9)).fileName;
    expect(a).toContain("Board meeting - Minutes");
    expect(a).toContain("2026-12-02 14.03.09");
    expect(new Set([a, b, c]).size).toBe(3);
    // A long name gives way, so the time survives the 60-character cap on file names.
    const long = backupDialog("Panel \"Remote work\" 2025-10-25.mp3", "Panel \"Remote work\" 2025-10-25", new Date(2026, 11, 2, 14, 3, 9)).fileName!;
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toContain("14.03.09");
  });
});
