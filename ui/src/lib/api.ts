// The only module that talks to Rust. Components call `api.*`; they never see `invoke`,
// raw results or Rust's wording for errors.

import { commands, type DeskError } from "../bindings";
import { t, type MessageKey } from "./messages";

export type ErrorKind = DeskError["kind"] | "unknown";

/** A failed command, with the catalogue's plain-language message for its kind. */
export class DeskFailure extends Error {
  readonly kind: ErrorKind;
  /** Rust's plain-language detail, shown under the main message when useful. */
  readonly detail: string;

  constructor(kind: ErrorKind, detail: string) {
    super(messageForKind(kind));
    this.name = "DeskFailure";
    this.kind = kind;
    this.detail = detail;
  }
}

const KNOWN_KINDS: ReadonlySet<string> = new Set<DeskError["kind"]>([
  "auth", "forbidden", "not_found", "rate_limited", "network", "server", "validation",
  "keyring", "backup", "cancelled", "invalid_input", "storage", "internal",
]);

export function messageForKind(kind: ErrorKind): string {
  return t(`error.${KNOWN_KINDS.has(kind) ? kind : "unknown"}` as MessageKey);
}

/** Turns anything a command rejected with into a DeskFailure. Transport errors from Tauri
 *  (a plain string, e.g. a refused permission) are not typed, so they become "unknown". */
export function toFailure(err: unknown): DeskFailure {
  if (err instanceof DeskFailure) return err;
  if (err && typeof err === "object" && "kind" in err && typeof err.kind === "string") {
    const kind = KNOWN_KINDS.has(err.kind) ? (err.kind as ErrorKind) : "unknown";
    const detail = "message" in err && typeof err.message === "string" ? err.message : "";
    return new DeskFailure(kind, detail);
  }
  return new DeskFailure("unknown", "");
}

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: DeskError };

/** Unwraps a tauri-specta result, throwing a DeskFailure on error. */
export async function unwrap<T>(pending: Promise<CommandResult<T>>): Promise<T> {
  let result: CommandResult<T>;
  try {
    result = await pending;
  } catch (err) {
    throw toFailure(err);
  }
  if (result.status === "error") throw toFailure(result.error);
  return result.data;
}

export const api = {
  appInfo: () => commands.appInfo(),
};
