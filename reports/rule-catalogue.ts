// What the report needs to know about a rule (title, ISO clause, severity, unit, comparison), taken
// from the rulebook; a rule the rulebook no longer knows is described by the run's own rows.
import { findRulebook } from "../audits/rulebooks/index.js";
import type { Comparison, Rule, Rulebook, Severity, Unit } from "../audits/rulebooks/types.js";

export type { Severity };
export type RuleUnit = Unit;

export interface RuleInfo {
  id: string;
  title: string;
  /** ISO/IEC 20000-1:2018 clause(s), e.g. "8.6.2, 8.3.3"; null when unknown */
  clause: string | null;
  guide: string | null;
  severity: Severity | null;
  kind: string | null;
  unit: RuleUnit;
  comparison: Comparison | null;
  /** the question of a manual rule */
  question: string | null;
  remediation: string | null;
  /** an organisation's rule: its texts in other languages (a built-in rule's are catalogue entries) */
  i18n?: Rule["i18n"];
}

/** The rules of a rulebook by id; empty for an unknown rulebook. */
export function ruleCatalogue(rulebook: string): Map<string, RuleInfo> {
  return ruleCatalogueOf(findRulebook(rulebook));
}

/** The rules of a rulebook at a version (audits/rulebooks/store.ts) by id. */
export function ruleCatalogueOf(book: Rulebook | undefined): Map<string, RuleInfo> {
  return new Map(
    (book?.rules ?? []).map((r) => [
      r.id,
      {
        id: r.id,
        title: r.title,
        clause: r.clause,
        guide: r.guide,
        severity: r.severity,
        kind: r.kind,
        unit: r.unit,
        comparison: r.comparison,
        question: r.kind === "manual" ? r.params.question : null,
        remediation: r.remediation,
        ...(r.i18n ? { i18n: r.i18n } : {}),
      },
    ]),
  );
}

/** A rule the catalogue does not know: described by what the run itself recorded. */
export function fallbackRuleInfo(id: string, hints: { title?: string | null; severity?: Severity | null } = {}): RuleInfo {
  return { id, title: hints.title ?? id, clause: null, guide: null, severity: hints.severity ?? null, kind: null, unit: null, comparison: null, question: null, remediation: null };
}
