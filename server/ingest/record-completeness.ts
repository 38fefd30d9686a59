// REC-COMPLETE's test of one record (rulebook.md, Records), derived at ingest into tickets.record_complete so a run
// counts a stored flag instead of matching patterns over every ticket of the period.
const idPattern = /^[A-Z][A-Z0-9]*-\d{4}-\d{3,}$/;

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

/** The parts of REC-COMPLETE a record misses, in the rulebook's order; none means complete. The data-quality view names them. */
export type IncompleteField = "summary" | "category" | "priority" | "assignee" | "id" | "resolution";

export function incompleteFields(t: CompletenessFields): IncompleteField[] {
  const missing: IncompleteField[] = [];
  if (isBlank(t.summary)) missing.push("summary");
  if (isBlank(t.category)) missing.push("category");
  if (t.priority === null) missing.push("priority");
  if (isBlank(t.assignee)) missing.push("assignee");
  if (!idPattern.test(t.id)) missing.push("id");
  if (t.resolvedAt !== null && isBlank(t.resolution)) missing.push("resolution");
  return missing;
}

export function isCompleteRecord(t: CompletenessFields): boolean {
  return incompleteFields(t).length === 0;
}
