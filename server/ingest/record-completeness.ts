// REC-COMPLETE's test of one record (rulebook.md, Records), derived at ingest into tickets.record_complete so a run
// counts a stored flag instead of matching patterns over every ticket of the period. The test's fields and id
// pattern are the rule's parameters in the built-in rulebook; the flag is derived by those.
import { recordCompleteness } from "../../audits/rulebooks/iso20000-support.js";
import type { RuleParams } from "../../audits/rulebooks/types.js";

/**
 * Blank: nothing remains once white space is trimmed. String#trim removes exactly JavaScript's `\s` set: Unicode
 * White_Space (U+3000, U+00A0, U+2000–U+200A, U+2028/2029, U+205F…) and U+FEFF; a zero-width space is content.
 */
export const isBlank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === "";

export interface CompletenessFields {
  id: string;
  summary: string | null;
  category: string | null;
  priority: string | null;
  assignee: string | null;
  resolvedAt: number | null;
  resolution: string | null;
}

/** The test of REC-COMPLETE's parameters, its pattern compiled once. */
export function completenessTest(p: RuleParams["record_completeness"]): (t: CompletenessFields) => boolean {
  const idPattern = new RegExp(p.idPattern);
  return (t) =>
    p.requiredFields.every((f) => !isBlank(t[f])) &&
    idPattern.test(t.id) &&
    (t.resolvedAt === null || p.requiredOnceResolved.every((f) => !isBlank(t[f])));
}

/** The parts of REC-COMPLETE a record misses, in the rule's order; none means complete. The data-quality view names them. */
export type IncompleteField = RuleParams["record_completeness"]["requiredFields"][number] | RuleParams["record_completeness"]["requiredOnceResolved"][number] | "id";

export function incompleteFields(t: CompletenessFields, p: RuleParams["record_completeness"] = derivedCompleteness): IncompleteField[] {
  const missing: IncompleteField[] = p.requiredFields.filter((f) => isBlank(t[f]));
  if (!new RegExp(p.idPattern).test(t.id)) missing.push("id");
  if (t.resolvedAt !== null) missing.push(...p.requiredOnceResolved.filter((f) => isBlank(t[f])));
  return missing;
}

/** The parameters the stored flags were derived by: the built-in rulebook's REC-COMPLETE. */
export const derivedCompleteness = recordCompleteness;

export const isCompleteRecord = completenessTest(derivedCompleteness);
