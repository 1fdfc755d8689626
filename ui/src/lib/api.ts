// The only module that talks to Rust. Components call `api.*`; they never see `invoke`,
// raw results or Rust's wording for errors.

import {
  commands, events, type BackupProgress, type BulkProgress, type DeskError, type JobAction, type LoadProgress,
} from "../bindings";
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

type Unlisten = () => void;

export const api = {
  appInfo: () => commands.appInfo(),
  startup: () => unwrap(commands.startup()),
  startPractice: () => unwrap(commands.startPractice()),

  listAccounts: () => unwrap(commands.listAccounts()),
  addAccountWithKey: (input: Parameters<typeof commands.addAccountWithKey>[0]) =>
    unwrap(commands.addAccountWithKey(input)),
  signIn: (input: Parameters<typeof commands.signIn>[0]) => unwrap(commands.signIn(input)),
  finishSignIn: (pendingId: string, code: string) => unwrap(commands.finishSignIn(pendingId, code)),
  renewWithKey: (accountId: string, apiKey: string) => unwrap(commands.renewWithKey(accountId, apiKey)),
  renewWithPassword: (accountId: string, email: string, password: string) =>
    unwrap(commands.renewWithPassword(accountId, email, password)),
  switchAccount: (accountId: string) => unwrap(commands.switchAccount(accountId)),
  renameAccount: (accountId: string, label: string) => unwrap(commands.renameAccount(accountId, label)),
  reorderAccounts: (accountIds: string[]) => unwrap(commands.reorderAccounts(accountIds)),
  removeAccount: (accountId: string) => unwrap(commands.removeAccount(accountId)),
  forgetAllAccounts: () => unwrap(commands.forgetAllAccounts()),

  openLibrary: (accountId: string, refresh: boolean) => unwrap(commands.openLibrary(accountId, refresh)),
  libraryWindow: (...a: Parameters<typeof commands.libraryWindow>) => unwrap(commands.libraryWindow(...a)),
  matchingSessionIds: (...a: Parameters<typeof commands.matchingSessionIds>) =>
    unwrap(commands.matchingSessionIds(...a)),
  deletableSessions: (accountId: string, sessionIds: string[]) =>
    unwrap(commands.deletableSessions(accountId, sessionIds)),
  sessionDetails: (accountId: string, sessionId: string) => unwrap(commands.sessionDetails(accountId, sessionId)),
  openDocument: (accountId: string, sessionId: string, documentId: string) =>
    unwrap(commands.openDocument(accountId, sessionId, documentId)),
  openSharedLink: (accountId: string, link: string) => unwrap(commands.openSharedLink(accountId, link)),

  backUp: (...a: Parameters<typeof commands.backUp>) => unwrap(commands.backUp(...a)),
  exportAs: (...a: Parameters<typeof commands.exportAs>) => unwrap(commands.exportAs(...a)),
  openBackup: () => unwrap(commands.openBackup()),
  cancelJob: (jobId: string) => commands.cancelJob(jobId),
  deleteItem: (...a: Parameters<typeof commands.deleteItem>) => unwrap(commands.deleteItem(...a)),
  markFinished: (accountId: string, sessionId: string, documentId: string) =>
    unwrap(commands.markFinished(accountId, sessionId, documentId)),

  chooseFolder: () => unwrap(commands.chooseFolder()),
  startBulk: (...a: Parameters<typeof commands.startBulk>) => unwrap(commands.startBulk(...a)),
  estimateBulk: (...a: Parameters<typeof commands.estimateBulk>) => unwrap(commands.estimateBulk(...a)),
  controlJob: (jobId: string, action: JobAction) => commands.controlJob(jobId, action),
  unfinishedJobs: () => unwrap(commands.unfinishedJobs()),
  resumeJob: (jobId: string) => unwrap(commands.resumeJob(jobId)),
  retryFailed: (jobId: string) => unwrap(commands.retryFailed(jobId)),
  onBulkProgress: (cb: (p: BulkProgress) => void): Promise<Unlisten> =>
    events.bulkProgress.listen((e) => cb(e.payload)),

  auditEntries: () => unwrap(commands.auditEntries()),
  exportAuditCsv: () => unwrap(commands.exportAuditCsv()),

  onLibraryProgress: (cb: (p: LoadProgress) => void): Promise<Unlisten> =>
    events.libraryProgress.listen((e) => cb(e.payload)),
  onBackupProgress: (cb: (p: BackupProgress) => void): Promise<Unlisten> =>
    events.backupProgress.listen((e) => cb(e.payload)),
  onSignInExpired: (cb: (accountId: string) => void): Promise<Unlisten> =>
    events.signInExpired.listen((e) => cb(e.payload.accountId)),
};
