// The library's detail pane shows the item the person opened last, whatever order Scriptix
// answers in: a slow reply for the session (or document) opened before never replaces the
// one opened after it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";

/** A request the test answers when it chooses. */
type Deferred<T> = { promise: Promise<T>; resolve: (v: T) => void };
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const { asked } = vi.hoisted(() => ({
  // Every sessionDetails/openDocument call, in order, waiting for the test's answer.
  asked: { details: [] as Deferred<unknown>[], documents: [] as Deferred<unknown>[] },
}));

const actions = { canDelete: false, canBackUp: true, canMarkFinished: false };

function sessionRow(id: string, name: string, documents: unknown[] | null) {
  return {
    id, name, status: "done", language: "nl-NL", durationSeconds: 60,
    createdAt: "2026-01-01T10:00:00Z", lastModified: "2026-01-02T10:00:00Z",
    owner: null, documents, actions,
  };
}

function documentRow(sessionId: string, id: string, name: string) {
  return {
    id, sessionId, name, kind: "transcript", language: "nl-NL", finished: false,
    lastModified: "2026-01-02T10:00:00Z", sizeBytes: null, commentCount: null, owner: null, actions,
  };
}

function documentView(sessionId: string, id: string, name: string, text: string) {
  return {
    sessionId, sessionName: "Meeting", document: documentRow(sessionId, id, name),
    segments: [{ startSeconds: 0, speaker: null, text }], comments: [], viaSharedLink: false,
  };
}

// Listed without their documents, so opening one asks Scriptix for its details.
const rows = [sessionRow("s-a", "Alpha meeting", null), sessionRow("s-b", "Bravo meeting", null)];

vi.mock("../bindings", () => ({ commands: {}, events: {} }));
vi.mock("../lib/api", async (importOriginal) => ({
  // The real failure, so a test sees the words a person would read.
  DeskFailure: (await importOriginal<typeof import("../lib/api")>()).DeskFailure,
  newActionId: (() => {
    let n = 0;
    return () => `action-${++n}`;
  })(),
  api: {
    openLibrary: vi.fn(async () => ({ loaded: 2, total: 2, complete: true })),
    unfinishedJobs: vi.fn(async () => []),
    onLibraryProgress: vi.fn(() => Promise.resolve(() => {})),
    onBackupProgress: vi.fn(() => Promise.resolve(() => {})),
    onActionWait: vi.fn(() => Promise.resolve(() => {})),
    libraryWindow: vi.fn(async () => ({ rows, matching: 2, loaded: 2, total: 2, complete: true })),
    deletableSessions: vi.fn(async () => []),
    matchingSessionIds: vi.fn(async () => []),
    sessionDetails: vi.fn(() => {
      const d = deferred<unknown>();
      asked.details.push(d);
      return d.promise;
    }),
    openDocument: vi.fn(() => {
      const d = deferred<unknown>();
      asked.documents.push(d);
      return d.promise;
    }),
  },
}));

import Library from "./Library.svelte";

// jsdom lays nothing out; the session list only measures its height with this.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

const account = {
  id: "a1", label: "Office", server: "https://api.scriptix.io", organization: null,
  isActive: true, isPractice: false, needsSignIn: false,
} as never;

async function settle() {
  for (let i = 0; i < 8; i++) {
    await Promise.resolve();
    await tick();
  }
}

async function clickRow(index: number) {
  const row = document.querySelector(`[data-index="${index}"]`);
  if (!row) throw new Error(`row ${index} is not shown`);
  await fireEvent.click(row);
  await settle();
}

/** The heading of the detail pane: the open session's name. */
const paneTitle = () => document.getElementById("session-title")?.textContent;

afterEach(() => {
  cleanup();
  asked.details.length = 0;
  asked.documents.length = 0;
});

