// The colours in style.css, light and dark, checked against WCAG 2.2 AA: 4.5:1 for text
// (1.4.3), 3:1 for what people must see to use the app (1.4.11): the focus ring, input
// borders, the open row's bar, the selection checkbox, badges and the progress fill.
// axe-core checks the light theme in the real webview too (e2e); the dark theme and the
// focus ring it cannot see, so this is where they are held to the rule.
import { describe, expect, it } from "vitest";
import css from "../style.css?raw";

type Theme = Record<string, string>;

function variables(block: string): Theme {
  const out: Theme = {};
  for (const m of block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) out[m[1]] = m[2].toLowerCase();
  return out;
}

/** The first `:root { … }` block, and the one inside `@media (prefers-color-scheme: dark)`. */
function themes(): { light: Theme; dark: Theme } {
  const light = css.match(/^:root\s*\{([^}]*)\}/m);
  const dark = css.match(/@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{([^}]*)\}/);
  if (!light || !dark) throw new Error("style.css has no light or no dark :root block");
  const l = variables(light[1]);
  // The dark theme overrides the colours; anything it leaves out keeps the light value.
  return { light: l, dark: { ...l, ...variables(dark[1]) } };
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function ratio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// [foreground, background, what it is]
const TEXT: [string, string, string][] = [
  ["ink", "bg", "body text"],
  ["ink", "panel", "text on panels"],
  ["ink", "accent-soft", "text in the open row"],
  ["ink", "selected-bg", "text in a selected row"],
  ["muted", "bg", "secondary text"],
  ["muted", "panel", "secondary text on panels"],
  ["muted", "accent-soft", "row details in the open row"],
  ["muted", "selected-bg", "row details in a selected row"],
  ["accent", "accent-soft", "active navigation and badges"],
  ["accent", "panel", "accent text on panels"],
  ["accent-ink", "accent", "primary buttons"],
  ["danger", "panel", "errors and delete-outline buttons"],
  ["danger", "danger-soft", "warning banners and badges"],
  ["danger-ink", "danger", "delete buttons"],
  ["ok", "panel", "success messages"],
  ["practice-ink", "practice-bg", "the practice banner"],
];

const NON_TEXT: [string, string, string][] = [
  ["focus", "bg", "focus ring on the page"],
  ["focus", "panel", "focus ring on panels"],
  ["focus", "accent-soft", "focus ring on the open row"],
  ["focus", "selected-bg", "focus ring on a selected row"],
  ["input-border", "panel", "input borders and scrollbar thumbs"],
  ["input-border", "bg", "input borders and scrollbar thumbs on the page"],
  ["accent", "accent-soft", "the open row's bar and the active navigation bar"],
  ["accent", "panel", "a checked selection box"],
  ["accent", "track", "the progress fill against its track"],
  ["danger", "panel", "delete-outline button borders"],
];

describe("colour contrast (WCAG 2.2 AA)", () => {
  const { light, dark } = themes();
  for (const [name, theme] of [["light", light], ["dark", dark]] as const) {
    it(`${name} theme: text reaches 4.5:1`, () => {
      const low = TEXT.filter(([fg, bg]) => ratio(theme[fg], theme[bg]) < 4.5).map(
        ([fg, bg, what]) => `${what}: --${fg} on --${bg} is ${ratio(theme[fg], theme[bg]).toFixed(2)}:1`,
      );
      expect(low).toEqual([]);
    });
    it(`${name} theme: controls and states reach 3:1`, () => {
      const low = NON_TEXT.filter(([fg, bg]) => ratio(theme[fg], theme[bg]) < 3).map(
        ([fg, bg, what]) => `${what}: --${fg} on --${bg} is ${ratio(theme[fg], theme[bg]).toFixed(2)}:1`,
      );
      expect(low).toEqual([]);
    });
  }

  it("every colour a check uses is defined in both themes", () => {
    const used = new Set([...TEXT, ...NON_TEXT].flatMap(([fg, bg]) => [fg, bg]));
    for (const theme of [light, dark]) for (const v of used) expect(theme[v], `--${v}`).toMatch(/^#[0-9a-f]{6}$/);
    // The dark block really changes the colours (not an empty media query).
    expect(dark.bg).not.toBe(light.bg);
  });

  it("the ratio follows the WCAG formula", () => {
    expect(ratio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(ratio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });
});
