// Evidence ids collected by the query that judges a rule: the same read of the tickets lists the offending ids as
// one JSON array (`json_group_array(id) FILTER (WHERE …)`), and the run's final transaction stores them. A second
// query to find the offending tickets again would read them twice (at 1,000,000 tickets that second read cost
// PROBLEM-RECORDS more than its judgement).
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../server/db/client.js";
import { yieldToEventLoop } from "../../server/event-loop.js";

/** An aggregate column: the ids (`id`, a ticket id column of the query) of the rows meeting `cond`, as a JSON array. */
export const idsWhere = (id: SQL, cond: SQL) => sql`json_group_array(${id}) FILTER (WHERE ${cond})`;

/** Ids per INSERT (one JSON parameter each), with a turn of the event loop between: the run's final transaction writes every rule's evidence, 400,000 ids at 1,000,000 tickets. */
const chunk = 10_000;

/** Stores `ids` (unsorted, distinct) as the rule's evidence of the run, in key order so the evidence index grows at its end. */
export async function insertEvidenceIds(tx: DbOrTx, runId: number, ruleId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  ids.sort();
  for (let i = 0; i < ids.length; i += chunk) {
    if (i > 0) await yieldToEventLoop();
    const json = JSON.stringify(ids.slice(i, i + chunk));
    await tx.run(sql`INSERT INTO run_evidence (run_id, rule_id, record_id) SELECT ${runId}, ${ruleId}, value FROM json_each(${json})`);
  }
}

/**
 * Stores the rule's evidence from JSON arrays of distinct ids as an `idsWhere` column gave them (one per slice of
 * the ticket pass), each sorted by SQLite on its way in, with a turn of the event loop between arrays.
 */
export async function insertEvidenceArrays(tx: DbOrTx, runId: number, ruleId: string, arrays: string[]): Promise<void> {
  for (const [i, json] of arrays.entries()) {
    if (i > 0) await yieldToEventLoop();
    await tx.run(sql`INSERT INTO run_evidence (run_id, rule_id, record_id) SELECT ${runId}, ${ruleId}, value FROM json_each(${json}) ORDER BY value`);
  }
}

/** The JSON array of an `idsWhere` column (NULL when no row was read) as ids. */
export const idsOf = (json: unknown): string[] => (typeof json === "string" && json !== "" ? (JSON.parse(json) as unknown[]).map(String) : []);
