// The words of a rule and of its result in the reader's language: the built-in rulebook's texts are catalogue
// entries (`rule.<ID>.title`, `.remediation`, `.question`); an organisation's own rule keeps the text it was written with.
import type { ResultMessageArgs } from "../db/schema.js";
import { catalogues, isMessageKey } from "./catalogue.js";
import { currentLocale, label, t } from "./presentation.js";

/** An organisation's rule (written or changed in its rulebook file): its own texts in other languages (RuleCommon.i18n). */
type OwnTexts = { "zh-CN"?: { title?: string; remediation?: string } };

function ruleText(rule: { id: string; i18n?: OwnTexts }, field: "title" | "remediation" | "question", text: string): string {
  if (rule.i18n) {
    const own = field === "question" ? undefined : rule.i18n[currentLocale() as "zh-CN"]?.[field];
    return own ?? text;
  }
  return label(`rule.${rule.id}.${field}`, text);
}

export function ruleTitle(rule: { id: string; title: string; i18n?: OwnTexts }): string {
  return ruleText(rule, "title", rule.title);
}

export function ruleRemediation(rule: { id: string; remediation: string | null; i18n?: OwnTexts }): string | null {
  return rule.remediation === null ? null : ruleText(rule, "remediation", rule.remediation);
}

export function ruleQuestion(rule: { id: string; question: string | null; i18n?: OwnTexts }): string | null {
  return rule.question === null ? null : ruleText(rule, "question", rule.question);
}

/**
 * A finding's title as it was raised ("<ID>: <rule title>", or the rule's title alone), in the reader's language;
 * a title someone wrote otherwise stays as written.
 */
export function findingTitle(ruleId: string, title: string): string {
  const key = `rule.${ruleId}.title`;
  if (!isMessageKey(key)) return title;
  if (title === `${ruleId}: ${catalogues.en[key]}`) return `${ruleId}: ${label(key, title)}`;
  return title === catalogues.en[key] ? label(key, title) : title;
}

/**
 * A stored result's message: formatted from its key and values when it has them, else the stored English text.
 * A value `question` beside a value `rule` is that rule's question (shown in the reader's language); a waived
 * result's message is followed by the waiver's expiry and reason.
 */
export function resultMessage(result: { message: string; messageArgs?: ResultMessageArgs | null }): string {
  const args = result.messageArgs;
  if (!args || !isMessageKey(args.key)) return result.message;
  const values = { ...args.values };
  if (typeof values.rule === "string" && typeof values.question === "string") values.question = label(`rule.${values.rule}.question`, values.question);
  try {
    const message = label(args.key, result.message, values);
    return args.waiver ? t("result.waived", { message, until: args.waiver.until, reason: args.waiver.reason }) : message;
  } catch {
    // arguments stored by another version that no longer fit the pattern: the stored English is still right
    return result.message;
  }
}
