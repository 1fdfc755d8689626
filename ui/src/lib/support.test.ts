import { describe, expect, it } from "vitest";
import { supportText } from "./support";

describe("supportText", () => {
  it("lays out every fact with a label and keeps the log lines in order", () => {
    const text = supportText({
      appVersion: "0.1.0",
      os: "Debian GNU/Linux 12 (bookworm), linux 6.1.0, x86_64",
      webview: "2.50.6",
      logFolder: "/home/a/.local/share/io.scriptix.desk/logs",
      logLines: ["first", "second"],
    });
    expect(text.split("\n")).toEqual([
      "Scriptix Desk support details",
      "App version: 0.1.0",
      "System: Debian GNU/Linux 12 (bookworm), linux 6.1.0, x86_64",
      "WebKitGTK: 2.50.6",
      "Log folder: /home/a/.local/share/io.scriptix.desk/logs",
      "",
      "Newest 2 log lines:",
      "first",
      "second",
    ]);
  });
});
