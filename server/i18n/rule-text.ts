// The words of a rule and of its result in the reader's language: the built-in rulebook's texts are catalogue
// entries (`rule.<ID>.title`, `.remediation`, `.question`); an organisation's own rule keeps the text it was written with.
import type { ResultMessageArgs } from "../db/schema.js";
import { label } from "./presentation.js";

export function ruleTitle(rule: { id: string; title: string }): string {
  return label(`rule.${rule.id}.title`, rule.title);
}

export function ruleRemediation(rule: { id: string; remediation: string | null }): string | null {
  return rule.remediation === null ? null : label(`rule.${rule.id}.remediation`, rule.remediation);
}

export function ruleQuestion(rule: { id: string; question: string | null }): string | null {
  return rule.question === null ? null : label(`rule.${rule.id}.question`, rule.question);
}

/** A stored result's message: formatted from its key and values when it has them, else the stored English text. */
export function resultMessage(result: { message: string; messageArgs?: ResultMessageArgs | null }): string {
  const args = result.messageArgs;
  return args ? label(args.key, result.message, args.values) : result.message;
}
