// A result's message as data: a `result.*` catalogue key and its values, with the English text formatted from them
// (stored as run_results.message for the API and `assay verify-run`; pages and PDF format the key in the reader's language).
import type { ResultMessageArgs } from "../server/db/schema.js";
import { translate, type MessageKey } from "../server/i18n/index.js";

export type ResultKey = Extract<MessageKey, `result.${string}`>;

export interface ResultText {
  message: string;
  messageArgs: ResultMessageArgs;
}

export function resultText(key: ResultKey, values: Record<string, string | number> = {}): ResultText {
  return { message: translate("en", key, values), messageArgs: { key, values } };
}

/** The text of a waived result: its own message followed by the waiver's expiry and reason. */
export function waivedText(
  text: { message: string; messageArgs?: ResultMessageArgs | null },
  waiver: { expiresOn: string; reason: string },
): { message: string; messageArgs: ResultMessageArgs | null } {
  const message = translate("en", "result.waived", { message: text.message, until: waiver.expiresOn, reason: waiver.reason });
  // a result stored before results had arguments keeps its English text only
  return { message, messageArgs: text.messageArgs ? { ...text.messageArgs, waiver: { until: waiver.expiresOn, reason: waiver.reason } } : null };
}
