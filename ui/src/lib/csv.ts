// The words of the CSV files the app writes, in the UI's language: Rust holds no sentence,
// so the UI hands them over with the request.
import type { CsvSeparator, IndexWords } from "../bindings";
import { language, t } from "./messages";

/** Excel in a Dutch, German or French locale splits columns at `;` (the comma is their
 *  decimal mark), in an English one at `,`. */
export function csvSeparator(): CsvSeparator {
  return language() === "en" ? "comma" : "semicolon";
}

/** The column titles and separator of a bulk job's `backup-index.csv`. */
export function indexWords(): IndexWords {
  return {
    separator: csvSeparator(),
    header: [t("csv.backupFile"), t("csv.sessionId"), t("csv.name"), t("csv.documents"), t("csv.bytes"), t("csv.backupSha")],
  };
}
