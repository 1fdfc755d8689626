// The library toolbar: search and two filters in view, the rest behind "More filters", and
// dates typed the way the app's language writes them.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { setLanguage } from "../lib/messages";
import ToolbarHost from "./test/ToolbarHost.svelte";

vi.mock("../bindings", () => ({ commands: {}, events: {} }));

const query = () => JSON.parse(screen.getByTestId("query").textContent ?? "{}");

/** Type into a date field and leave it, as a person does. */
async function typeDate(label: string, text: string) {
  const field = screen.getByLabelText(label) as HTMLInputElement;
  await fireEvent.input(field, { target: { value: text } });
  await fireEvent.change(field);
  await tick();
  return field;
}

const description = (field: HTMLElement) =>
  document.getElementById(field.getAttribute("aria-describedby") ?? "")?.textContent?.trim();

afterEach(() => {
  cleanup();
  setLanguage("en");
});

describe("the library toolbar (Dutch)", () => {
  it("shows search and two filters, and the dates only after 'Meer filters'", async () => {
    setLanguage("nl");
    render(ToolbarHost);
    expect(screen.getByRole("searchbox", { name: "Zoeken op naam" })).toBeTruthy();
    expect(screen.getByRole("combobox", { name: "Soort" })).toBeTruthy();
    expect(screen.getByRole("combobox", { name: "Afgerond" })).toBeTruthy();

    const more = screen.getByRole("button", { name: "Meer filters" });
    expect(more.getAttribute("aria-expanded")).toBe("false");
    const panel = document.getElementById(more.getAttribute("aria-controls") ?? "");
    expect(panel?.hidden).toBe(true);
    expect(panel?.contains(screen.getByLabelText("Gewijzigd vanaf"))).toBe(true);

    await fireEvent.click(more);
    expect(more.getAttribute("aria-expanded")).toBe("true");
    expect(panel?.hidden).toBe(false);
    await fireEvent.click(more);
    expect(panel?.hidden).toBe(true);
  });

  it("takes a date as dd-mm-jjjj and gives the list its ISO date", async () => {
    setLanguage("nl");
    render(ToolbarHost);
    await fireEvent.click(screen.getByRole("button", { name: "Meer filters" }));
    const from = screen.getByLabelText("Gewijzigd vanaf") as HTMLInputElement;
    expect(from.type).toBe("text");
    expect(from.placeholder).toBe("dd-mm-jjjj");
    expect(description(from)).toBe("Schrijf als dd-mm-jjjj");

    await typeDate("Gewijzigd vanaf", "12-2-2026");
    expect(query().from).toBe("2026-02-12");
    expect(from.value).toBe("12-02-2026");
    expect(from.getAttribute("aria-invalid")).toBeNull();
    expect(description(from)).toBe("Dat is 12 februari 2026.");
  });

  it("says plainly when a date does not exist, and does not filter by it", async () => {
    setLanguage("nl");
    render(ToolbarHost, { start: { to: "2026-05-01" } });
    await fireEvent.click(screen.getByRole("button", { name: "Meer filters (1)" }));
    const to = await typeDate("Gewijzigd tot", "31-04-2026");
    expect(to.getAttribute("aria-invalid")).toBe("true");
    expect(description(to)).toContain("Dit is geen datum. Schrijf hem als dd-mm-jjjj, bijvoorbeeld 31-12-2026.");
    expect(query().to).toBeNull();
  });

  it("counts a hidden filter on the button, and 'Filters wissen' clears everything", async () => {
    setLanguage("nl");
    render(ToolbarHost, { start: { from: "2026-01-01", to: "2026-02-01", finished: true } });
    const more = screen.getByRole("button", { name: "Meer filters (2)" });
    expect(more.getAttribute("aria-expanded")).toBe("false");

    await fireEvent.click(screen.getByRole("button", { name: "Filters wissen" }));
    await tick();
    expect(query()).toMatchObject({ search: "", kind: "all", finished: null, from: null, to: null });
    expect(screen.getByRole("button", { name: "Meer filters" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Filters wissen" })).toBeNull();
    expect(document.activeElement?.id).toBe("lib-search");
    await fireEvent.click(screen.getByRole("button", { name: "Meer filters" }));
    expect((screen.getByLabelText("Gewijzigd vanaf") as HTMLInputElement).value).toBe("");
  });
});

describe("the date filters in the other languages", () => {
  it.each([
    ["en", "Changed from", "dd/mm/yyyy", "12/02/2026", "More filters (1)"],
    ["de", "Geändert ab", "TT.MM.JJJJ", "12.02.2026", "Weitere Filter (1)"],
    ["fr", "Modifié depuis le", "jj/mm/aaaa", "12/02/2026", "Plus de filtres (1)"],
  ])("%s shows and takes the date as %s", async (lang, label, hint, shown, button) => {
    setLanguage(lang);
    render(ToolbarHost, { start: { from: "2026-02-12" } });
    await fireEvent.click(screen.getByRole("button", { name: button }));
    const from = screen.getByLabelText(label) as HTMLInputElement;
    expect(from.placeholder).toBe(hint);
    expect(from.value).toBe(shown);
    await typeDate(label, shown.replace("12", "13"));
    expect(query().from).toBe("2026-02-13");
  });
});

describe("the open filters, checked by axe-core", () => {
  // The e2e axe run sees the toolbar closed; here the panel is open with a refused date.
  // jsdom lays nothing out, so colour contrast is left to contrast.test.ts.
  it("have no WCAG A/AA violation", async () => {
    const axe = (await import("axe-core")).default;
    setLanguage("nl");
    render(ToolbarHost, { start: { from: "2026-02-12" } });
    await fireEvent.click(screen.getByRole("button", { name: "Meer filters (1)" }));
    await typeDate("Gewijzigd tot", "31-04-2026");
    const check = () => axe.run(document.body, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
      rules: { "color-contrast": { enabled: false } },
    });
    // A planted fault first, so "no violation" cannot come from an axe that checks nothing.
    const planted = document.body.appendChild(document.createElement("input"));
    expect((await check()).violations.map((v) => v.id)).toContain("label");
    planted.remove();
    const result = await check();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`)).toEqual([]);
  });
});
