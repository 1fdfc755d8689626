// App-wide state shared by the screens: the accounts, which one is active, which screen is
// showing, and the one message line at the bottom.

import type { AccountView } from "../bindings";

export type View = "welcome" | "addAccount" | "library" | "accounts" | "openBackup" | "activity";

export type Notice = { text: string; tone: "ok" | "error" | "info" };

class AppState {
  accounts = $state<AccountView[]>([]);
  view = $state<View>("welcome");
  notice = $state<Notice | null>(null);
  /** An account whose sign-in Scriptix refused; the app offers to sign in again. */
  expired = $state<AccountView | null>(null);

  get active(): AccountView | null {
    return this.accounts.find((a) => a.isActive) ?? null;
  }

  setAccounts(list: AccountView[]) {
    this.accounts = list;
    if (list.length === 0 && this.view !== "addAccount") this.view = "welcome";
  }

  say(text: string, tone: Notice["tone"] = "ok") {
    this.notice = { text, tone };
  }
}

export const appState = new AppState();
