// The ISO/IEC 20000-1:2018 clause structure (clauses 4 to 10, three levels deep) and the one reader of a rule's
// `clause` field ("8.6.1, 10.1"). Titles are catalogue keys (`clause.<n>`); what the statement of applicability says
// of a clause no rule cites is `applicability.reason.<reason>` unless the organisation wrote its own justification.

/**
 * Why a clause no rule cites is outside what Assay can show: `documented` — evidenced by documents the auditor
 * reviews (context, policy, plans); `records` — a process whose records are not in the ticket, metric and activity
 * data; `parent` — a clause made of sub-clauses, none of them covered.
 */
export type ClauseReason = "documented" | "records" | "parent";

export interface IsoClause {
  clause: string;
  /** the clause one level up, null for a clause directly under its chapter (4.1, 8.6) */
  parent: string | null;
  reason: ClauseReason;
}

const documented = (clause: string): [string, ClauseReason] => [clause, "documented"];
const records = (clause: string): [string, ClauseReason] => [clause, "records"];
const parent = (clause: string): [string, ClauseReason] => [clause, "parent"];

// in the standard's order; a clause with sub-clauses is listed before them
const structure: [string, ClauseReason][] = [
  documented("4.1"),
  documented("4.2"),
  documented("4.3"),
  documented("4.4"),
  documented("5.1"),
  documented("5.2"),
  documented("5.3"),
  documented("6.1"),
  documented("6.2"),
  documented("6.3"),
  documented("7.1"),
  records("7.2"),
  documented("7.3"),
  documented("7.4"),
  parent("7.5"),
  documented("7.5.1"),
  documented("7.5.2"),
  records("7.5.3"),
  documented("7.5.4"),
  records("7.6"),
  documented("8.1"),
  parent("8.2"),
  records("8.2.1"),
  documented("8.2.2"),
  records("8.2.3"),
  records("8.2.4"),
  records("8.2.5"),
  records("8.2.6"),
  parent("8.3"),
  documented("8.3.1"),
  records("8.3.2"),
  records("8.3.3"),
  records("8.3.4"),
  parent("8.4"),
  records("8.4.1"),
  records("8.4.2"),
  records("8.4.3"),
  parent("8.5"),
  records("8.5.1"),
  records("8.5.2"),
  records("8.5.3"),
  parent("8.6"),
  records("8.6.1"),
  records("8.6.2"),
  records("8.6.3"),
  parent("8.7"),
  records("8.7.1"),
  records("8.7.2"),
  records("8.7.3"),
  records("9.1"),
  records("9.2"),
  records("9.3"),
  records("9.4"),
  records("10.1"),
  records("10.2"),
];

const parentOf = (clause: string): string | null => (clause.split(".").length > 2 ? clause.slice(0, clause.lastIndexOf(".")) : null);

/** Every clause of the standard's clauses 4 to 10 Assay knows, in the standard's order. */
export const isoClauses: readonly IsoClause[] = structure.map(([clause, reason]) => ({ clause, parent: parentOf(clause), reason }));

const known = new Map(isoClauses.map((c) => [c.clause, c]));

export function findIsoClause(clause: string): IsoClause | undefined {
  return known.get(clause);
}

const clauseSyntax = /^\d+(\.\d+)*$/;

/**
 * The clauses a rule cites: its `clause` field split at commas (and semicolons), trimmed, duplicates and empty
 * parts left out, in the order written. "8.6.1, 10.1" → ["8.6.1", "10.1"]; null or "" → [].
 */
export function parseClauses(field: string | null | undefined): string[] {
  if (!field) return [];
  const out: string[] = [];
  for (const part of field.split(/[,;]/)) {
    const clause = part.trim().replace(/\.$/, "");
    if (clause && !out.includes(clause)) out.push(clause);
  }
  return out;
}

/** True for a clause number like "8.6.1" (an organisation's rulebook may cite anything else, e.g. "A.1"). */
export const isClauseNumber = (clause: string): boolean => clauseSyntax.test(clause);

/** Clause numbers sort as numbers ("9.1" before "10.1", "8.6" before "8.6.1"); anything else after them, by text. */
export function compareClauses(a: string, b: string): number {
  const na = isClauseNumber(a);
  const nb = isClauseNumber(b);
  if (na !== nb) return na ? -1 : 1;
  if (!na) return a.localeCompare(b);
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `clause` lies under `ancestor` ("8.6.1" under "8.6"), not itself. */
export const isUnder = (clause: string, ancestor: string): boolean => clause.startsWith(`${ancestor}.`);
