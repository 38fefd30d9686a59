// Fills the columns derived at ingest on rows stored before those columns existed (migration 0006): tickets'
// deadlines and record-complete flag (with their SLA columns re-derived, and the rollups rebuilt when that
// changes them), activities' date-only flag. Runs at start-up, once per database.
import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client.js";
import { settings } from "../db/schema.js";
import { jsonRowsStatement, type SqlValue } from "./bulk-sql.js";
import type { TicketTimes } from "./elapsed-time.js";
import { isCompleteRecord, type CompletenessFields } from "./record-completeness.js";
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
    const filled = await fillTickets(tx);
    // rollups counted an impossible (negative) duration as met, and durations may have changed
    if (filled.rollupsChanged) await rebuildRollups(tx);
    const result = { tickets: filled.count, activities: await fillActivities(tx) };
    await tx.insert(settings).values({ key: settingKey, value: derivedVersion }).onConflictDoUpdate({ target: settings.key, set: { value: derivedVersion } });
    return result;
  });
}

type StoredTicket = CompletenessFields & TicketTimes & {
  serviceId: number;
  kind: string;
  complex: number;
  responseMinutes: number | null;
  resolutionMinutes: number | null;
  closureMinutes: number | null;
};

async function fillTickets(tx: DbOrTx): Promise<{ count: number; rollupsChanged: boolean }> {
  const book = await PolicyBook.load(tx);
  let after = "", count = 0, rollupsChanged = false;
  for (;;) {
    // only the columns needed, read without the query builder's row mapping (which cost more than the rest)
    const rows = await tx.all<StoredTicket>(sql`SELECT id, service_id AS serviceId, kind, priority, complex, summary, category, assignee, resolution,
      opened_at AS openedAt, first_response_at AS firstResponseAt, resolved_at AS resolvedAt, closed_at AS closedAt, on_hold_minutes AS onHoldMinutes,
      response_minutes AS responseMinutes, resolution_minutes AS resolutionMinutes, closure_minutes AS closureMinutes
      FROM tickets WHERE record_complete IS NULL AND id > ${after} ORDER BY id LIMIT ${page}`);
    if (rows.length === 0) return { count, rollupsChanged };
    const values: SqlValue[][] = rows.map((t) => {
      // named fields, not a spread: a libsql row also carries every value under its index
      const sla = slaColumns(book.inForce(t.serviceId, t.openedAt), {
        kind: t.kind, priority: t.priority, complex: t.complex === 1, openedAt: t.openedAt, firstResponseAt: t.firstResponseAt,
        resolvedAt: t.resolvedAt, closedAt: t.closedAt, onHoldMinutes: t.onHoldMinutes,
      });
      const negative = (sla.responseMinutes ?? 0) < 0 || (sla.resolutionMinutes ?? 0) < 0;
      if (negative || sla.responseMinutes !== t.responseMinutes || sla.resolutionMinutes !== t.resolutionMinutes) rollupsChanged = true;
      return [
        sla.responseMinutes, sla.resolutionMinutes, sla.closureMinutes, sla.responseTarget, sla.resolutionTarget, sla.closureTarget,
        sla.responseDeadline, sla.resolutionDeadline, sla.closureDeadline, isCompleteRecord(t) ? 1 : 0, sla.policyId, t.id,
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
