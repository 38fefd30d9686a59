// The rulebooks the product ships, by id.
import { AppError } from "../../server/errors.js";
import { iso20000Support } from "./iso20000-support.js";
import type { Rule, Rulebook } from "./types.js";

export const rulebooks: Rulebook[] = [iso20000Support];

export function findRulebook(id: string): Rulebook | undefined {
  return rulebooks.find((r) => r.id === id);
}

export function getRulebook(id: string): Rulebook {
  const book = findRulebook(id);
  if (!book) throw AppError.notFound(`rulebook ${id}`);
  return book;
}

export function findRule(rulebookId: string, ruleId: string): Rule | undefined {
  return findRulebook(rulebookId)?.rules.find((r) => r.id === ruleId);
}
