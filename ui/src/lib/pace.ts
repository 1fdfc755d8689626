// Words for rate-limit waits and job estimates. Rust sends numbers (a deadline in
// milliseconds since the epoch, requests, seconds, a limit and its window); the words come
// from the message catalogue (t/tn) and the numbers are formatted in the app's language.
import type { JobEstimate, JobWait } from "../bindings";
import { count, duration } from "./format";
import { t, tn } from "./messages";

/** "Scriptix asks us to wait — continuing in 0:45", counted down against `nowMs`. */
export function waitMessage(wait: JobWait, nowMs: number): string {
  const time = duration(Math.max(0, ((wait.untilMs ?? nowMs) - nowMs) / 1000));
  return wait.kind === "network" ? t("pace.waitNetwork", { time }) : t("pace.waitQuota", { time });
}

/** "3 h 20 min": rounded the way people plan a day (at least a minute). */
export function roughDuration(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return t("pace.minutes", { minutes: count(minutes) });
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return t("pace.days", { days: count(Math.floor(hours / 24)), hours: count(hours % 24) });
  return t("pace.hoursMinutes", { hours: count(hours), minutes: count(minutes % 60) });
}

/** The limit's window in words: "an hour", "every 10 seconds". */
function per(seconds: number): string {
  const near = (x: number) => Math.abs(seconds - x) <= x * 0.1;
  if (near(60)) return t("pace.perMinute");
  if (near(3600)) return t("pace.perHour");
  if (near(86400)) return t("pace.perDay");
  return tn("pace.perSeconds", Math.max(1, Math.round(seconds)));
}

/** "About 1,640 requests; at your plan's 500 an hour this takes about 3 h 20 min." */
export function estimateMessage(e: JobEstimate): string {
  const seconds = e.seconds;
  const binding = e.binding;
  if (seconds == null || binding == null || binding.seconds == null) {
    return tn("pace.estimateNoLimit", e.requests);
  }
  const limit = count(binding.limit);
  const every = per(binding.seconds);
  if (seconds < 60) return tn("pace.estimateQuick", e.requests, { limit, per: every });
  return tn("pace.estimate", e.requests, { limit, per: every, time: roughDuration(seconds) });
}
