// The virtualized session list asks Rust for the rows just beyond the page before they
// scroll into view, so a person scrolling sees names, not rows still waiting for them.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render } from "@testing-library/svelte";
import { tick } from "svelte";

const TOTAL = 10_000;
const actions = { canDelete: false, canBackUp: true, canMarkFinished: false };
const row = (i: number) => ({
  id: `s-${i}`, name: `Session ${i}`, status: "done", language: "nl-NL", durationSeconds: 60,
  createdAt: "2026-01-01T10:00:00Z", lastModified: "2026-01-02T10:00:00Z", owner: null,
  documents: null, actions,
});

vi.mock("../bindings", () => ({ commands: {}, events: {} }));
vi.mock("../lib/api", () => ({
  api: {
    libraryWindow: vi.fn(async (_id: string, _q: unknown, offset: number, limit: number) => ({
      rows: Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, k) => row(offset + k)),
      matching: TOTAL, loaded: TOTAL, total: TOTAL, complete: true,
    })),
  },
}));

import { api } from "../lib/api";
import SessionList from "./SessionList.svelte";

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

const query = { search: "", kind: "all", finished: null, from: null, to: null, sort: "modified", descending: true };

async function settle() {
  for (let i = 0; i < 8; i++) {
    await Promise.resolve();
    await tick();
  }
}

const askedOffsets = () => vi.mocked(api.libraryWindow).mock.calls.map((c) => c[2]);

afterEach(() => {
  cleanup();
  vi.mocked(api.libraryWindow).mockClear();
});

describe("the session list while scrolling", () => {
  it("asks for the next rows before they are in view", async () => {
    render(SessionList, {
      accountId: "a1", query: query as never, revision: 0, openId: null, selected: new Set<string>(),
      onopen: () => {}, onwindow: () => {}, onselectall: () => {},
    });
    await settle();
    expect(askedOffsets()).toEqual([0]);

    // Rows 150–160 in view (58 px rows, a 500 px list): block 100–199 is needed, and the
    // block from 200 is asked for already, before row 200 is anywhere near the view.
    const list = document.querySelector(".session-list") as HTMLElement;
    list.scrollTop = 150 * 58;
    await fireEvent.scroll(list);
    await settle();
    expect(askedOffsets()).toContain(100);
    expect(askedOffsets()).toContain(200);
    const shown = [...document.querySelectorAll(".session-row .name")].map((n) => n.textContent);
    expect(shown).toContain("Session 150");
    expect(shown.every((n) => n !== null)).toBe(true);
  });
});
