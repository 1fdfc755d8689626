// Closing the save dialog of "Save backup, then delete" is the person changing their mind:
// the confirmation stays open with a calm note, and nothing error-toned is said.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";

const actions = { canDelete: true, canBackUp: true, canMarkFinished: false };
const documentRow = {
  id: "d-a", sessionId: "s-a", name: "Alpha notes", kind: "transcript", language: "nl-NL", finished: true,
  lastModified: "2026-01-02T10:00:00Z", sizeBytes: null, commentCount: 0, owner: null, actions,
};
const sessionRow = (documents: unknown[] | null) => ({
  id: "s-a", name: "Alpha meeting", status: "done", language: "nl-NL", durationSeconds: 60,
  createdAt: "2026-01-01T10:00:00Z", lastModified: "2026-01-02T10:00:00Z", owner: null, documents, actions,
});

vi.mock("../bindings", () => ({ commands: {}, events: {} }));
vi.mock("../lib/api", async (importOriginal) => {
  const real = await importOriginal<typeof import("../lib/api")>();
  return {
    DeskFailure: real.DeskFailure,
    newActionId: () => "action-1",
    api: {
      openLibrary: vi.fn(async () => ({ loaded: 1, total: 1, complete: true })),
      unfinishedJobs: vi.fn(async () => []),
      onLibraryProgress: vi.fn(() => Promise.resolve(() => {})),
      onBackupProgress: vi.fn(() => Promise.resolve(() => {})),
      onActionWait: vi.fn(() => Promise.resolve(() => {})),
      libraryWindow: vi.fn(async () => ({ rows: [sessionRow(null)], matching: 1, loaded: 1, total: 1, complete: true })),
      deletableSessions: vi.fn(async () => []),
      matchingSessionIds: vi.fn(async () => []),
      sessionDetails: vi.fn(async () => sessionRow([documentRow])),
      // The person closes the save dialog Rust opened for the backup.
      deleteItem: vi.fn(async () => {
        throw new real.DeskFailure("cancelled", { code: "no_file_chosen" });
      }),
    },
  };
});

import Library from "./Library.svelte";
import { api } from "../lib/api";
import { setLanguage } from "../lib/messages";
import { appState } from "../lib/state.svelte";

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

afterEach(() => {
  cleanup();
  appState.notice = null;
  setLanguage("en");
});

describe("closing the save dialog during a delete", () => {
  it("keeps the confirmation open with a calm note, in Dutch, and says nothing alarming", async () => {
    setLanguage("nl");
    render(Library, { account });
    await settle();
    await fireEvent.click(document.querySelector('[data-index="0"]')!);
    await settle();
    await fireEvent.click(screen.getByRole("button", { name: "Document verwijderen Alpha notes" }));
    await settle();
    await fireEvent.click(screen.getByRole("button", { name: "Back-up opslaan, dan verwijderen" }));
    await settle();

    expect(api.deleteItem).toHaveBeenCalledTimes(1);
    expect(appState.notice?.tone).not.toBe("error");
    expect(appState.notice?.text ?? "").not.toContain("is niet verwijderd");
    expect(screen.queryByRole("alert")).toBeNull();
    // Still the confirmation, so the person can choose a place after all, or keep it.
    expect(screen.getByRole("alertdialog")).toBeTruthy();
    expect(screen.getByText("Er is geen plek voor de back-up gekozen, dus er is niets verwijderd.").getAttribute("role")).toBe(
      "status",
    );
    expect((screen.getByRole("button", { name: "Back-up opslaan, dan verwijderen" }) as HTMLButtonElement).disabled).toBe(false);
  });
});
