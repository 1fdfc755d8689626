// The words of the native file dialogs, in the app's language. Rust opens the dialogs but
// holds no words, so every command that opens one is sent these (title, file type name,
// proposed file name; Rust makes the name safe and adds the extension).

import type { DialogWords } from "../bindings";
import { fileStamp } from "./format";
import { t } from "./messages";

/** Room for the item's name in a suggested backup name (the rest is words and the time). */
const NAME_ROOM = 28;

/** Saving one session's (or document's) backup: "<session> - <item> backup 2026-12-02
 * 14.03.09.zip". The item's own name and the time keep two backups from one session on one day
 * (a document deleted, then a comment) from colliding. */
export function backupDialog(name: string | null, item?: string | null, now: Date = new Date()): DialogWords {
  const date = fileStamp(now);
  if (name && item && item !== name) name = `${name} - ${item}`;
  // Rust caps a file name at 60 characters; the time must survive that cap, so long names
  // give way first.
  if (name && name.length > NAME_ROOM) name = `${name.slice(0, NAME_ROOM - 1).trimEnd()}…`;
  return {
    title: t("dialog.backupTitle"),
    filter: t("dialog.backupFilter"),
    fileName: name ? t("dialog.backupFileName", { name, date }) : t("dialog.accountBackupFileName", { date }),
  };
}

export function exportDialog(name: string): DialogWords {
  return { title: t("dialog.exportTitle"), filter: t("dialog.exportFilter"), fileName: name };
}

export function openBackupDialog(): DialogWords {
  return { title: t("dialog.openBackupTitle"), filter: t("dialog.backupFilter"), fileName: null };
}

export function folderDialog(): DialogWords {
  return { title: t("dialog.folderTitle"), filter: "", fileName: null };
}

export function csvDialog(): DialogWords {
  return { title: t("dialog.csvTitle"), filter: t("dialog.csvFilter"), fileName: t("dialog.csvFileName") };
}
