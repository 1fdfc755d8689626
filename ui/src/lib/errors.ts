// Words for what Rust reports as codes: an error's kind + detail, a bulk item's failure
// reason, the startup notice. Rust never sends a sentence (issue 11); everything here comes
// from the catalogue in the app's language.

import type { DeskError, Detail, FailureReason } from "../bindings";
import { t, tn, type MessageKey } from "./messages";

type AnyDetail = Detail & Record<string, unknown>;

/** The sentence for one nested code (`io`, `problem`, `file`), or "" when absent. */
function io(value: unknown): string {
  return typeof value === "string" ? t(`io.${value}` as MessageKey) : "";
}

/** The detail of an error in words: what happened to the data and what to do next. */
export function describeDetail(detail: Detail | null | undefined): string {
  if (!detail || typeof detail !== "object" || typeof detail.code !== "string") return "";
  const d = detail as AnyDetail;
  switch (d.code) {
    case "busy":
      return typeof d.retryAfterSeconds === "number"
        ? tn("detail.busy_seconds", d.retryAfterSeconds)
        : t("detail.busy");
    case "app_file":
      return t(`detail.app_file.${String(d.action)}` as MessageKey, {
        file: t(`appFile.${String(d.file)}` as MessageKey),
        io: io(d.io),
      }).trim();
    case "app_file_damaged":
    case "app_file_newer":
      return t(`detail.${d.code}`, { file: t(`appFile.${String(d.file)}` as MessageKey) });
    case "file":
    case "backup_not_saved":
      return t(`detail.${d.code}`, { io: io(d.io) }).trim();
    case "backup_not_written":
      return [t("detail.backup_not_written"), io(d.io)].filter(Boolean).join(" ");
    case "not_intact":
      return [
        t("detail.not_intact"),
        t(`intact.${String(d.problem)}` as MessageKey, { entry: String(d.entry ?? "") }),
        io(d.io),
      ]
        .filter(Boolean)
        .join(" ");
    case "backup_unreadable":
      return d.entry ? t("detail.backup_unreadable_entry", { entry: String(d.entry) }) : t("detail.backup_unreadable");
    default: {
      const key = `detail.${d.code}` as MessageKey;
      const params: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(d)) {
        if (name !== "code" && (typeof value === "string" || typeof value === "number")) params[name] = value;
      }
      return t(key, params);
    }
  }
}

/** The kind's headline and the detail, as one text. */
export function describeError(error: DeskError): string {
  return [t(`error.${error.kind}` as MessageKey), describeDetail(error.detail)].filter(Boolean).join(" ");
}

/** Why a bulk item or a delete did not end well: the step (what it means for the data),
 *  then the error behind it. Records written by older versions hold English text. */
export function describeReason(reason: FailureReason): string {
  if (typeof reason === "string") return reason;
  const step = t(`failed.${reason.step}` as MessageKey);
  return reason.error ? `${step} ${describeDetail(reason.error.detail) || t(`error.${reason.error.kind}` as MessageKey)}` : step;
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
