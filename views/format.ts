// How the pages write values: numbers, percentages, hours, instants and sizes in the reader's language (server/i18n).
import { formatDateTime, formatFixed, formatNumber, formatPercent, t } from "../server/i18n/index.js";

export function formatValue(value: number | null | undefined, unit: "percent" | "hours" | "tickets" | "number", digits = 1): string {
  if (value === null || value === undefined) return t("common.none");
  if (unit === "percent") return formatPercent(value, digits);
  if (unit === "hours") return t("unit.hours", { value: formatFixed(value, 1) });
  if (unit === "tickets") return formatNumber(value);
  return formatNumber(value, 2);
}

/** An instant in the organisation's time zone (named once per page by the layout). */
export function formatInstant(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return t("common.none");
  return formatDateTime(ms);
}

/** The score colours' bands, in percent of judged rules passing: green from `good`, amber from `warn`, red below. */
export const scoreBands = { good: 90, warn: 75 } as const;

export function scoreClass(score: number | null): string {
  if (score === null) return "score-none";
  return score >= scoreBands.good ? "score-good" : score >= scoreBands.warn ? "score-warn" : "score-bad";
}

/** A byte count for people: 512 bytes, 12.3 KB, 5.0 MB (1 KB = 1024 bytes). */
export function formatBytes(n: number): string {
  if (n < 1024) return t("size.bytes", { n });
  if (n < 1024 * 1024) return t("size.kib", { n: formatFixed(n / 1024, 1) });
  return t("size.mib", { n: formatFixed(n / 1024 / 1024, 1) });
}
