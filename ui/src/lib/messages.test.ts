import { describe, expect, it } from "vitest";
import { t } from "./messages";

describe("message catalogue", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("app.version", { version: "1.2.3" })).toBe("Version 1.2.3");
    expect(t("app.version")).toBe("Version {version}");
  });
});
