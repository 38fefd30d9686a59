// How the report writes numbers, instants, statuses and units: one place, so every section agrees.
import { DateTime } from "luxon";
import type { ResultStatus } from "../server/db/schema.js";
import { currentLocale, formatCalendarDate, formatDate as formatIntlDate, formatDateTime, formatNumber as formatIntlNumber } from "../server/i18n/index.js";
import { parseClauses } from "../audits/clauses.js";
import { formatMeasure } from "../audits/rulebooks/units.js";
import { pt } from "./language.js";
import type { RuleInfo, RuleUnit } from "./rule-catalogue.js";

/** A result status in the report's language ("通过 Pass" in a bilingual report). */
export const statusLabel = (status: ResultStatus): string => pt(`pdf.status.${status}`);

export const statusOrder: ResultStatus[] = ["pass", "fail", "waived", "not_applicable", "pending", "error"];

/** Status colours, also used by the charts; chosen to stay distinct in greyscale print. */
export const statusColours: Record<ResultStatus, string> = {
  pass: "#2e7d32",
  fail: "#c62828",
  waived: "#6a1b9a",
  not_applicable: "#9e9e9e",
  pending: "#ef6c00",
  error: "#424242",
};

/** An instant in the report's language, in `timezone` (the run's): "1 Oct 2026, 08:00" / "2026年10月1日 08:00". */
export function formatInstant(ms: number | null | undefined, timezone: string): string {
  if (ms === null || ms === undefined) return "—";
  return formatDateTime(ms, { locale: currentLocale(), timeZone: timezone });
}

/** An instant's calendar date in the report's language, in `timezone`. */
export function formatDate(ms: number, timezone: string): string {
  return formatIntlDate(ms, { locale: currentLocale(), timeZone: timezone });
}

/** An instant's calendar date as YYYY-MM-DD in `timezone`, for comparing with stored dates (a due date). */
export function isoDate(ms: number, timezone: string): string {
  return DateTime.fromMillis(ms, { zone: timezone }).toFormat("yyyy-MM-dd");
}

/** A stored YYYY-MM-DD date (a due date, a waiver's expiry) in the report's language. */
export function formatDay(isoDay: string): string {
  return formatCalendarDate(isoDay);
}

/** A number with at most `decimals` decimals, grouped as the report's language writes it. */
export function formatNumber(value: number, decimals = 2): string {
  return formatIntlNumber(value, decimals);
}

/** A rule's unit: the rulebook's declaration is its one definition (a rule the rulebook no longer knows has none). */
export function unitOf(rule: RuleInfo): RuleUnit {
  return rule.unit;
}

/** How a value passes: at least ("gte"), at most ("lte") or below ("lt") the threshold. */
export function comparisonOf(rule: RuleInfo): "gte" | "lte" | "lt" {
  if (rule.comparison) return rule.comparison;
  const unit = unitOf(rule);
  return unit === "count" || unit === "minutes" ? "lte" : unit === "days" ? "lt" : "gte";
}

/** A rule's value in its unit, as the pages write it (audits/rulebooks/units.ts). */
export function formatValue(value: number | null, rule: RuleInfo): string {
  if (value === null) return "—";
  return formatMeasure(value, unitOf(rule));
}

export function formatThreshold(threshold: number | null, rule: RuleInfo): string {
  if (threshold === null) return "—";
  const sign = { gte: "≥", lte: "≤", lt: "<" }[comparisonOf(rule)];
  return `${sign} ${formatValue(threshold, rule)}`;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${formatNumber(size / 1024, 1)} KiB`;
  return `${formatNumber(size / (1024 * 1024), 1)} MiB`;
}

/** Clause strings like "8.6.1" sort as numbers, unknown clauses last. */
export function compareClauses(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const pa = a.split(/[^0-9]+/).filter(Boolean).map(Number);
  const pb = b.split(/[^0-9]+/).filter(Boolean).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** The first clause of a rule ("8.6.1, 8.6.2" → "8.6.1"), used to group the results table. */
export function primaryClause(rule: RuleInfo): string | null {
  return parseClauses(rule.clause)[0] ?? null;
}

/**
 * Text as the PDF can show it: control characters are written as "[U+0007]", tabs become spaces, CRLF becomes
 * LF, and very long words get invisible break points; everything else, markup and quotes included,
 * stays literal.
 */
export function printable(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      .replace(/\t/g, " ")
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}]`)
      // pdfkit wraps a word wider than the line one glyph at a time, slowly: offer a (zero-width) break every 40 characters
      .replace(/[^\s\u200b]{40}(?=[^\s\u200b])/g, "$&\u200b")
  );
}

/** Cuts very long text so that one field cannot swamp the document; the full text stays in Assay. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${pt("pdf.clipped", { n: text.length - max })})` : text;
}

/** A copy of a row whose string fields (and string arrays) are printable. */
export function printableRow<T extends object>(row: T): T {
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === "string") out[key] = printable(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) out[key] = value.map(printable);
  }
  return out as T;
}
