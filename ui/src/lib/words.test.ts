// Every code Rust can send has words, in every language. The codes are read from the
// bindings generated from Rust (ui/src/bindings.ts, as text), not listed here by hand: a code
// Rust adds without words, or a sentence removed from one language, fails this test (the
// person would otherwise read "Something went wrong", or English in a Dutch app).
import { afterEach, describe, expect, it, vi } from "vitest";
import bindingsText from "../bindings.ts?raw";

// Records which catalogue keys the words were made from, so a key one language lacks (and
// `t` quietly fills from English) is caught.
const { used } = vi.hoisted(() => ({ used: new Set<string>() }));
vi.mock("./messages", async (importOriginal) => {
  const real = await importOriginal<typeof import("./messages")>();
  return {
    ...real,
    t: (key: Parameters<typeof real.t>[0], params?: Parameters<typeof real.t>[1]) => {
      used.add(key);
      return real.t(key, params);
    },
    tn: (base: Parameters<typeof real.tn>[0], count: number, params?: Parameters<typeof real.tn>[2]) => {
      used.add(`${base}.other`);
      return real.tn(base, count, params);
    },
  };
});
vi.mock("../bindings", () => ({ commands: {}, events: {} }));

import type { AuditKind, AuditOutcome, DeskError, Detail, FailureReason, JobWait } from "../bindings";
import { DeskFailure, KNOWN_KINDS, toFailure } from "./api";
import { auditKindWords, auditOutcomeWords, describeError, describeReason } from "./errors";
import { documentKind } from "./known";
import { de } from "./lang/de";
import { fr } from "./lang/fr";
import { nl } from "./lang/nl";
import { en, setLanguage, t } from "./messages";
import { waitMessage } from "./pace";

// --- Reading the bindings -----------------------------------------------------------------

const source = bindingsText.replace(/\/\*[\s\S]*?\*\//g, "");

/** The text of `export type <name> = …;` (comments removed). */
function typeBody(name: string): string {
  const start = source.indexOf(`export type ${name} =`);
  if (start < 0) throw new Error(`bindings.ts has no type ${name}: did the generator change?`);
  const next = source.indexOf("\nexport type ", start + 1);
  return source.slice(start + `export type ${name} =`.length, next < 0 ? undefined : next).trim();
}

/** The members of a string union such as `export type IoProblem = "a" | "b";`. */
function stringUnion(name: string): string[] {
  const body = typeBody(name);
  const union = body.slice(0, body.indexOf(";"));
  if (!/^\s*"[^"]*"(\s*\|\s*"[^"]*")*\s*$/.test(union)) throw new Error(`${name} is not a string union: ${union}`);
  return [...union.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
}

/** The values of one tag (`code`, `kind`) over the variants of a tagged union. */
function tags(name: string, tag: string): string[] {
  return [...typeBody(name).matchAll(new RegExp(`\\b${tag}: "([^"]+)"`, "g"))].map((m) => m[1]);
}

type Value = string | number | null;

/** Values worth trying for one field of a detail, from its type in the bindings. */
function samples(field: string, type: string): Value[] {
  const parts = type.split("|").map((p) => p.trim());
  const values: Value[] = [];
  for (const part of parts) {
    if (part === "null") values.push(null);
    else if (part === "string") values.push(`«${field}»`);
    else if (part === "number") values.push(3, 1);
    else if (/^[A-Z]\w*$/.test(part)) values.push(...stringUnion(part));
    else throw new Error(`a detail field of a type this test does not know: ${field}: ${type}`);
  }
  return values;
}

/** Every detail Rust can send: each code, with every value of each nested code. */
function details(): Detail[] {
  const out: Detail[] = [];
  for (const m of typeBody("Detail_Serialize").matchAll(/\{\s*code: "(\w+)"([^}]*)\}/g)) {
    let variants: Record<string, Value>[] = [{ code: m[1] }];
    for (const field of m[2].split(";").map((f) => f.trim()).filter(Boolean)) {
      const [, name, type] = /^(\w+)\??:\s*(.+)$/.exec(field) ?? [];
      if (!name) throw new Error(`cannot read the field ${field} of ${m[1]}`);
      variants = variants.flatMap((v) => samples(name, type).map((value) => ({ ...v, [name]: value })));
    }
    out.push(...(variants as unknown as Detail[]));
  }
  return out;
}

const allDetails = details();
const detailCodes = [...new Set(allDetails.map((d) => d.code))];
const kinds = tags("DeskError_Serialize", "kind") as DeskError["kind"][];
const steps = stringUnion("FailedStep");
const auditKinds = stringUnion("AuditKind");
const auditOutcomes = tags("AuditOutcome_Serialize", "kind");
const waitKinds = stringUnion("WaitKind");
/** DocumentRow.kind is a plain string; its comment in Rust names the kinds. */
const documentKinds = (() => {
  const row = bindingsText.slice(bindingsText.indexOf("export type DocumentRow_Serialize ="));
  const comment = /\/\*\*([^*]*)\*\/\s*kind: string/.exec(row)?.[1] ?? "";
  return [...comment.matchAll(/"(\w+)"/g)].map((m) => m[1]);
})();

// --- The checks ---------------------------------------------------------------------------

const tables = { en, nl, de, fr } as const;
type Lang = keyof typeof tables;
const languages = Object.keys(tables) as Lang[];

afterEach(() => setLanguage("en"));

