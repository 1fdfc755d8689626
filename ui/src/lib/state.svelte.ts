// App-wide state shared by the screens: the accounts, which one is active, which screen is
// showing, the message line at the bottom and the result panel after a save.

import type { AccountView } from "../bindings";

export type View = "welcome" | "addAccount" | "library" | "accounts" | "openBackup" | "activity";

export type Notice = { text: string; tone: "ok" | "error" | "info" };

/** What was just saved, for the result panel: the file, and whether it is a backup
 *  (then "Open backup" reads it in the app). */
export type SavedResult = { title: string; path: string; isBackup: boolean };

/** How long a good or neutral message stays; errors stay until dismissed or replaced. */
export const NOTICE_MS = 12_000;

class AppState {
  accounts = $state<AccountView[]>([]);
  view = $state<View>("welcome");
  notice = $state<Notice | null>(null);
  result = $state<SavedResult | null>(null);
  /** A backup to show on the "Open a backup" screen (from a result panel or the record). */
  openPath = $state<string | null>(null);
  /** An account whose sign-in Scriptix refused; the app offers to sign in again. */
  expired = $state<AccountView | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #serial = 0;

  get active(): AccountView | null {
    return this.accounts.find((a) => a.isActive) ?? null;
  }

  setAccounts(list: AccountView[]) {
    this.accounts = list;
    if (list.length === 0 && this.view !== "addAccount") this.view = "welcome";
  }

  say(text: string, tone: Notice["tone"] = "ok") {
    this.notice = { text, tone };
    const serial = ++this.#serial;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (tone !== "error") {
      this.#timer = setTimeout(() => {
        if (this.#serial === serial) this.notice = null;
      }, NOTICE_MS);
    }
  }

  dismiss() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.notice = null;
  }
}

export const appState = new AppState();
