// The catalogues of every locale, checked against the English keys: a key missing from one fails to compile.
import { en } from "./catalogues/en/index.js";
import { zhCN } from "./catalogues/zh-CN/index.js";
import type { Locale } from "./locales.js";

export type MessageKey = keyof typeof en;
/** A complete catalogue: one ICU message per key of the English one. */
export type Catalogue = Record<MessageKey, string>;

export const catalogues: Record<Locale, Catalogue> = { en, "zh-CN": zhCN };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
