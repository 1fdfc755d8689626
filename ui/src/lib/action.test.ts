// The single action on a screen takes only its own waits, and Stop reaches only it: another
// action's wait (another screen, a finished action) is never shown as this one's.
import { beforeEach, describe, expect, it, vi } from "vitest";

const { cancelJob } = vi.hoisted(() => ({ cancelJob: vi.fn(async (_id: string) => true) }));
vi.mock("./api", () => {
  let n = 0;
  return { api: { cancelJob }, newActionId: () => `action-${++n}-test` };
});

import { SingleAction } from "./action.svelte";

const wait = { kind: "quota" as const, untilMs: 1_700_000_045_000 };

describe("a single action", () => {
  beforeEach(() => cancelJob.mockClear());

  it("shows only its own waits, and stops only itself", () => {
    const action = new SingleAction();
    const mine = action.begin();
    action.heard({ actionId: "action-99-other", waiting: wait });
    expect(action.waiting).toBeNull();

    action.heard({ actionId: mine, waiting: wait });
    expect(action.waiting).toEqual(wait);
    action.stop();
    expect(cancelJob).toHaveBeenCalledExactlyOnceWith(mine);

    action.heard({ actionId: mine, waiting: null });
    expect(action.waiting).toBeNull();
  });

  it("forgets its wait when it ends, and a late event of the ended action is ignored", () => {
    const action = new SingleAction();
    const first = action.begin();
    action.heard({ actionId: first, waiting: wait });
    action.end();
    expect(action.waiting).toBeNull();
    action.heard({ actionId: first, waiting: wait });
    expect(action.waiting).toBeNull();
    action.stop();
    expect(cancelJob).not.toHaveBeenCalled();

    const second = action.begin();
    expect(second).not.toBe(first);
    action.heard({ actionId: first, waiting: wait });
    expect(action.waiting, "the earlier action's wait is not the new one's").toBeNull();
  });
});
