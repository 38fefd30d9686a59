// Manual questions: pending until an auditor answers; the answer decides the status.
import type { RuleOf } from "../rulebooks/types.js";
import type { Outcome } from "./types.js";

export type ManualAnswer = "conformant" | "nonconformant" | "not_applicable" | "deferred";

export function manualOutcome(rule: RuleOf<"manual">, answer?: { answer: ManualAnswer; note: string | null }): Outcome {
  const base = { ruleId: rule.id, value: null, threshold: null, population: 0, smallPopulation: false, evidence: { count: 0, ids: [] } };
  if (!answer) return { ...base, status: "pending", message: `awaiting an auditor's answer: ${rule.params.question}` };
  const note = answer.note ? `: ${answer.note}` : "";
  switch (answer.answer) {
    case "conformant":
      return { ...base, status: "pass", message: `answered conformant${note}` };
    case "nonconformant":
      return { ...base, status: "fail", message: `answered nonconformant${note}` };
    case "not_applicable":
      return { ...base, status: "not_applicable", message: `answered not applicable${note}` };
    case "deferred":
      // stays pending (not judged), but no longer blocks the sign-off: the report lists it as deferred
      return { ...base, status: "pending", message: `deferred${note}`, details: { deferred: true } };
  }
}
