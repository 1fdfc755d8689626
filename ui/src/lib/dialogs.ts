// The words of the native file dialogs, in the app's language. Rust opens the dialogs but
// holds no words, so every command that opens one is sent these (title, file type name,
// proposed file name; Rust makes the name safe and adds the extension).

import type { DialogWords } from "../bindings";
import { fileDate } from "./format";
import { t } from "./messages";

/** Saving one session's (or document's) backup: "<name> backup 2026-12-02.zip". */
export function backupDialog(name: string | null): DialogWords {
  const date = fileDate();
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
