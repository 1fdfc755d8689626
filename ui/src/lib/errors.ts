// Words for what Rust reports as codes: an error's kind + detail, a bulk item's failure
// reason, the startup notice, a deletion record's outcome. Rust never sends a sentence
// (issue 11); everything here comes from the catalogue in the app's language.
//
// Each family of codes has a map typed from ../bindings (generated from Rust): when Rust
// adds a code, `satisfies Record<Code, MessageKey>` makes `npm run check` fail until the
// code has words, instead of the person reading "Something went wrong" (issue 20).

import type {
  AppFile, AuditKind, AuditOutcome, DeskError, Detail, FailedStep, FailureReason, FileAction, IntactProblem, IoProblem,
} from "../bindings";
import { t, tn, type MessageKey } from "./messages";

/** The headline of each error kind. `KNOWN_KINDS` (api.ts) is this map's keys. */
export const KIND_WORDS = {
  auth: "error.auth",
  forbidden: "error.forbidden",
  not_found: "error.not_found",
  rate_limited: "error.rate_limited",
  network: "error.network",
  server: "error.server",
  validation: "error.validation",
  keyring: "error.keyring",
  backup: "error.backup",
  cancelled: "error.cancelled",
  invalid_input: "error.invalid_input",
  storage: "error.storage",
  internal: "error.internal",
} as const satisfies Record<DeskError["kind"], MessageKey>;

const IO_WORDS = {
  not_allowed: "io.not_allowed",
  disk_full: "io.disk_full",
  not_found: "io.not_found",
  other: "io.other",
} as const satisfies Record<IoProblem, MessageKey>;

const APP_FILE_WORDS = {
  account_list: "appFile.account_list",
  journal: "appFile.journal",
  deletion_record: "appFile.deletion_record",
  app_folder: "appFile.app_folder",
  log: "appFile.log",
  backup_index: "appFile.backup_index",
  library_cache: "appFile.library_cache",
  settings: "appFile.settings",
} as const satisfies Record<AppFile, MessageKey>;

const FILE_ACTION_WORDS = {
  read: "detail.app_file.read",
  write: "detail.app_file.write",
  move_aside: "detail.app_file.move_aside",
} as const satisfies Record<FileAction, MessageKey>;

const INTACT_WORDS = {
  not_zip: "intact.not_zip",
  duplicate_names: "intact.duplicate_names",
  no_manifest: "intact.no_manifest",
  manifest_damaged: "intact.manifest_damaged",
  not_a_backup: "intact.not_a_backup",
  newer_version: "intact.newer_version",
  entry_changed: "intact.entry_changed",
  unreadable_name: "intact.unreadable_name",
  listing_mismatch: "intact.listing_mismatch",
  unreadable: "intact.unreadable",
  too_many_entries: "intact.too_many_entries",
  entry_too_large: "intact.entry_too_large",
  total_too_large: "intact.total_too_large",
  manifest_too_large: "intact.manifest_too_large",
  overlapping_entries: "intact.overlapping_entries",
  inconsistent_headers: "intact.inconsistent_headers",
  unsupported_entry: "intact.unsupported_entry",
} as const satisfies Record<IntactProblem, MessageKey>;

const STEP_WORDS = {
  not_backed_up: "failed.not_backed_up",
  not_backed_up_not_deleted: "failed.not_backed_up_not_deleted",
  gone_before_backup: "failed.gone_before_backup",
  deleted_backup_lost: "failed.deleted_backup_lost",
  not_deleted: "failed.not_deleted",
} as const satisfies Record<FailedStep, MessageKey>;

/** Codes whose words need more than their own values (a plural, a nested code). */
type ComposedCode =
  | "busy" | "app_file" | "app_file_damaged" | "app_file_newer" | "file" | "backup_not_saved" | "backup_not_written"
  | "not_intact" | "backup_unreadable";

