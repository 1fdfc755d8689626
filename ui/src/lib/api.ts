// The only module that talks to Rust. Components call `api.*`; they never see `invoke`,
// raw results or Rust's wording for errors.

import {
  commands, events, type ActionWait, type BackupProgress, type BulkMode, type BulkProgress, type CsvWords, type DeskError, type Detail,
  type DialogWords, type JobAction, type Language, type LoadProgress, type MicrosoftInput,
} from "../bindings";
import { indexWords } from "./csv";
import { describeDetail, kindWords, KIND_WORDS } from "./errors";

export type ErrorKind = DeskError["kind"] | "unknown";

/** A failed command, with the catalogue's words for its kind and its detail code. */
export class DeskFailure extends Error {
  readonly kind: ErrorKind;
  /** The detail code Rust sent (null for untyped failures). */
  readonly code: Detail | null;
  /** The detail in words (what it means for the data, what to do next), from the catalogue. */
  readonly detail: string;

  constructor(kind: ErrorKind, code: Detail | null = null) {
    super(messageForKind(kind));
    this.name = "DeskFailure";
    this.kind = kind;
    this.code = code;
    this.detail = describeDetail(code);
  }

  /** Headline and detail together, for a status line. */
  get full(): string {
    return this.detail ? `${this.message} ${this.detail}` : this.message;
  }
}

/** Every kind Rust sends: the keys of the kinds' words, so a kind without words cannot be
 *  known (and one Rust adds fails the type check in errors.ts until it has words). */
export const KNOWN_KINDS: ReadonlySet<string> = new Set(Object.keys(KIND_WORDS));

export function messageForKind(kind: ErrorKind): string {
  return kindWords(kind);
}

/** Turns anything a command rejected with into a DeskFailure. Transport errors from Tauri
 *  (a plain string, e.g. a refused permission) are not typed, so they become "unknown". */
export function toFailure(err: unknown): DeskFailure {
  if (err instanceof DeskFailure) return err;
  if (err && typeof err === "object" && "kind" in err && typeof err.kind === "string") {
    const kind = KNOWN_KINDS.has(err.kind) ? (err.kind as ErrorKind) : "unknown";
    const detail =
      kind !== "unknown" && "detail" in err && err.detail && typeof err.detail === "object" && "code" in err.detail
        ? (err.detail as Detail)
        : null;
    return new DeskFailure(kind, detail);
  }
  return new DeskFailure("unknown");
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

let actions = 0;
/** A fresh id for one single action (backup, delete, export, mark as finished): its waits
 *  arrive under it, and `cancelJob(id)` stops it and nothing else. */
export function newActionId(): string {
  actions += 1;
  return `action-${actions}-${Math.random().toString(36).slice(2, 10)}`;
}

export const api = {
  appInfo: () => commands.appInfo(),
  startup: () => unwrap(commands.startup()),
  startPractice: () => unwrap(commands.startPractice()),
  supportDetails: () => unwrap(commands.supportDetails()),

  listAccounts: () => unwrap(commands.listAccounts()),
  addAccountWithKey: (input: Parameters<typeof commands.addAccountWithKey>[0]) =>
    unwrap(commands.addAccountWithKey(input)),
  signIn: (input: Parameters<typeof commands.signIn>[0]) => unwrap(commands.signIn(input)),
  finishSignIn: (pendingId: string, code: string) => unwrap(commands.finishSignIn(pendingId, code)),
  cancelSignIn: (pendingId: string) => unwrap(commands.cancelSignIn(pendingId)),
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
  openBackup: (words: DialogWords) => unwrap(commands.openBackup(words)),
  openBackupFile: (path: string) => unwrap(commands.openBackupFile(path)),
  showInFolder: (path: string) => unwrap(commands.showInFolder(path)),
  setLanguage: (chosen: Language | null, shown: Language, remember: boolean) =>
    unwrap(commands.setLanguage(chosen, shown, remember)),
  cancelJob: (jobId: string) => commands.cancelJob(jobId),
  deleteItem: (...a: Parameters<typeof commands.deleteItem>) => unwrap(commands.deleteItem(...a)),
  signInWithMicrosoft: (input: MicrosoftInput) => unwrap(commands.signInWithMicrosoft(input)),
  markFinished: (accountId: string, sessionId: string, documentId: string, finished: boolean, actionId: string) =>
    unwrap(commands.markFinished(accountId, sessionId, documentId, finished, actionId)),

  chooseFolder: (accountId: string, words: DialogWords) => unwrap(commands.chooseFolder(accountId, words)),
  /** Requests a bulk job would send and how long the plan's rate limits make it take. */
  estimateBulk: (accountId: string, sessionIds: string[], mode: BulkMode, includeMedia: boolean) =>
    unwrap(commands.estimateBulk(accountId, sessionIds, mode, includeMedia)),
  /** Plans a bulk job and returns its id; the job runs only when `startBulk(jobId)` is called. */
  planBulk: (accountId: string, sessionIds: string[], mode: BulkMode, includeMedia: boolean, folder: string) =>
    unwrap(commands.planBulk(accountId, sessionIds, mode, includeMedia, folder, indexWords())),
  /** Plans "back up the whole account" (every session the library lists) and returns its id. */
  planAccountBackup: (accountId: string, includeMedia: boolean, folder: string) =>
    unwrap(commands.planAccountBackup(accountId, includeMedia, folder, indexWords())),
  startBulk: (jobId: string) => unwrap(commands.startBulk(jobId)),
  controlJob: (jobId: string, action: JobAction) => commands.controlJob(jobId, action),
  unfinishedJobs: () => unwrap(commands.unfinishedJobs()),
  resumeJob: (jobId: string) => unwrap(commands.resumeJob(jobId)),
  planRetry: (jobId: string) => unwrap(commands.planRetry(jobId)),
  onBulkProgress: (cb: (p: BulkProgress) => void): Promise<Unlisten> =>
    events.bulkProgress.listen((e) => cb(e.payload)),

  auditEntries: (before: string | null, limit: number) => unwrap(commands.auditEntries(before, limit)),
  auditReasons: () => unwrap(commands.auditReasons()),
  exportAuditCsv: (dialog: DialogWords, words: CsvWords) => unwrap(commands.exportAuditCsv(dialog, words)),

  onLibraryProgress: (cb: (p: LoadProgress) => void): Promise<Unlisten> =>
    events.libraryProgress.listen((e) => cb(e.payload)),
  onBackupProgress: (cb: (p: BackupProgress) => void): Promise<Unlisten> =>
    events.backupProgress.listen((e) => cb(e.payload)),
  /** A single action (started under an id from `newActionId`) waits for Scriptix, or goes on. */
  onActionWait: (cb: (w: ActionWait) => void): Promise<Unlisten> =>
    events.actionWait.listen((e) => cb(e.payload)),
  onSignInExpired: (cb: (accountId: string) => void): Promise<Unlisten> =>
    events.signInExpired.listen((e) => cb(e.payload.accountId)),
};
