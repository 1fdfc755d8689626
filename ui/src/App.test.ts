// The top bar: the active account always named, and the result panel of a save belonging to
// the account it was made for.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";

const { accounts } = vi.hoisted(() => {
  const make = (id: string, label: string, organization: string, isActive: boolean) => ({
    id, label, organization, isActive, server: "https://api.scriptix.io", isPractice: false, needsSignIn: false,
  });
  return {
    accounts: {
      make,
      now: [
        make("a1", "Gemeente Westerkwartier, afdeling Burgerzaken en Vergunningen", "Scriptix Transcriptie Noord-Nederland B.V.", true),
        make("a2", "Thuis", "Eigen praktijk", false),
      ],
    },
  };
});

vi.mock("./bindings", () => ({ commands: {}, events: {} }));
vi.mock("./lib/api", async (importOriginal) => {
  const real = await importOriginal<typeof import("./lib/api")>();
  const known: Record<string, unknown> = {
    appInfo: vi.fn(async () => ({ name: "Scriptix Desk", version: "0.1.0" })),
    startup: vi.fn(async () => ({ language: "nl", systemLanguage: null, accounts: accounts.now, notice: null, openPractice: false })),
    setLanguage: vi.fn(async () => null),
    listAccounts: vi.fn(async () => accounts.now),
    switchAccount: vi.fn(async (id: string) => {
      accounts.now = accounts.now.map((a) => ({ ...a, isActive: a.id === id }));
      return null;
    }),
    openLibrary: vi.fn(async () => ({ accountId: "a1", loaded: 0, total: 0, complete: true })),
    libraryWindow: vi.fn(async () => ({ rows: [], matching: 0, loaded: 0, total: 0, complete: true })),
    unfinishedJobs: vi.fn(async () => []),
    deletableSessions: vi.fn(async () => []),
    matchingSessionIds: vi.fn(async () => []),
  };
  // Listeners (`on…`) answer with an unlisten function; nothing else is asked for here.
  const api = new Proxy(known, {
    get: (target, name: string) => target[name] ?? (name.startsWith("on") ? () => Promise.resolve(() => {}) : undefined),
  });
  return { ...real, api };
});

import App from "./App.svelte";
import { appState } from "./lib/state.svelte";
import { setLanguage } from "./lib/messages";

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;
globalThis.requestAnimationFrame ??= ((cb: FrameRequestCallback) => setTimeout(() => cb(0), 0)) as never;

async function settle() {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
    await tick();
  }
}

afterEach(() => {
  cleanup();
  appState.result = null;
  accounts.now = accounts.now.map((a) => ({ ...a, isActive: a.id === "a1" }));
  setLanguage("en");
});

const FULL = "Gemeente Westerkwartier, afdeling Burgerzaken en Vergunningen · Scriptix Transcriptie Noord-Nederland B.V.";

describe("the top bar", () => {
  it("keeps a long account name whole for the title and screen readers", async () => {
    render(App);
    await settle();
    const name = screen.getByTestId("active-account");
    expect(name.textContent).toBe("Gemeente Westerkwartier, afdeling Burgerzaken en Vergunningen");
    // Cut short on screen only: the whole name is the title of the account and of the switch.
    expect(name.closest(".account-switcher")?.getAttribute("title")).toBe(FULL);
    const select = screen.getByRole("combobox", { name: "Ander account kiezen" }) as HTMLSelectElement;
    expect(select.title).toBe(FULL);
    expect(select.selectedOptions[0].textContent).toBe(FULL);
    // The account and the language sit together, so they wrap as one.
    expect(screen.getByRole("combobox", { name: "Taal" }).closest(".topbar-end")?.contains(name)).toBe(true);
  });
});

describe("the result panel after a backup", () => {
  it("goes away when another account is chosen in the top bar", async () => {
    render(App);
    await settle();
    appState.result = { title: "Back-up opgeslagen en gecontroleerd", path: "/home/ada/Westerkwartier.zip", isBackup: true };
    await settle();
    expect(screen.getByRole("region", { name: "Back-up opgeslagen en gecontroleerd" })).toBeTruthy();

    const select = screen.getByRole("combobox", { name: "Ander account kiezen" });
    await fireEvent.change(select, { target: { value: "a2" } });
    await settle();

    expect(screen.getByTestId("active-account").textContent).toBe("Thuis");
    expect(screen.queryByRole("region", { name: "Back-up opgeslagen en gecontroleerd" })).toBeNull();
    expect(screen.queryByText("Bestand: Westerkwartier.zip")).toBeNull();
  });

  it("stays while the same account goes on working", async () => {
    render(App);
    await settle();
    appState.result = { title: "Back-up opgeslagen en gecontroleerd", path: "/home/ada/Westerkwartier.zip", isBackup: true };
    appState.setAccounts(accounts.now.map((a) => ({ ...a })) as never);
    await settle();
    expect(screen.getByText("Bestand: Westerkwartier.zip")).toBeTruthy();
  });
});
