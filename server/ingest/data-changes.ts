// Revisions of the service data: every change to tickets, activities or metric samples opens one data change,
// whose id the rows it writes carry, and copies the images it replaces into the history tables first.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { dataChanges } from "../db/schema.js";
import { yieldToEventLoop } from "../event-loop.js";

export type DataChangeKind = (typeof dataChanges.$inferInsert)["kind"];

/** The highest data change committed (0 on a database without any): "the data as it stood" is revision ≤ this. */
export async function currentDataRevision(db: DbOrTx): Promise<number> {
  const [row] = await db.all<{ r: number | null }>(sql`SELECT max(id) AS r FROM data_changes`);
  return row?.r ?? 0;
}

/** Opens a data change inside the caller's transaction; its id is the revision of every row the change writes. */
export async function openDataChange(
  tx: DbOrTx,
  now: number,
  change: { actor: string; kind: DataChangeKind; source?: string | null; reason?: string | null; batchId?: number | null },
): Promise<number> {
  const [row] = await tx
    .insert(dataChanges)
    .values({ at: now, actor: change.actor, kind: change.kind, source: change.source ?? null, reason: change.reason ?? null, batchId: change.batchId ?? null })
    .returning({ id: dataChanges.id });
  return row.id;
}

/** The ticket columns kept in a before-image (everything but the id and the revision, which have their own columns). */
export const ticketImageColumns = [
  "kind", "service_id", "priority", "complex", "category", "summary", "assignee", "resolution", "channel", "opened_at",
  "first_response_at", "resolved_at", "closed_at", "on_hold_minutes", "satisfaction", "response_minutes", "resolution_minutes",
  "closure_minutes", "response_target", "resolution_target", "closure_target", "response_deadline", "resolution_deadline",
  "closure_deadline", "record_complete", "policy_id", "content_hash", "deleted_at",
  "delete_reason", "ingested_at", "updated_at", "problem_id", "root_cause", "major_incident",
] as const;

/** Contract fields (and derived values) compared to name what a change altered: [name, column]. */
export const comparedFields: [string, string][] = [
  ["kind", "kind"], ["service", "service_id"], ["priority", "priority"], ["complex", "complex"], ["category", "category"],
  ["summary", "summary"], ["assignee", "assignee"], ["resolution", "resolution"], ["channel", "channel"], ["opened_at", "opened_at"],
  ["first_response_at", "first_response_at"], ["resolved_at", "resolved_at"], ["closed_at", "closed_at"],
  ["on_hold_minutes", "on_hold_minutes"], ["satisfaction", "satisfaction"], ["deleted", "deleted_at"],
  ["response_minutes", "response_minutes"], ["resolution_minutes", "resolution_minutes"], ["closure_minutes", "closure_minutes"],
  ["response_target", "response_target"], ["resolution_target", "resolution_target"], ["closure_target", "closure_target"],
  ["policy", "policy_id"], ["problem_id", "problem_id"], ["root_cause", "root_cause"], ["major_incident", "major_incident"],
];

const imageList = ticketImageColumns.join(", ");
const prefixedImageList = ticketImageColumns.map((c) => `t.${c}`).join(", ");

/**
 * Copies the current images of the given tickets into ticket_history, superseded by `revision`; call before the
 * change overwrites them. `ids` travel as one JSON parameter. A ticket already copied in this revision keeps its
 * first image (the state before the change).
 * `changed`: the names of the fields each change alters (comparedFields order), when the caller knows them already
 * (ingest compares the stored values it read with the new row): the images are then written with them, and
 * noteChangedFields, an UPDATE of every image (≈ 10 µs a ticket at a million), is not needed.
 */
export async function keepTicketImages(tx: DbOrTx, revision: number, ids: string[], changed?: string[][]): Promise<void> {
  // in statements of 1,000 ids, the event loop answering between them (the caller's transaction stays open)
  for (let i = 0; i < ids.length; i += 1_000) {
    if (i > 0) await yieldToEventLoop();
    if (changed) {
      const pairs = ids.slice(i, i + 1_000).map((id, k) => [id, JSON.stringify(changed[i + k])]);
      await tx.run(
        sql`INSERT OR IGNORE INTO ticket_history (ticket_id, revision, superseded_by, changed, ${sql.raw(imageList)})
            SELECT t.id, t.revision, ${revision}, j.value->>1, ${sql.raw(prefixedImageList)} FROM json_each(${JSON.stringify(pairs)}) AS j
            JOIN tickets AS t ON t.id = j.value->>0`,
      );
    } else {
      await tx.run(
        sql`INSERT OR IGNORE INTO ticket_history (ticket_id, revision, superseded_by, ${sql.raw(imageList)})
            SELECT id, revision, ${revision}, ${sql.raw(imageList)} FROM tickets WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids.slice(i, i + 1_000))}))`,
      );
    }
  }
}

/** After the change: names, on each before-image of this revision, the fields that the new image changed. */
export async function noteChangedFields(tx: DbOrTx, revision: number): Promise<void> {
  const list = comparedFields.map(([name, col]) => sql.raw(`CASE WHEN h.${col} IS NOT t.${col} THEN '${name}' END`));
  await tx.run(
    sql`UPDATE ticket_history AS h SET changed = (
          SELECT json_group_array(f) FROM (SELECT value AS f FROM json_each(json_array(${sql.join(list, sql`, `)})) WHERE value IS NOT NULL)
        ) FROM tickets AS t WHERE t.id = h.ticket_id AND h.superseded_by = ${revision}`,
  );
}
