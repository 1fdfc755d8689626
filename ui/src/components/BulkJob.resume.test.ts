// A resumed (or started) bulk job is run only once the panel listens for its progress: a job
// with little left to do can send all its events at once, and events sent before the
// listener is registered reach no one, so the panel would sit at "0 of N".
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";

type Listener = (p: unknown) => void;
const { bus, registered, runJob } = vi.hoisted(() => {
  // Like Tauri's event bus: a listener hears events only after `listen` has resolved.
  const bus = { listeners: [] as Listener[], emit: (p: unknown) => bus.listeners.forEach((cb) => cb(p)) };
  const registered = { release: [] as (() => void)[] };
  // Rust's job: it reports its progress the moment it runs, then keeps running.
  const runJob = (jobId: string) => {
    bus.emit({ jobId, event: { type: "progress", done: 1, total: 2, bytes: 0, etaSeconds: null, concurrency: 1 } });
    return new Promise(() => {});
  };
  return { bus, registered, runJob };
});

vi.mock("../bindings", () => ({ commands: {}, events: {} }));
vi.mock("../lib/api", () => ({
  DeskFailure: class extends Error {},
  api: {
    chooseFolder: vi.fn(async () => "/backups"),
    planBulk: vi.fn(async () => "job-new"),
    estimateBulk: vi.fn(async () => ({ requests: 4, seconds: null, binding: null, perHour: null })),
    startBulk: vi.fn((jobId: string) => runJob(jobId)),
    resumeJob: vi.fn((jobId: string) => runJob(jobId)),
    controlJob: vi.fn(async () => true),
    // Registered only when the test says so (the IPC round trip of `listen`).
    onBulkProgress: vi.fn(
      (cb: Listener) =>
        new Promise<() => void>((resolve) =>
          registered.release.push(() => {
            bus.listeners.push(cb);
            resolve(() => {});
          }),
        ),
    ),
  },
}));

import BulkJob from "./BulkJob.svelte";
import { api } from "../lib/api";
import { setLanguage } from "../lib/messages";

async function settle() {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    await tick();
  }
}

const props = {
  accountId: "a1",
  accountLabel: "Office",
  sessionIds: ["s1", "s2"],
  mode: "backUpOnly" as const,
  includeMedia: false,
  onclose: () => {},
  onchanged: () => {},
};

afterEach(() => {
  cleanup();
  bus.listeners.length = 0;
  registered.release.length = 0;
  vi.mocked(api.resumeJob).mockClear();
  vi.mocked(api.startBulk).mockClear();
  setLanguage("en");
});

describe("a bulk job panel and its progress listener", () => {
  it("resumes a job only once it listens, so its first progress shows", async () => {
    setLanguage("en");
    render(BulkJob, { ...props, resumeJobId: "job-old" });
    await settle();
    expect(api.resumeJob).not.toHaveBeenCalled();

    registered.release.forEach((release) => release());
    await settle();
    expect(api.resumeJob).toHaveBeenCalledWith("job-old");
    expect(screen.getByText(/1 of 2 sessions/)).toBeTruthy();
  });

  it("starts a new job only once it listens, in Dutch", async () => {
    setLanguage("nl");
    render(BulkJob, props);
    await settle();
    await fireEvent.click(screen.getByText("Map kiezen…"));
    await settle();
    await fireEvent.click(screen.getByText("Starten"));
    await settle();
    expect(api.startBulk).not.toHaveBeenCalled();

    registered.release.forEach((release) => release());
    await settle();
    expect(api.startBulk).toHaveBeenCalledWith("job-new");
    expect(screen.getByText(/1 van 2 opnames/)).toBeTruthy();
  });
});