/** The sentence of every other detail code; its string and number values fill `{name}`s. */
const DETAIL_WORDS = {
  sign_in_refused: "detail.sign_in_refused",
  not_allowed: "detail.not_allowed",
  gone: "detail.gone",
  deleted_on_scriptix: "detail.deleted_on_scriptix",
  list_incomplete: "detail.list_incomplete",
  unknown_link: "detail.unknown_link",
  server_said: "detail.server_said",
  server_problem: "detail.server_problem",
  unreachable: "detail.unreachable",
  unreadable_answer: "detail.unreadable_answer",
  unsafe_name: "detail.unsafe_name",
  server_address_unusable: "detail.server_address_unusable",
  stopped: "detail.stopped",
  stopped_nothing_changed: "detail.stopped_nothing_changed",
  no_file_chosen: "detail.no_file_chosen",
  no_folder_chosen: "detail.no_folder_chosen",
  no_backup_chosen: "detail.no_backup_chosen",
  too_many_old_copies: "detail.too_many_old_copies",
  file_exists: "detail.file_exists",
  backup_incomplete: "detail.backup_incomplete",
  backup_not_as_written: "detail.backup_not_as_written",
  backup_missing_session: "detail.backup_missing_session",
  backup_not_planned: "detail.backup_not_planned",
  backup_changed: "detail.backup_changed",
  changed_during_backup: "detail.changed_during_backup",
  account_missing: "detail.account_missing",
  sign_in_missing: "detail.sign_in_missing",
  sign_in_expired: "detail.sign_in_expired",
  browser_sign_in_timed_out: "detail.browser_sign_in_timed_out",
  browser_sign_in_refused: "detail.browser_sign_in_refused",
  browser_sign_in_empty: "detail.browser_sign_in_empty",
  cannot_listen: "detail.cannot_listen",
  cannot_open_browser: "detail.cannot_open_browser",
  not_a_web_address: "detail.not_a_web_address",
  key_refused: "detail.key_refused",
  password_refused: "detail.password_refused",
  token_refused: "detail.token_refused",
  different_user: "detail.different_user",
  practice_needs_no_sign_in: "detail.practice_needs_no_sign_in",
  missing_api_key: "detail.missing_api_key",
  missing_email: "detail.missing_email",
  missing_password: "detail.missing_password",
  missing_code: "detail.missing_code",
  code_expired: "detail.code_expired",
  code_refused: "detail.code_refused",
  code_refused_too_often: "detail.code_refused_too_often",
  missing_label: "detail.missing_label",
  label_too_long: "detail.label_too_long",
  label_has_line_breaks: "detail.label_has_line_breaks",
  order_repeats: "detail.order_repeats",
  keyring_unavailable: "detail.keyring_unavailable",
  keyring_damaged: "detail.keyring_damaged",
  keyring_too_long: "detail.keyring_too_long",
  keyring_not_read_back: "detail.keyring_not_read_back",
  keyring_failed: "detail.keyring_failed",
  choose_folder_first: "detail.choose_folder_first",
  folder_not_found: "detail.folder_not_found",
  nothing_selected: "detail.nothing_selected",
  nothing_failed: "detail.nothing_failed",
  unknown_job: "detail.unknown_job",
  job_missing: "detail.job_missing",
  job_already_running: "detail.job_already_running",
  not_app_file: "detail.not_app_file",
  cannot_open_folder: "detail.cannot_open_folder",
  task_stopped: "detail.task_stopped",
  practice_server_failed: "detail.practice_server_failed",
  logging_started: "detail.logging_started",
  bug: "detail.bug",
} as const satisfies Record<Exclude<Detail["code"], ComposedCode>, MessageKey>;

/** Looks `value` up in `map`; "" for a value this version of the UI does not know (a newer
 *  app's record, or a field that is absent), so words never throw. */
function lookup<K extends string>(map: Record<K, MessageKey>, value: unknown, params: Record<string, string> = {}): string {
  return typeof value === "string" && Object.hasOwn(map, value) ? t(map[value as K], params) : "";
}

/** The sentence for a nested `io` code, or "" when absent. */
const io = (value: unknown) => lookup(IO_WORDS, value);
const appFile = (value: unknown) => lookup(APP_FILE_WORDS, value);

