// The words of a finding and its actions in the reader's language. The engine stores them in English when it raises
// a finding ("<RULE-ID>: <rule title>", the result's message, "Remediate <RULE-ID>", the rule's remediation advice);
// text still as generated is shown through the catalogue, text someone edited is shown as written.
import { rulebooks } from "../audits/rulebooks/index.js";
import type { ResultMessageArgs } from "../server/db/schema.js";
import { resultMessage, ruleRemediation, t } from "../server/i18n/index.js";

function builtInRule(id: string) {
  for (const book of rulebooks) {
    const rule = book.rules.find((r) => r.id === id);
    if (rule) return rule;
  }
  return undefined;
}

export { findingTitle } from "../server/i18n/rule-text.js";

/** The finding's description is its latest result's message: formatted from that result's key when it has one. */
export function findingDescription(description: string, messageArgs?: ResultMessageArgs | null): string {
  return resultMessage({ message: description, messageArgs });
}

export function actionTitle(title: string): string {
  const m = /^Remediate (\S+)$/.exec(title);
  return m ? t("findings.remediate", { rule: m[1] }) : title;
}

export function actionDescription(ruleId: string | undefined, description: string | null): string | null {
  const rule = ruleId ? builtInRule(ruleId) : undefined;
  return rule && description !== null && description === rule.remediation ? ruleRemediation(rule) : description;
}
