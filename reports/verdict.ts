// The overall result of a run as the report states it: counts by status and by severity of the failures.
import type { ResultStatus } from "../server/db/schema.js";
import type { FindingRow, ReportData, ReportResult } from "./load.js";
import type { Severity } from "./rule-catalogue.js";

export interface Verdict {
  counts: Record<ResultStatus, number>;
  failures: Record<Severity, number>;
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
  let headline: string;
  let tone: Verdict["tone"];
  if (failures.major > 0) {
    headline = `Not conformant: ${failures.major} major and ${failures.minor} minor nonconformities`;
    tone = "bad";
  } else if (failures.minor > 0) {
    headline = `Conformant with ${failures.minor} minor nonconformit${failures.minor === 1 ? "y" : "ies"}`;
    tone = "warn";
  } else if (failures.observation > 0) {
    headline = `Conformant with ${failures.observation} observation${failures.observation === 1 ? "" : "s"}`;
    tone = "good";
  } else {
    headline = "Conformant: no nonconformities";
    tone = "good";
  }
  const open = counts.pending + counts.error;
  if (open > 0) headline += `; ${counts.pending} pending, ${counts.error} not evaluated`;
  return { counts, failures, headline, tone };
}

export function formatScore(score: number | null): string {
  if (score === null) return "—";
  return `${score.toFixed(1)} / 100`;
}

/** A finding's title without the rule id the engine may lead it with. */
export function findingTitleOf(f: FindingRow): string {
  return f.title.startsWith(`${f.ruleId}: `) ? f.title.slice(f.ruleId.length + 2) : f.title;
}
