// A single action Scriptix makes wait: the notice counts down on its own, in the app's
// language, announces the wait once (not every second), and Stop is offered once — also in
// the delete confirmation, where the rest of the dialog is disabled while the delete runs.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { setLanguage, t } from "../lib/messages";
import DeleteDialog from "./DeleteDialog.svelte";
import WaitNotice from "./WaitNotice.svelte";

const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);

describe("the wait notice of a single action", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    setLanguage("en");
  });

  it("counts down every second and announces the wait only once", async () => {
    render(WaitNotice, { wait: { kind: "quota", untilMs: NOW + 45_000 }, onstop: () => {} });
    const shown = () => document.querySelector(".waiting")?.textContent;
    const spoken = () => screen.getByRole("status").textContent;
    expect(shown()).toBe("Scriptix asks us to wait — continuing in 0:45");
    expect(spoken()).toBe("Scriptix asks us to wait — continuing in 0:45");
    await vi.advanceTimersByTimeAsync(3_000);
    await tick();
    expect(shown()).toBe("Scriptix asks us to wait — continuing in 0:42");
    expect(spoken(), "the live region is not re-read every second").toBe(
      "Scriptix asks us to wait — continuing in 0:45",
    );
  });

  it("speaks the person's language and words a network wait differently", () => {
    setLanguage("nl");
    render(WaitNotice, { wait: { kind: "network", untilMs: NOW + 3_600_000 }, onstop: () => {} });
    expect(document.querySelector(".waiting")?.textContent).toBe(
      t("pace.waitNetwork", { time: "1:00:00" }),
    );
    expect(screen.getByRole("button", { name: t("pace.stop") })).toBeTruthy();
    expect(t("pace.stop")).toBe("Stoppen");
  });

  it("stops once: the button is disabled after the first press", async () => {
    const onstop = vi.fn();
    render(WaitNotice, { wait: { kind: "quota", untilMs: NOW + 45_000 }, onstop });
    const stop = screen.getByRole("button", { name: "Stop" });
    await fireEvent.click(stop);
    await fireEvent.click(stop);
    expect(onstop).toHaveBeenCalledTimes(1);
    expect((stop as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows in the delete confirmation while the delete waits, with only Stop usable", async () => {
    const onstop = vi.fn();
    const props = {
      title: "Delete “Interview”?",
      name: "Interview",
      lines: ["Interview"],
      accountLabel: "Office",
      busy: true,
      ondelete: () => {},
      oncancel: () => {},
      onstop,
    };
    const { rerender } = render(DeleteDialog, { ...props, waiting: null });
    expect(screen.queryByRole("button", { name: "Stop" })).toBeNull();

    await rerender({ ...props, waiting: { kind: "quota", untilMs: NOW + 30_000 } });
    expect(document.querySelector(".waiting")?.textContent).toBe(
      "Scriptix asks us to wait — continuing in 0:30",
    );
    const enabled = screen
      .getAllByRole("button")
      .filter((b) => !(b as HTMLButtonElement).disabled)
      .map((b) => b.textContent);
    expect(enabled).toEqual(["Stop"]);
    await fireEvent.click(screen.getByRole("button", { name: "Stop" }));
    expect(onstop).toHaveBeenCalledTimes(1);
  });
});
