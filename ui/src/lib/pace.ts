// Words for rate-limit waits and job estimates. Rust sends numbers (a deadline in
// milliseconds since the epoch, requests, seconds, a limit and its window); the words and
// the number formatting live here.
import type { JobEstimate, JobWait } from "../bindings";
import { duration } from "./format";
import { t } from "./messages";

/** "Scriptix asks us to wait — continuing in 0:45", counted down against `nowMs`. */
export function waitMessage(wait: JobWait, nowMs: number): string {
  const time = duration(Math.max(0, ((wait.untilMs ?? nowMs) - nowMs) / 1000));
  return wait.kind === "network" ? t("pace.waitNetwork", { time }) : t("pace.waitQuota", { time });
}

/** "3 h 20 min": rounded the way people plan a day (at least a minute). */
export function roughDuration(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return t("pace.minutes", { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return t("pace.days", { days: Math.floor(hours / 24), hours: hours % 24 });
  return t("pace.hoursMinutes", { hours, minutes: minutes % 60 });
}

function per(seconds: number): string {
  const near = (x: number) => Math.abs(seconds - x) <= x * 0.1;
  if (near(60)) return t("pace.perMinute");
  if (near(3600)) return t("pace.perHour");
  if (near(86400)) return t("pace.perDay");
  return t("pace.perSeconds", { seconds: Math.round(seconds) });
}

/** "About 1,640 requests; at your plan's 500 an hour this takes about 3 h 20 min." */
export function estimateMessage(e: JobEstimate): string {
  const requests = new Intl.NumberFormat().format(e.requests);
  const seconds = e.seconds;
  const binding = e.binding;
  if (seconds == null || binding == null || binding.seconds == null) {
    return t("pace.estimateNoLimit", { requests });
  }
  const limit = new Intl.NumberFormat().format(binding.limit);
  const every = per(binding.seconds);
  if (seconds < 60) return t("pace.estimateQuick", { requests, limit, per: every });
  return t("pace.estimate", { requests, limit, per: every, time: roughDuration(seconds) });
}
