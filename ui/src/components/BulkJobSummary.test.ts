// The end of a bulk job in words: a whole-account backup says whether the account is
// covered (never "the whole account" when Scriptix did not list it all), and a delete job
// says "not on Scriptix for this account" for a 404, never "deleted".
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import type { BulkSummary } from "../bindings";

const { api } = vi.hoisted(() => ({
  api: {
    chooseFolder: vi.fn(async () => "/backups"),
    planBulk: vi.fn(async () => "job-picked"),
    planAccountBackup: vi.fn(async () => "job-account"),
    estimateBulk: vi.fn(async () => ({ requests: 10, seconds: null, binding: null, perHour: null })),
    startBulk: vi.fn(async (_id: string): Promise<unknown> => null),
    controlJob: vi.fn(async () => true),
    onBulkProgress: vi.fn(() => Promise.resolve(() => {})),
  },
}));

vi.mock("../bindings", () => ({ commands: {}, events: {} }));
vi.mock("../lib/api", () => ({ DeskFailure: class extends Error {}, api }));

import BulkJob from "./BulkJob.svelte";

function summary(over: Partial<BulkSummary>): BulkSummary {
  return {
    jobId: "job",
    total: 20,
    deleted: 0,
    alreadyDeleted: 0,
    notOnScriptix: 0,
    notPermitted: 0,
    failed: [],
    backedUp: 20,
    remaining: 0,
    cancelled: false,
    stoppedBecause: null,
    indexPath: "/backups/backup-index.csv",
    signInRefused: false,
    wholeAccount: null,
    ...over,
  };
}

async function settle() {
  for (let i = 0; i < 6; i++) {
    await Promise.resolve();
    await tick();
  }
}

async function runToSummary(props: Record<string, unknown>) {
  render(BulkJob, {
    accountId: "a1",
    accountLabel: "Office",
    sessionIds: ["s1", "s2"],
    mode: "backUpOnly",
    includeMedia: false,
    onclose: () => {},
    onchanged: () => {},
    ...props,
  });
  await settle();
  await fireEvent.click(screen.getByText("Choose folder…"));
  await settle();
  await fireEvent.click(screen.getByText(props.mode === "backUpThenDelete" ? /^Back up, then delete/ : "Start"));
  await settle();
}

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe("a bulk job's summary", () => {
  it("plans the whole account in Rust and says it is not complete when sessions were not listed", async () => {
    api.startBulk.mockResolvedValueOnce(summary({ wholeAccount: { kind: "notListed", sessions: 12 } }));
    await runToSummary({ wholeAccount: true });

    expect(api.planAccountBackup).toHaveBeenCalledWith("a1", false, "/backups");
    expect(api.planBulk).not.toHaveBeenCalled();
    expect(api.startBulk).toHaveBeenCalledWith("job-account");
    expect(
      screen.getByText("Not complete: 12 sessions could not be listed, so they are not in this backup."),
    ).toBeTruthy();
    expect(screen.queryByText(/whole account is backed up/i)).toBeNull();
  });

  it("says so plainly when Scriptix gave no count", async () => {
    api.startBulk.mockResolvedValueOnce(summary({ wholeAccount: { kind: "notListed", sessions: null } }));
    await runToSummary({ wholeAccount: true });
    expect(screen.getByText(/^Not complete: Scriptix did not list every session/)).toBeTruthy();
    expect(screen.queryByText(/whole account is backed up/i)).toBeNull();
  });

  it("says the whole account is backed up only when it is", async () => {
    api.startBulk.mockResolvedValueOnce(summary({ wholeAccount: { kind: "complete" } }));
    await runToSummary({ wholeAccount: true });
    expect(screen.getByText(/^The whole account is backed up/)).toBeTruthy();
  });

  it("says nothing about the account for picked sessions", async () => {
    api.startBulk.mockResolvedValueOnce(summary({}));
    await runToSummary({});
    expect(api.planBulk).toHaveBeenCalled();
    expect(api.planAccountBackup).not.toHaveBeenCalled();
    expect(screen.queryByText(/whole account|Not complete/i)).toBeNull();
  });

  it("counts a session Scriptix answered 404 as not on Scriptix, not as deleted", async () => {
    api.startBulk.mockResolvedValueOnce(summary({ deleted: 1, notOnScriptix: 1, backedUp: 1, total: 2 }));
    await runToSummary({ mode: "backUpThenDelete" });
    expect(
      screen.getByText("Not on Scriptix for this account (already deleted, or not visible to it): 1"),
    ).toBeTruthy();
    expect(screen.getByText("Deleted: 1")).toBeTruthy();
    expect(screen.getByText("Already deleted: 0")).toBeTruthy();
  });
});
