// The backup index of a bulk job opens in columns in the person's spreadsheet: Dutch titles
// and `;` for a Dutch UI, English titles and `,` for an English one.
import { afterEach, describe, expect, it } from "vitest";
import { indexWords } from "./csv";
import { setLanguage } from "./messages";

afterEach(() => setLanguage("en"));

describe("the words of backup-index.csv", () => {
  it("are Dutch, split at semicolons, in a Dutch UI", () => {
    setLanguage("nl");
    const words = indexWords();
    expect(words.separator).toBe("semicolon");
    expect(words.header).toEqual([
      "Back-upbestand", "Opnamenummer", "Naam", "Documenten", "Grootte (bytes)", "Vingerafdruk back-up (SHA-256)",
    ]);
  });

  it("are English, split at commas, in an English UI", () => {
    setLanguage("en");
    const words = indexWords();
    expect(words.separator).toBe("comma");
    expect(words.header).toHaveLength(6);
    expect(words.header?.[0]).toBe("Backup file");
  });
});
