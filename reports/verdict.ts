// The overall result of a run as the report states it: counts by status and by severity of the failures.
import type { ResultStatus } from "../server/db/schema.js";
import { formatFixed, t } from "../server/i18n/index.js";
import { findingTitle } from "../server/i18n/rule-text.js";
import type { FindingRow, ReportData, ReportResult } from "./load.js";
import type { Severity } from "./rule-catalogue.js";

export interface Verdict {
  counts: Record<ResultStatus, number>;
  failures: Record<Severity, number>;
  /** in the current language (a bilingual report asks for it in each: see inEachLanguage) */
  headline: string;
  tone: "good" | "warn" | "bad";
}

export function severityOf(result: ReportResult): Severity {
  return result.rule.severity ?? "minor";
}

export function countByStatus(results: { status: ResultStatus }[]): Record<ResultStatus, number> {
  const counts: Record<ResultStatus, number> = { pass: 0, fail: 0, waived: 0, not_applicable: 0, pending: 0, error: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

export function verdictOf(data: ReportData): Verdict {
  const counts = countByStatus(data.results);
  const failures: Record<Severity, number> = { major: 0, minor: 0, observation: 0 };
  for (const r of data.results) if (r.status === "fail") failures[severityOf(r)]++;
  let tone: Verdict["tone"];
  let headline: string;
  if (failures.major > 0) {
    headline = t("pdf.verdict.major", { major: failures.major, minor: failures.minor });
    tone = "bad";
  } else if (failures.minor > 0) {
    headline = t("pdf.verdict.minor", { n: failures.minor });
    tone = "warn";
  } else if (failures.observation > 0) {
    headline = t("pdf.verdict.observation", { n: failures.observation });
    tone = "good";
  } else {
    headline = t("pdf.verdict.clean");
    tone = "good";
  }
  const open = counts.pending + counts.error;
  if (open > 0) headline = t("pdf.verdict.open", { headline, pending: counts.pending, error: counts.error });
  return { counts, failures, headline, tone };
}

export function formatScore(score: number | null): string {
  if (score === null) return "—";
  return t("pdf.score", { score: formatFixed(score, 1) });
}

/** A finding's title in the report's language (as raised: the rule's title), without the rule id it is led with. */
export function findingTitleOf(f: FindingRow): string {
  const title = findingTitle(f.ruleId, f.title);
  return title.startsWith(`${f.ruleId}: `) ? title.slice(f.ruleId.length + 2) : title;
}
