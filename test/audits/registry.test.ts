// The evaluator registry: every rule kind has one evaluator, checked by the compiler and at run time.
import { describe, expect, it } from "vitest";
import { evaluators, type Evaluator } from "../../audits/evaluators/registry.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import type { RuleKind } from "../../audits/rulebooks/types.js";

describe("the evaluator registry", () => {
  it("has an evaluator for every kind the built-in rulebook uses, and the ticket kinds share the one scan", () => {
    const kinds = new Set(iso20000Support.rules.map((r) => r.kind));
    for (const kind of kinds) expect(evaluators[kind], kind).toBeDefined();
    const scanned = Object.entries(evaluators).filter(([, e]) => e.mode === "ticket-scan").map(([k]) => k).sort();
    expect(scanned).toEqual(["complaint_response", "incident_review", "major_incident_notification", "metric_from_tickets", "record_completeness", "record_consistency", "satisfaction_coverage", "sla_attainment", "training_coverage", "unprioritised"]);
  });

  it("does not compile without an evaluator for a kind", () => {
    const { manual: _manual, ...withoutManual } = evaluators;
    // @ts-expect-error a kind without an evaluator (here `manual`) is a compile error (`tsc --noEmit` runs in `npm test`)
    const incomplete: { [K in RuleKind]: Evaluator<K> } = withoutManual;
    expect(Object.keys(incomplete)).not.toContain("manual");
  });
});
