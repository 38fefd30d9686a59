// The differences between two versions of a rulebook: rules added, removed, and changed field by field (thresholds,
// severity, each parameter, texts).
import type { Rule, Rulebook } from "./types.js";

export interface FieldChange {
  /** e.g. "threshold", "severity", "params.days", "title" */
  field: string;
  before: unknown;
  after: unknown;
}

export interface RulebookDiff {
  from: string;
  to: string;
  added: Rule[];
  removed: Rule[];
  changed: { id: string; title: string; changes: FieldChange[] }[];
}

const fields = ["kind", "title", "clause", "guide", "severity", "threshold", "comparison", "unit", "remediation"] as const;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function ruleChanges(a: Rule, b: Rule): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const f of fields) if (!same(a[f], b[f])) changes.push({ field: f, before: a[f], after: b[f] });
  const pa = a.params as Record<string, unknown>;
  const pb = b.params as Record<string, unknown>;
  for (const k of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) if (!same(pa[k], pb[k])) changes.push({ field: `params.${k}`, before: pa[k] ?? null, after: pb[k] ?? null });
  const za = a.i18n?.["zh-CN"];
  const zb = b.i18n?.["zh-CN"];
  for (const k of ["title", "remediation"] as const) if (za && zb && !same(za[k], zb[k])) changes.push({ field: `${k} (zh-CN)`, before: za[k] ?? null, after: zb[k] ?? null });
  return changes;
}

export function diffRulebooks(from: Rulebook, to: Rulebook): RulebookDiff {
  const before = new Map(from.rules.map((r) => [r.id, r]));
  const after = new Map(to.rules.map((r) => [r.id, r]));
  return {
    from: from.version,
    to: to.version,
    added: to.rules.filter((r) => !before.has(r.id)),
    removed: from.rules.filter((r) => !after.has(r.id)),
    changed: to.rules
      .filter((r) => before.has(r.id))
      .map((r) => ({ id: r.id, title: r.title, changes: ruleChanges(before.get(r.id)!, r) }))
      .filter((c) => c.changes.length > 0),
  };
}
