import { describe, expect, it, vi } from "vitest";

vi.mock("../bindings", () => ({ commands: {}, events: {} }));

import { DeskFailure, toFailure, unwrap } from "./api";
import { t } from "./messages";

describe("api error mapping", () => {
  it("maps a typed error to the catalogue's words for its kind and detail code", async () => {
    const failing = Promise.resolve({
      status: "error" as const,
      error: { kind: "keyring" as const, detail: { code: "keyring_unavailable" as const } },
    });
    const err = await unwrap(failing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeskFailure);
    expect((err as DeskFailure).kind).toBe("keyring");
    expect((err as DeskFailure).message).toBe(t("error.keyring"));
    expect((err as DeskFailure).detail).toBe(t("detail.keyring_unavailable"));
  });

  it("words nested codes: what the disk said, which file, which part of a backup", () => {
    const full = toFailure({ kind: "backup", detail: { code: "backup_not_written", io: "disk_full" } });
    expect(full.detail).toBe(`${t("detail.backup_not_written")} ${t("io.disk_full")}`);
    const changed = toFailure({
      kind: "backup",
      detail: { code: "not_intact", problem: "entry_changed", entry: "sessions/a/transcript.txt", io: null },
    });
    expect(changed.detail).toContain("sessions/a/transcript.txt has been changed or damaged.");
    const busy = toFailure({ kind: "rate_limited", detail: { code: "busy", retryAfterSeconds: 1 } });
    expect(busy.detail).toBe("Nothing was lost. Try again in 1 second.");
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
    const err = toFailure({ kind: "weird_new_kind", detail: { code: "x" } });
    expect(err.kind).toBe("unknown");
  });
});