/** The words `make` gives in `lang`: a sentence, no `{placeholder}` left, not the generic
 *  "Something went wrong", and made only of keys that language has itself. */
function wordsIn(lang: Lang, what: string, make: () => string): string {
  setLanguage(lang);
  used.clear();
  let text = "";
  expect(() => (text = make()), `${what} in ${lang}`).not.toThrow();
  expect(text.trim(), `${what} in ${lang}`).not.toBe("");
  expect(text, `${what} in ${lang}`).not.toMatch(/\{\w+\}/);
  expect(text, `${what} in ${lang}`).not.toBe(t("error.unknown"));
  const table: Record<string, string> = tables[lang];
  for (const key of used) expect(table[key], `${what} in ${lang}: "${key}" is missing from ${lang}`).toBeTruthy();
  return text;
}

describe("the bindings are read, not guessed", () => {
  // A change in the generator's format must not make the checks below run over nothing.
  it("finds the codes Rust sends", () => {
    expect(detailCodes.length).toBeGreaterThanOrEqual(50);
    expect(detailCodes).toContain("browser_sign_in_timed_out");
    expect(detailCodes).toContain("bug");
    expect(kinds.length).toBeGreaterThanOrEqual(10);
    expect(kinds).toContain("internal");
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(auditKinds).toEqual(expect.arrayContaining(["session", "document", "comment"]));
    expect(auditOutcomes).toEqual(expect.arrayContaining(["deleted", "failed"]));
    expect(documentKinds).toEqual(["transcript", "caption", "other"]);
    expect(waitKinds.length).toBeGreaterThanOrEqual(2);
    // Nested codes are tried with every value (every IoProblem, AppFile, IntactProblem…).
    expect(allDetails.filter((d) => d.code === "app_file").length).toBeGreaterThanOrEqual(3 * 8 * 4);
  });
});

describe.each(languages)("words for every code Rust sends, in %s", (lang) => {
  it("every error detail, with every nested code", () => {
    for (const detail of allDetails) {
      const what = JSON.stringify(detail);
      const failure = toFailure({ kind: "internal", detail });
      wordsIn(lang, `${what} (detail)`, () => failure.detail);
      // What the person reads: the kind's headline, then the detail.
      wordsIn(lang, what, () => describeError({ kind: "internal", detail } as DeskError));
    }
  });

  it("every error kind", () => {
    for (const kind of kinds) {
      const failure = toFailure({ kind, detail: { code: "gone" } });
      expect(failure, kind).toBeInstanceOf(DeskFailure);
      expect(failure.kind, `${kind} is a kind the UI knows`).toBe(kind);
      expect(KNOWN_KINDS.has(kind), kind).toBe(true);
      wordsIn(lang, `kind ${kind}`, () => new DeskFailure(kind).message);
    }
  });

  it("every step a bulk item or a delete failed at, with and without the error behind it", () => {
    for (const step of steps) {
      const bare = { step, error: null } as FailureReason;
      const withError = { step, error: { kind: "network", detail: { code: "unreachable" } } } as FailureReason;
      wordsIn(lang, `step ${step}`, () => describeReason(bare));
      wordsIn(lang, `step ${step} with error`, () => describeReason(withError));
    }
  });

  it("every deletion record kind and outcome", () => {
    for (const kind of auditKinds) {
      wordsIn(lang, `audit kind ${kind}`, () => auditKindWords(kind as AuditKind));
    }
    for (const kind of auditOutcomes) {
      const outcome = (
        kind === "failed" ? { kind, reason: { step: steps[0], error: null } } : { kind }
      ) as AuditOutcome;
      wordsIn(lang, `audit outcome ${kind}`, () => auditOutcomeWords(outcome));
    }
  });

  it("every document kind, each with its own words", () => {
    for (const kind of documentKinds) {
      wordsIn(lang, `document kind ${kind}`, () => documentKind(kind));
      expect(used.has(`document.kind.${kind}`), kind).toBe(true);
    }
    // A kind a newer Scriptix invents is still a document, not an error.
    expect(wordsIn(lang, "an unknown document kind", () => documentKind("podcast"))).toBe(
      wordsIn(lang, "document kind other", () => documentKind("other")),
    );
  });

  it("every reason a job or an action waits", () => {
    const texts = waitKinds.map((kind) =>
      wordsIn(lang, `wait ${kind}`, () => waitMessage({ kind, untilMs: 45_000 } as JobWait, 0)),
    );
    expect(new Set(texts).size, "each wait says why").toBe(waitKinds.length);
  });
});

describe("a failed sign-in with Microsoft says what happened", () => {
  it("in Dutch, in the Dutch words", () => {
    setLanguage("nl");
    const failure = toFailure({ kind: "auth", detail: { code: "browser_sign_in_timed_out" } });
    expect(failure.full).toBe(
      "Scriptix accepteerde de aanmelding voor dit account niet. De aanmelding in de webbrowser is niet op tijd afgerond. Er is niets opgeslagen. Begin opnieuw.",
    );
  });

  it("translated, not English, in Dutch, German and French", () => {
    const codes = [
      "browser_sign_in_timed_out", "browser_sign_in_refused", "browser_sign_in_empty",
      "cannot_listen", "cannot_open_browser", "not_a_web_address",
    ] as const;
    for (const code of codes) {
      for (const lang of ["nl", "de", "fr"] as const) {
        expect(tables[lang][`detail.${code}`], `${code} in ${lang}`).not.toBe(en[`detail.${code}`]);
      }
    }
  });
});
