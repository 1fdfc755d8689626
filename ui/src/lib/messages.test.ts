import { afterEach, describe, expect, it } from "vitest";
import { de } from "./lang/de";
import { fr } from "./lang/fr";
import { nl } from "./lang/nl";
import { en, languageOf, pickLanguage, setLanguage, t, tn } from "./messages";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

afterEach(() => setLanguage("en"));

describe("message catalogue", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("app.version", { version: "1.2.3" })).toBe("Version 1.2.3");
    expect(t("app.version")).toBe("Version {version}");
  });

  // The type already makes a missing key a compile error; this catches what slips past it
  // (a cast, an `any`, a key present but left empty or untranslated placeholders).
  it.each([
    ["nl", nl],
    ["de", de],
    ["fr", fr],
  ] as const)("%s has every key of English, each with text and the same placeholders", (_, table) => {
    const reference: Record<string, string> = en;
    const missing = Object.keys(reference).filter((k) => !(k in table));
    const extra = Object.keys(table).filter((k) => !(k in reference));
    expect(missing, "keys missing").toEqual([]);
    expect(extra, "keys English does not have").toEqual([]);
    for (const [key, text] of Object.entries(table)) {
      expect(text.trim(), key).not.toBe("");
      expect(placeholders(text), key).toEqual(placeholders(reference[key]));
    }
  });

  it("translates what staff read most (not a copy of English)", () => {
    for (const table of [nl, de, fr]) {
      for (const key of ["nav.library", "delete.saveThenDelete", "delete.cancel", "error.network"] as const)
        expect(table[key], key).not.toBe(en[key]);
    }
  });

  it("switches language and sets <html lang>", () => {
    setLanguage("nl");
    expect(t("nav.library")).toBe("Bibliotheek");
    expect(document.documentElement.lang).toBe("nl");
    setLanguage("de-AT");
    expect(t("nav.library")).toBe("Bibliothek");
    expect(document.documentElement.lang).toBe("de");
    setLanguage("xx");
    expect(t("nav.library")).toBe("Library");
  });
});

describe("plurals through Intl.PluralRules", () => {
  it("English says 1 document, 2 documents, 0 documents", () => {
    setLanguage("en");
    expect(tn("count.documents", 1)).toBe("1 document");
    expect(tn("count.documents", 2)).toBe("2 documents");
    expect(tn("count.documents", 0)).toBe("0 documents");
    expect(tn("library.count", 1)).toBe("1 session");
    expect(tn("library.count", 12)).toBe("12 sessions");
  });

  it("Dutch says 1 opname, 3 opnames and groups thousands with a dot", () => {
    setLanguage("nl");
    expect(tn("library.count", 1)).toBe("1 opname");
    expect(tn("library.count", 3)).toBe("3 opnames");
    expect(tn("library.count", 10000)).toBe("10.000 opnames");
    expect(tn("count.comments", 1)).toBe("1 opmerking");
    expect(tn("count.comments", 2)).toBe("2 opmerkingen");
  });

  it("French treats 0 as singular, as French does", () => {
    setLanguage("fr");
    expect(tn("count.comments", 0)).toBe("0 commentaire");
    expect(tn("count.comments", 2)).toBe("2 commentaires");
  });
});

describe("choosing the language", () => {
  it("maps OS and browser tags to the app's languages", () => {
    expect(languageOf("nl-BE")).toBe("nl");
    expect(languageOf("de_DE.UTF-8")).toBe("de");
    expect(languageOf("C")).toBeNull();
    expect(languageOf(undefined)).toBeNull();
  });

  it("prefers the person's choice, then the system, then English", () => {
    expect(pickLanguage("fr", ["nl-NL"])).toBe("fr");
    expect(pickLanguage(null, [null, "es-ES", "nl-NL"])).toBe("nl");
    expect(pickLanguage(null, ["C", "POSIX"])).toBe("en");
  });
});
