// Manual questions: pending until an auditor answers; the answer decides the status.
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import type { Outcome } from "./types.js";

export type ManualAnswer = "conformant" | "nonconformant" | "not_applicable" | "deferred";

export function manualOutcome(rule: RuleOf<"manual">, answer?: { answer: ManualAnswer; note: string | null }): Outcome {
  const base = { ruleId: rule.id, value: null, threshold: null, population: 0, smallPopulation: false, evidence: { count: 0, ids: [] } };
  // the question is shown in the reader's language from the rule (rule-text.ts): `rule` names it
  if (!answer) return { ...base, status: "pending", ...resultText("result.manual.awaiting", { question: rule.params.question, rule: rule.id }) };
  const text = resultText("result.manual.answered", { answer: answer.answer, noted: answer.note ? "yes" : "no", note: answer.note ?? "" });
  switch (answer.answer) {
    case "conformant":
      return { ...base, status: "pass", ...text };
    case "nonconformant":
      return { ...base, status: "fail", ...text };
    case "not_applicable":
      return { ...base, status: "not_applicable", ...text };
    case "deferred":
      // stays pending (not judged), but no longer blocks the sign-off: the report lists it as deferred
      return { ...base, status: "pending", ...text, details: { deferred: true } };
  }
}
