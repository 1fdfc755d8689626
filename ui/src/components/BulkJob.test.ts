// A bulk job panel follows only the job it started: its id is known before any progress
// arrives, so another job's events are not taken for its own and Pause reaches only it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";

type Listener = (p: unknown) => void;
const { listeners, controlJob } = vi.hoisted(() => ({
  listeners: [] as ((p: unknown) => void)[],
  controlJob: vi.fn(async (_id: string, _action: string) => true),
}));

vi.mock("../bindings", () => ({ commands: {}, events: {} }));
vi.mock("../lib/api", () => ({
  DeskFailure: class extends Error {},
  api: {
    chooseFolder: vi.fn(async () => "/backups"),
    planBulk: vi.fn(async () => "job-mine"),
    estimateBulk: vi.fn(async () => ({
      requests: 1640,
      seconds: 3 * 3600 + 20 * 60,
      binding: { limit: 500, seconds: 3600 },
      perHour: 500,
    })),
    // Runs until the test ends.
    startBulk: vi.fn(() => new Promise(() => {})),
    controlJob,
    onBulkProgress: vi.fn((cb: Listener) => {
      listeners.push(cb);
      return Promise.resolve(() => {});
    }),
  },
}));

import BulkJob from "./BulkJob.svelte";

const progress = (jobId: string, done: number, total: number) => ({
  jobId,
  event: { type: "progress", done, total, bytes: 0, etaSeconds: null, concurrency: 1 },
});

async function settle() {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    await tick();
  }
}

afterEach(() => {
  cleanup();
  listeners.length = 0;
});

const props = {
  accountId: "a1",
  accountLabel: "Office",
  sessionIds: ["s1", "s2"],
  mode: "backUpOnly" as const,
  includeMedia: false,
  onclose: () => {},
  onchanged: () => {},
};

describe("a bulk job panel", () => {
  it("ignores another job's progress and pauses only its own job", async () => {
    render(BulkJob, {
      accountId: "a1",
      accountLabel: "Office",
      sessionIds: ["s1", "s2"],
      mode: "backUpOnly",
      includeMedia: false,
      onclose: () => {},
      onchanged: () => {},
    });
    await fireEvent.click(screen.getByText("Choose folder…"));
    await settle();
    await fireEvent.click(screen.getByText("Start"));
    await settle();

    // Another job, started elsewhere, reports first.
    listeners.forEach((cb) => cb(progress("job-other", 7, 9)));
    await settle();
    expect(screen.queryByText(/7 of 9/)).toBeNull();

    listeners.forEach((cb) => cb(progress("job-mine", 1, 2)));
    await settle();
    expect(screen.getByText(/1 of 2 sessions/)).toBeTruthy();

    await fireEvent.click(screen.getByText("Pause"));
    expect(controlJob).toHaveBeenCalledWith("job-mine", "pause");
    expect(controlJob).not.toHaveBeenCalledWith("job-other", expect.anything());
  });

  it("shows the estimate before starting and counts a rate-limit wait down", async () => {
    render(BulkJob, props);
    await settle();
    expect(
      screen.getByText("About 1,640 requests; at your plan's 500 an hour this takes about 3 h 20 min."),
    ).toBeTruthy();
    await fireEvent.click(screen.getByText("Choose folder…"));
    await settle();
    await fireEvent.click(screen.getByText("Start"));
    await settle();

    const p = progress("job-mine", 1, 2);
    listeners.forEach((cb) =>
      cb({ ...p, event: { ...p.event, waiting: { kind: "quota", untilMs: Date.now() + 45_500 } } }),
    );
    await settle();
    const wait = screen.getByText(/Scriptix asks us to wait — continuing in 0:4\d/);
    // Part of the status line the progress bar points at, not a live region read every second.
    expect(wait.closest("[role=status], [aria-live]")).toBeNull();
  });
});
