// The single action running on a screen (one backup, one delete, an export, mark as
// finished): the id it runs under, and the wait Scriptix holds it in. Only this action's own
// waits are taken, and Stop reaches only this action.

import type { ActionWait, JobWait } from "../bindings";
import { api, newActionId } from "./api";

export class SingleAction {
  /** The running action's id; null when none runs. */
  id = $state<string | null>(null);
  /** What Scriptix makes it wait for now. */
  waiting = $state<JobWait | null>(null);

  /** A new action starts: a fresh id, no wait yet. */
  begin(): string {
    const id = newActionId();
    this.id = id;
    this.waiting = null;
    return id;
  }

  end() {
    this.id = null;
    this.waiting = null;
  }

  /** An `actionWait` event: another action's (or a finished one's) is ignored. */
  heard(event: ActionWait) {
    if (this.id !== null && event.actionId === this.id) this.waiting = event.waiting ?? null;
  }

  /** Stop the running action (nothing is deleted after this). */
  stop() {
    if (this.id) void api.cancelJob(this.id);
  }
}
