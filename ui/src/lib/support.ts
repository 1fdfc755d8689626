// "Copy details for support": the plain text a person pastes into a message to support.
// Rust collects the facts and scrubs the log lines; the labels come from the catalogue.

import type { SupportDetails } from "../bindings";
import { t } from "./messages";

export function supportText(d: SupportDetails): string {
  return [
    t("support.heading"),
    `${t("support.version")}: ${d.appVersion}`,
    `${t("support.os")}: ${d.os}`,
    `${t("support.webview")}: ${d.webview}`,
    `${t("support.logFolder")}: ${d.logFolder}`,
    "",
    `${t("support.logLines", { count: d.logLines.length })}:`,
    ...d.logLines,
  ].join("\n");
}