/** The detail of an error in words: what happened to the data and what to do next. */
export function describeDetail(detail: Detail | null | undefined): string {
  if (!detail || typeof detail !== "object" || typeof detail.code !== "string") return "";
  switch (detail.code) {
    case "busy":
      return typeof detail.retryAfterSeconds === "number"
        ? tn("detail.busy_seconds", detail.retryAfterSeconds)
        : t("detail.busy");
    case "app_file":
      return lookup(FILE_ACTION_WORDS, detail.action, { file: appFile(detail.file), io: io(detail.io) }).trim();
    case "app_file_damaged":
    case "app_file_newer":
      return t(`detail.${detail.code}`, { file: appFile(detail.file) });
    case "file":
    case "backup_not_saved":
      return t(`detail.${detail.code}`, { io: io(detail.io) }).trim();
    case "backup_not_written":
      return [t("detail.backup_not_written"), io(detail.io)].filter(Boolean).join(" ");
    case "not_intact":
      return [t("detail.not_intact"), lookup(INTACT_WORDS, detail.problem, { entry: detail.entry ?? "" }), io(detail.io)]
        .filter(Boolean)
        .join(" ");
    case "backup_unreadable":
      return detail.entry
        ? t("detail.backup_unreadable_entry", { entry: detail.entry })
        : t("detail.backup_unreadable");
    default: {
      const params: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(detail)) {
        if (name !== "code" && (typeof value === "string" || typeof value === "number")) params[name] = value;
      }
      return Object.hasOwn(DETAIL_WORDS, detail.code) ? t(DETAIL_WORDS[detail.code], params) : "";
    }
  }
}

/** The headline of an error kind; a kind this version does not know gets the generic one. */
export function kindWords(kind: string): string {
  return lookup(KIND_WORDS, kind) || t("error.unknown");
}

/** The kind's headline and the detail, as one text. */
export function describeError(error: DeskError): string {
  return [kindWords(error.kind), describeDetail(error.detail)].filter(Boolean).join(" ");
}

/** Why a bulk item or a delete did not end well: the step (what it means for the data),
 *  then the error behind it. Records written by older versions hold English text. */
export function describeReason(reason: FailureReason): string {
  if (typeof reason === "string") return reason;
  const step = lookup(STEP_WORDS, reason.step) || t("error.unknown");
  return reason.error ? `${step} ${describeDetail(reason.error.detail) || kindWords(reason.error.kind)}` : step;
}

const AUDIT_KIND_WORDS = {
  session: "activity.kind.session",
  document: "activity.kind.document",
  comment: "activity.kind.comment",
} as const satisfies Record<AuditKind, MessageKey>;

const AUDIT_OUTCOME_WORDS = {
  deleted: "activity.outcome.deleted",
  alreadyDeleted: "activity.outcome.alreadyDeleted",
  notOnScriptix: "activity.outcome.notOnScriptix",
  notPermitted: "activity.outcome.notPermitted",
  failed: "activity.outcome.failed",
} as const satisfies Record<AuditOutcome["kind"], MessageKey>;

/** What a deletion record entry is: "Session", "Document", "Comment". */
export function auditKindWords(kind: AuditKind): string {
  return lookup(AUDIT_KIND_WORDS, kind);
}

/** How a deletion record entry ended, with the reason when it failed. */
export function auditOutcomeWords(outcome: AuditOutcome): string {
  return outcome.kind === "failed"
    ? t(AUDIT_OUTCOME_WORDS.failed, { reason: describeReason(outcome.reason) })
    : lookup(AUDIT_OUTCOME_WORDS, outcome.kind);
}

/** A cancelled dialog is the person changing their mind, not an error. */
export function isDialogCancel(detail: Detail | null | undefined): boolean {
  return !!detail && ["no_file_chosen", "no_folder_chosen", "no_backup_chosen"].includes(detail.code);
}

/** Scriptix role codes in words: Administrator, Member, Read only (each once). */
export function roleWords(roles: readonly string[]): string {
  const words = new Set<string>();
  for (const role of roles) {
    const r = role.trim().toUpperCase();
    if (r === "ORGADMIN" || r === "SYSOP") words.add(t("role.admin"));
    else if (r === "CONTRIBUTOR" || r === "DEVELOPER") words.add(t("role.member"));
    else words.add(t("role.readOnly"));
  }
  return [...words].join(", ");
}

/** An account's name as shown: the practice account's in the app's language. */
export function accountName(a: { label: string; isPractice: boolean }): string {
  return a.isPractice ? t("practice.label") : a.label;
}
