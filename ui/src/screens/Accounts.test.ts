// The Accounts screen says it is loading, then shows the accounts (or says there are none):
// never an empty list while the list is on its way. Its list container carries
// `data-state` (loading, rows, empty) so end-to-end tests can wait for it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import type { AccountView } from "../bindings";

type Deferred<T> = { promise: Promise<T>; resolve: (v: T) => void };
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const { pending } = vi.hoisted(() => ({ pending: [] as Deferred<AccountView[]>[] }));

vi.mock("../bindings", () => ({ commands: {}, events: {} }));
vi.mock("../lib/api", async (importOriginal) => ({
  DeskFailure: (await importOriginal<typeof import("../lib/api")>()).DeskFailure,
  api: {
    // Answered when the test chooses.
    listAccounts: vi.fn(() => {
      const d = deferred<AccountView[]>();
      pending.push(d);
      return d.promise;
    }),
  },
}));

import Accounts from "./Accounts.svelte";
import { setLanguage } from "../lib/messages";
import { appState } from "../lib/state.svelte";

const account = (id: string, label: string): AccountView => ({
  id, label, server: "https://api.scriptix.io", organization: "Acme", userName: "Ada", email: "ada@acme.example",
  roles: ["ORGADMIN"], isActive: id === "a1", isPractice: false, needsSignIn: false, lastUsed: null,
  addedVia: "api_key", identityKnown: true, rolesKnown: true,
});

async function settle() {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    await tick();
  }
}

const list = () => document.querySelector("[data-state]") as HTMLElement;

afterEach(() => {
  cleanup();
  pending.length = 0;
  appState.accounts = [];
  appState.view = "welcome";
  setLanguage("en");
});

describe("the Accounts screen", () => {
  it("says in Dutch that it is loading, then lists the accounts", async () => {
    setLanguage("nl");
    appState.view = "accounts";
    render(Accounts, { onadd: () => {}, onrenew: () => {} });
    await settle();

    expect(screen.getByRole("status").textContent).toBe("De accounts worden geladen…");
    expect(list().dataset.state).toBe("loading");
    expect(list().getAttribute("aria-busy")).toBe("true");
    expect(screen.queryByRole("list")).toBeNull();

    pending[0].resolve([account("a1", "Kantoor"), account("a2", "Filiaal")]);
    await settle();

    expect(list().dataset.state).toBe("rows");
    expect(list().getAttribute("aria-busy")).toBe("false");
    expect(screen.queryByText("De accounts worden geladen…")).toBeNull();
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    expect(screen.getByRole("button", { name: "“Filiaal” verwijderen" })).toBeTruthy();
  });

  it("shows the accounts it knows at once while it reads the list again", async () => {
    setLanguage("en");
    appState.accounts = [account("a1", "Office")];
    appState.view = "accounts";
    render(Accounts, { onadd: () => {}, onrenew: () => {} });
    await settle();

    expect(list().dataset.state).toBe("rows");
    expect(list().getAttribute("aria-busy")).toBe("true");
    expect(screen.getAllByRole("listitem")).toHaveLength(1);

    // Since the screen opened, the sign-in expired: the fresh list says so.
    pending[0].resolve([{ ...account("a1", "Office"), needsSignIn: true }]);
    await settle();
    expect(list().getAttribute("aria-busy")).toBe("false");
    expect(screen.getByText("Sign-in expired")).toBeTruthy();
  });

  it("says there is no account when the list comes back empty, in German", async () => {
    setLanguage("de");
    appState.view = "accounts";
    render(Accounts, { onadd: () => {}, onrenew: () => {} });
    await settle();
    pending[0].resolve([]);
    await settle();

    expect(list().dataset.state).toBe("empty");
    expect(screen.getByText("Es ist noch kein Konto eingerichtet. Fügen Sie unten eines hinzu.")).toBeTruthy();
    expect(screen.queryByRole("list")).toBeNull();
  });
});
