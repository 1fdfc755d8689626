import { describe, expect, it } from "vitest";
import { duration, size } from "./format";

describe("format", () => {
  it("writes durations as a clock", () => {
    expect(duration(59)).toBe("0:59");
    expect(duration(3723)).toBe("1:02:03");
  });
  it("writes sizes in decimal units", () => {
    expect(size(999)).toBe("999 bytes");
    expect(size(1_500_000)).toBe("1.5 MB");
    expect(size(null)).toBe("");
  });
});
