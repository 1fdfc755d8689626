// The modal dialog's focus rules: first focus on the safe choice, focus kept inside when
// the content changes, Escape from anywhere (not while busy), and focus back where it came
// from, or to the fallback when that is gone.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import ModalHost from "./test/ModalHost.svelte";

async function settle() {
  await tick();
  await new Promise((r) => setTimeout(r, 0));
  await tick();
}

async function openFrom(name: string) {
  const opener = screen.getByRole("button", { name });
  opener.focus();
  await fireEvent.click(opener);
  await settle();
}

describe("Modal", () => {
  afterEach(cleanup);

  it("puts the first focus on the safe choice, not the first button", async () => {
    render(ModalHost);
    await openFrom("Opener");
    expect(document.activeElement?.textContent).toBe("Keep it");
    expect(screen.getByRole("alertdialog", { name: "Delete it?" })).toBeTruthy();
  });

  it("keeps the focus inside when the focused control goes away", async () => {
    render(ModalHost);
    await openFrom("Opener");
    const twice = screen.getByRole("button", { name: "Delete without backup" });
    twice.focus();
    await fireEvent.click(twice);
    await settle();
    expect(document.activeElement?.textContent).toBe("Back");
  });

  it("closes on Escape pressed anywhere, and gives the focus back", async () => {
    render(ModalHost);
    await openFrom("Opener");
    (document.activeElement as HTMLElement).blur();
    await fireEvent.keyDown(window, { key: "Escape" });
    await settle();
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(screen.getByTestId("closed").textContent).toBe("1");
    expect(document.activeElement?.textContent).toBe("Opener");
  });

  it("ignores Escape while busy", async () => {
    render(ModalHost, { busy: true });
    await openFrom("Opener");
    await fireEvent.keyDown(window, { key: "Escape" });
    await settle();
    expect(screen.getByRole("alertdialog")).toBeTruthy();
    expect(screen.getByTestId("closed").textContent).toBe("0");
  });

  it("sends the focus to the fallback when the control it came from is gone", async () => {
    const { rerender } = render(ModalHost);
    await openFrom("Opener");
    await rerender({ withOpener: false });
    await fireEvent.keyDown(window, { key: "Escape" });
    await settle();
    expect(document.activeElement?.id).toBe("fallback");
  });

  it("wraps Tab around inside the dialog", async () => {
    render(ModalHost);
    await openFrom("Opener");
    const last = screen.getByRole("button", { name: "Delete without backup" });
    last.focus();
    await fireEvent.keyDown(last, { key: "Tab" });
    expect(document.activeElement?.textContent).toBe("Delete");
  });
});
