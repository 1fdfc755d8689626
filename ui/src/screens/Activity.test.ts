// The deletion record loads a page at a time: it says it is loading until the first page
// is there, then shows rows (or says nothing was deleted), and "Show older" asks for the
// page before the oldest one shown, with the cursor the last page gave.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";

type Deferred<T> = { promise: Promise<T>; resolve: (v: T) => void };
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const { asked } = vi.hoisted(() => ({
  // Every auditEntries call (its arguments and the answer the test gives when it chooses).
  asked: [] as { before: string | null; limit: number; reply: Deferred<unknown> }[],
}));

vi.mock("../bindings", () => ({ commands: {}, events: {} }));
vi.mock("../lib/api", async (importOriginal) => ({
  DeskFailure: (await importOriginal<typeof import("../lib/api")>()).DeskFailure,
  api: {
    auditEntries: vi.fn((before: string | null, limit: number) => {
      const reply = deferred<unknown>();
      asked.push({ before, limit, reply });
      return reply.promise;
    }),
  },
}));

import Activity from "./Activity.svelte";

function entry(name: string) {
  return {
    at: "2026-12-01T10:00:00Z", accountLabel: "Office", organization: "Acme", server: "https://api.scriptix.io",
    kind: "session", sessionId: `s-${name}`, documentId: null, commentId: null, name,
    outcome: { kind: "deleted" }, backupPath: `/backups/${name}.zip`, backupSha256: "ab",
  };
}

function list(): HTMLElement {
  const el = document.querySelector<HTMLElement>("[data-state]");
  if (!el) throw new Error("no list container");
  return el;
}

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
}

afterEach(() => {
  cleanup();
  asked.length = 0;
});

describe("deletion record", () => {
  it("says it is loading, then shows the newest page, then older ones on request", async () => {
    render(Activity);
    await settle();
    expect(list().dataset.state).toBe("loading");
    expect(screen.getByRole("status").textContent).toContain("Loading the deletion record");
    expect(asked).toHaveLength(1);
    expect(asked[0].before).toBeNull();

    asked[0].reply.resolve({ entries: [entry("Newest"), entry("Middle")], older: "1234" });
    await settle();
    expect(list().dataset.state).toBe("rows");
    expect(screen.getAllByRole("row")).toHaveLength(3); // header + 2
    expect(screen.queryByText("Loading the deletion record…")).toBeNull();

    await fireEvent.click(screen.getByRole("button", { name: "Show older" }));
    await settle();
    expect(asked).toHaveLength(2);
    expect(asked[1].before).toBe("1234");
    asked[1].reply.resolve({ entries: [entry("Oldest")], older: null });
    await settle();

    const names = screen.getAllByRole("row").slice(1).map((r) => r.textContent ?? "");
    expect(names[0]).toContain("Newest");
    expect(names[2]).toContain("Oldest");
    expect(screen.queryByRole("button", { name: "Show older" })).toBeNull();
  });

  it("says nothing was deleted when the record is empty", async () => {
    render(Activity);
    await settle();
    asked[0].reply.resolve({ entries: [], older: null });
    await settle();
    expect(list().dataset.state).toBe("empty");
    expect(screen.getByText("Nothing has been deleted with this app yet.")).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });
});
