// Rules grouped by ISO/IEC 20000-1 clause (the first clause a rule names, to two levels), in clause order.
import { parseClauses } from "../../audits/clauses.js";

export function clauseOf(clause: string): string {
  const first = parseClauses(clause)[0] ?? "";
  return first.split(".").slice(0, 2).join(".");
}

const clauseOrder = (c: string) => c.split(".").map(Number);

export function groupByClause<T>(items: T[], clause: (item: T) => string): { clause: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = clauseOf(clause(item));
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups]
    .sort(([a], [b]) => {
      const x = clauseOrder(a);
      const y = clauseOrder(b);
      return x[0] - y[0] || (x[1] ?? 0) - (y[1] ?? 0);
    })
    .map(([c, list]) => ({ clause: c, items: list }));
}
