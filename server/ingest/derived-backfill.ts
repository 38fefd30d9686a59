// Fills the columns derived at ingest on rows stored before those columns existed (migration 0006): tickets'
// deadlines and record-complete flag (with their SLA columns re-derived, and the rollups rebuilt), activities'
// date-only flag. Runs at start-up, once per database.
import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client.js";
import { settings, tickets } from "../db/schema.js";
import { jsonRowsStatement, type SqlValue } from "./bulk-sql.js";
import { isCompleteRecord } from "./record-completeness.js";
import { rebuildRollups } from "./rollups.js";
import { PolicyBook, slaColumns } from "./sla-policies.js";

/** Bumped when a migration adds a column derived at ingest; the setting records the last one filled. */
const derivedVersion = "0006";
const settingKey = "derived_columns";
const page = 5000;

const updated = [
  "response_minutes", "resolution_minutes", "closure_minutes", "response_target", "resolution_target", "closure_target",
  "response_deadline", "resolution_deadline", "closure_deadline", "record_complete", "policy_id",
] as const;
const reals = new Set([0, 1, 2, 3, 4, 5]);

export async function fillDerivedColumns(db: Db): Promise<{ tickets: number; activities: number } | null> {
  const [done] = await db.select().from(settings).where(eq(settings.key, settingKey));
  if (done?.value === derivedVersion) return null;
  return db.transaction(async (tx) => {
    const filled = { tickets: await fillTickets(tx), activities: await fillActivities(tx) };
    if (filled.tickets) await rebuildRollups(tx); // impossible durations no longer count as met
    await tx.insert(settings).values({ key: settingKey, value: derivedVersion }).onConflictDoUpdate({ target: settings.key, set: { value: derivedVersion } });
    return filled;
  });
}

async function fillTickets(tx: DbOrTx): Promise<number> {
  const book = await PolicyBook.load(tx);
  let after = "", count = 0;
  for (;;) {
    const rows = await tx
      .select()
      .from(tickets)
      .where(sql`${tickets.recordComplete} IS NULL AND ${tickets.id} > ${after}`)
      .orderBy(tickets.id)
      .limit(page);
    if (rows.length === 0) return count;
    const values: SqlValue[][] = rows.map((t) => {
      const sla = slaColumns(book.inForce(t.serviceId, t.openedAt), t);
      const complete = isCompleteRecord(t) ? 1 : 0;
      return [
        sla.responseMinutes, sla.resolutionMinutes, sla.closureMinutes, sla.responseTarget, sla.resolutionTarget, sla.closureTarget,
        sla.responseDeadline, sla.resolutionDeadline, sla.closureDeadline, complete, sla.policyId, t.id,
      ];
    });
    const head = `WITH v(${[...updated, "id"].join(", ")}) AS (`;
    const tail = `) UPDATE tickets SET ${updated.map((c) => `${c} = v.${c}`).join(", ")} FROM v WHERE tickets.id = v.id`;
    await tx.run(jsonRowsStatement(head, updated.length + 1, values, tail, reals));
    count += rows.length;
    after = rows[rows.length - 1].id;
  }
}

/**
 * Before date_only, a bare date was stored at its UTC midnight, which is how every such row reads now; an instant
 * that fell exactly on a UTC midnight is read as that bare date too (the two were evaluated alike until now).
 */
async function fillActivities(tx: DbOrTx): Promise<number> {
  const result = await tx.run(
    sql`UPDATE activities SET date_only = (at % 86400000 = 0 AND date = strftime('%Y-%m-%d', at / 1000, 'unixepoch')) WHERE date_only IS NULL`,
  );
  return result.rowsAffected;
}
