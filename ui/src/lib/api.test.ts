import { describe, expect, it, vi } from "vitest";

vi.mock("../bindings", () => ({ commands: {}, events: {} }));

import { DeskFailure, toFailure, unwrap } from "./api";
import { t } from "./messages";

describe("api error mapping", () => {
  it("maps a typed error to the catalogue message for its kind", async () => {
    const failing = Promise.resolve({
      status: "error" as const,
      error: { kind: "keyring" as const, message: "Unlock GNOME Keyring and try again." },
    });
    const err = await unwrap(failing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeskFailure);
    expect((err as DeskFailure).kind).toBe("keyring");
    expect((err as DeskFailure).message).toBe(t("error.keyring"));
    expect((err as DeskFailure).detail).toBe("Unlock GNOME Keyring and try again.");
  });

  it("passes data through on success", async () => {
    await expect(unwrap(Promise.resolve({ status: "ok" as const, data: 42 }))).resolves.toBe(42);
  });

  it("never shows Rust or Tauri wording for untyped failures", () => {
    const err = toFailure("app_info not allowed. Permissions associated with this command: allow-app-info");
    expect(err.kind).toBe("unknown");
    expect(err.message).toBe(t("error.unknown"));
    expect(err.message).not.toContain("allow-");
  });

  it("treats an unknown kind as unknown rather than echoing it", () => {
    const err = toFailure({ kind: "weird_new_kind", message: "x" });
    expect(err.kind).toBe("unknown");
  });
});
