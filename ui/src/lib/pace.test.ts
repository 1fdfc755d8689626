import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "./messages";
import { estimateMessage, roughDuration, waitMessage } from "./pace";

describe("rate-limit words", () => {
  afterEach(() => setLanguage("en"));

  it("counts a wait down to its deadline", () => {
    const now = 1_700_000_000_000;
    expect(waitMessage({ kind: "quota", untilMs: now + 45_000 }, now)).toBe(
      "Scriptix asks us to wait — continuing in 0:45",
    );
    expect(waitMessage({ kind: "network", untilMs: now + 3_600_000 }, now)).toBe(
      "Scriptix cannot be reached — trying again in 1:00:00",
    );
    expect(waitMessage({ kind: "quota", untilMs: now - 5 }, now)).toContain("0:00");
  });

  it("words an estimate from Rust's numbers", () => {
    expect(
      estimateMessage({
        requests: 1640,
        seconds: 3 * 3600 + 20 * 60,
        binding: { limit: 500, seconds: 3600 },
        perHour: 500,
      }),
    ).toBe("About 1,640 requests; at your plan's 500 an hour this takes about 3 h 20 min.");
    expect(estimateMessage({ requests: 12, seconds: null, binding: null, perHour: null })).toBe(
      "About 12 requests.",
    );
    expect(
      estimateMessage({ requests: 14, seconds: 10, binding: { limit: 10, seconds: 10 }, perHour: 3600 }),
    ).toBe("About 14 requests; at your plan's 10 every 10 seconds this takes less than a minute.");
  });

  it("rounds durations the way people plan", () => {
    expect(roughDuration(20)).toBe("1 min");
    expect(roughDuration(45 * 60)).toBe("45 min");
    expect(roughDuration(2 * 86400 + 3 * 3600)).toBe("2 d 3 h");
  });

  it("says 1 request, not 1 requests", () => {
    expect(estimateMessage({ requests: 1, seconds: null, binding: null, perHour: null })).toBe("About 1 request.");
    expect(
      estimateMessage({ requests: 3, seconds: 5, binding: { limit: 1, seconds: 1 }, perHour: 3600 }),
    ).toBe("About 3 requests; at your plan's 1 every second this takes less than a minute.");
  });

  it("speaks the app's language, numbers included", () => {
    setLanguage("nl");
    expect(
      estimateMessage({
        requests: 1640,
        seconds: 3 * 3600 + 20 * 60,
        binding: { limit: 500, seconds: 3600 },
        perHour: 500,
      }),
    ).toBe("Ongeveer 1.640 verzoeken aan Scriptix. Uw abonnement staat er 500 per uur toe, dus dit duurt ongeveer 3 u 20 min.");
    const now = 1_700_000_000_000;
    expect(waitMessage({ kind: "quota", untilMs: now + 45_000 }, now)).toBe(
      "Scriptix vraagt ons even te wachten — we gaan verder over 0:45",
    );
    setLanguage("de");
    expect(estimateMessage({ requests: 12000, seconds: null, binding: null, perHour: null })).toBe(
      "Etwa 12.000 Anfragen an Scriptix.",
    );
    setLanguage("fr");
    expect(roughDuration(2 * 86400 + 3 * 3600)).toBe("2 j 3 h");
  });
});
