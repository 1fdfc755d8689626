// The delete confirmation after the person closed the save dialog for the backup: they
// changed their mind, so the confirmation stays as it was with a calm note (a status, not
// an alert), and every choice is still there.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import { setLanguage } from "../lib/messages";
import DeleteDialog from "./DeleteDialog.svelte";

const props = {
  title: "“Interview” verwijderen?",
  name: "Interview",
  lines: ["Interview"],
  accountLabel: "Kantoor",
  busy: false,
  ondelete: () => {},
  oncancel: () => {},
};

afterEach(() => {
  cleanup();
  setLanguage("en");
});

describe("the delete confirmation's note", () => {
  it("says calmly, in Dutch, that nothing was deleted, and keeps every choice", () => {
    setLanguage("nl");
    const note = "Er is geen plek voor de back-up gekozen, dus er is niets verwijderd.";
    render(DeleteDialog, { ...props, note });

    const said = screen.getByText(note);
    expect(said.getAttribute("role")).toBe("status");
    expect(said.classList.contains("error")).toBe(false);
    expect(screen.queryByRole("alert")).toBeNull();
    for (const name of ["Back-up opslaan, dan verwijderen", "Behouden"]) {
      expect((screen.getByRole("button", { name }) as HTMLButtonElement).disabled, name).toBe(false);
    }
  });

  it("gives way to the working message when the person tries again", async () => {
    setLanguage("en");
    const note = "No place for the backup was chosen, so nothing was deleted.";
    const { rerender } = render(DeleteDialog, { ...props, note });
    expect(screen.getByRole("status").textContent).toBe(note);
    await rerender({ ...props, note, busy: true });
    expect(screen.getByRole("status").textContent).toBe("Saving the backup, then deleting…");
    expect(screen.queryByText(note)).toBeNull();
  });
});
