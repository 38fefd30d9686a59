// Whether the counts of a data-quality report would pass REC-COMPLETE and REC-CONSISTENT, judged against the
// built-in rulebook's thresholds (the ones an audit uses), and a row's problems in the reader's words.
import { percent } from "../../audits/judge.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import type { DataQuality, DataQualityRow } from "../contract/index.js";
import type { MessageKey } from "../i18n/index.js";

function thresholdOf(id: string): number {
  const rule = iso20000Support.rules.find((r) => r.id === id);
  if (rule?.threshold == null) throw new Error(`the built-in rulebook has no threshold for ${id}`);
  return rule.threshold;
}

export type Verdict = "pass" | "fail" | "not_applicable";

export interface QualityVerdicts {
  complete: { value: number | null; threshold: number; verdict: Verdict };
  consistent: { value: number; threshold: number; verdict: Verdict };
}

export function qualityVerdicts(q: Pick<DataQuality, "tickets" | "incomplete" | "inconsistent">): QualityVerdicts {
  const completeThreshold = thresholdOf("REC-COMPLETE");
  const consistentThreshold = thresholdOf("REC-CONSISTENT");
  const value = percent(q.tickets - q.incomplete, q.tickets);
  return {
    complete: { value, threshold: completeThreshold, verdict: value === null ? "not_applicable" : value >= completeThreshold ? "pass" : "fail" },
    consistent: { value: q.inconsistent, threshold: consistentThreshold, verdict: q.tickets === 0 ? "not_applicable" : q.inconsistent <= consistentThreshold ? "pass" : "fail" },
  };
}

/** One row's problems, each in the reader's language (`t` of the page, the CLI or the CSV's reader). */
export function rowProblems(row: Pick<DataQualityRow, "incomplete" | "inconsistent">, t: (key: MessageKey) => string) {
  return {
    incomplete: row.incomplete.map((f) => t(`quality.field.${f}`)),
    inconsistent: row.inconsistent.map((c) => t(`quality.check.${c}`)),
  };
}