describe("the library's detail pane", () => {
  it("shows the session opened last when the one opened first answers later", async () => {
    render(Library, { account });
    await settle();
    await clickRow(0); // Alpha: its details are on their way
    await clickRow(1); // Bravo
    expect(asked.details).toHaveLength(2);

    asked.details[1].resolve(sessionRow("s-b", "Bravo meeting", [documentRow("s-b", "d-b", "Bravo notes")]));
    await settle();
    asked.details[0].resolve(sessionRow("s-a", "Alpha meeting", [documentRow("s-a", "d-a", "Alpha notes")]));
    await settle();

    expect(paneTitle()).toBe("Bravo meeting");
    expect(screen.getByText("Bravo notes")).toBeTruthy();
    expect(screen.queryByText("Alpha notes")).toBeNull();
  });

  it("shows the document opened last when the one opened first answers later", async () => {
    render(Library, { account });
    await settle();
    await clickRow(0);
    asked.details[0].resolve(
      sessionRow("s-a", "Alpha meeting", [documentRow("s-a", "d-1", "First draft"), documentRow("s-a", "d-2", "Final text")]),
    );
    await settle();

    await fireEvent.click(screen.getByRole("button", { name: "Open First draft" }));
    await fireEvent.click(screen.getByRole("button", { name: "Open Final text" }));
    await settle();
    expect(asked.documents).toHaveLength(2);

    asked.documents[1].resolve(documentView("s-a", "d-2", "Final text", "The final words."));
    await settle();
    asked.documents[0].resolve(documentView("s-a", "d-1", "First draft", "The draft words."));
    await settle();

    expect(document.getElementById("doc-title")?.textContent).toBe("Final text");
    expect(screen.getByText("The final words.")).toBeTruthy();
    expect(screen.queryByText("The draft words.")).toBeNull();
  });

  it("drops a document's late answer once another session is open", async () => {
    render(Library, { account });
    await settle();
    await clickRow(0);
    asked.details[0].resolve(sessionRow("s-a", "Alpha meeting", [documentRow("s-a", "d-1", "First draft")]));
    await settle();
    await fireEvent.click(screen.getByRole("button", { name: "Open First draft" }));
    await settle();

    await clickRow(1); // the person moves on before the document arrives
    asked.details[1].resolve(sessionRow("s-b", "Bravo meeting", [documentRow("s-b", "d-b", "Bravo notes")]));
    await settle();
    asked.documents[0].resolve(documentView("s-a", "d-1", "First draft", "The draft words."));
    await settle();

    expect(document.getElementById("doc-title")).toBeNull();
    expect(paneTitle()).toBe("Bravo meeting");
    expect(screen.queryByText("The draft words.")).toBeNull();
  });
});

describe("the library's first rows", () => {
  it("are asked for only once the page listens, and drawn even when no progress is heard", async () => {
    const { api } = await import("../lib/api");
    const order: string[] = [];
    let listening!: () => void;
    vi.mocked(api.onLibraryProgress).mockImplementationOnce(() => {
      order.push("listen");
      // The listener is registered a moment later, as Tauri's `listen` is.
      return new Promise((resolve) => (listening = () => resolve(() => {})));
    });
    // Scriptix answered before the screen opened: no progress event will come.
    let loadedYet = false;
    vi.mocked(api.openLibrary).mockImplementationOnce(async () => {
      order.push("open");
      loadedYet = true;
      return { accountId: "a1", loaded: 2, total: 2, complete: true } as never;
    });
    vi.mocked(api.libraryWindow).mockImplementation(async () =>
      (loadedYet
        ? { rows, matching: 2, loaded: 2, total: 2, complete: true }
        : { rows: [], matching: 0, loaded: 0, total: null, complete: false }) as never,
    );

    render(Library, { account });
    await settle();
    expect(order).toEqual(["listen"]);
    listening();
    await settle();
    expect(order).toEqual(["listen", "open"]);
    expect(document.querySelector('[data-index="0"]')?.textContent).toContain("Alpha meeting");
  });
});

describe("the rows while a long list loads", () => {
  it("follow the loading a few times a second, not once per page, and show the end at once", async () => {
    const { api } = await import("../lib/api");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      let heard!: (p: unknown) => void;
      vi.mocked(api.onLibraryProgress).mockImplementationOnce((cb) => {
        heard = cb as (p: unknown) => void;
        return Promise.resolve(() => {});
      });
      vi.mocked(api.libraryWindow).mockImplementation(async () => ({ rows, matching: 2, loaded: 2, total: 2, complete: true }) as never);
      render(Library, { account });
      await settle();
      const asks = () => vi.mocked(api.libraryWindow).mock.calls.length;
      const progress = (loaded: number, complete = false) =>
        heard({ accountId: "a1", loaded, total: 10_000, complete });

      const before = asks();
      for (let page = 1; page <= 40; page++) progress(page * 100); // 40 pages in a moment
      await settle();
      expect(asks() - before).toBe(1); // the first page at once
      vi.advanceTimersByTime(250);
      await settle();
      expect(asks() - before).toBe(2); // the rest of the burst, once
      progress(4_100);
      progress(10_000, true);
      await settle();
      expect(asks() - before).toBe(3); // the end at once
      vi.advanceTimersByTime(1_000);
      await settle();
      expect(asks() - before).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("backing up the whole account", () => {
  it("says so in words when the sessions cannot be listed, instead of doing nothing", async () => {
    const { api, DeskFailure } = await import("../lib/api");
    const { setLanguage } = await import("../lib/messages");
    setLanguage("nl");
    try {
      vi.mocked(api.matchingSessionIds).mockRejectedValueOnce(new DeskFailure("network"));
      render(Library, { account });
      await settle();
      const expected = new DeskFailure("network").full;

      await fireEvent.click(screen.getByRole("button", { name: "Back-up van het hele account" }));
      await settle();

      const alert = screen.getByRole("alert");
      expect(expected).toMatch(/\w{4}/); // real words, not an empty message
      expect(alert.textContent).toContain(expected);
    } finally {
      setLanguage("en");
    }
  });
});
