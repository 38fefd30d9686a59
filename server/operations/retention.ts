// Retention: records are kept at least three years (guide G4.2.4). The purge hard-deletes soft-deleted tickets
// whose last activity is older than a cutoff, and refuses any cutoff that would reach into the last three years.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { openDataChange } from "../ingest/data-changes.js";
import { recordChange } from "../audit-trail.js";
import { parseDateOrInstant } from "../contract/index.js";
import type { Db } from "../db/client.js";
import { AppError } from "../errors.js";

export const retentionYears = 3;

/** The latest cutoff a purge may use at `now`: the same instant three calendar years earlier (UTC). */
export function retentionLimit(now: number): number {
  return DateTime.fromMillis(now, { zone: "utc" }).minus({ years: retentionYears }).toMillis();
}

export interface PurgeResult {
  cutoff: string;
  /** soft-deleted tickets that were (or, on a dry run, would be) removed */
  purged: number;
  ids: string[];
  dryRun: boolean;
}

/**
 * Hard-deletes tickets that were soft-deleted and whose opened, resolved and closed instants all lie before
 * `before` (a day, YYYY-MM-DD, meaning its UTC midnight, or an instant). Live tickets are never touched; the
 * rollups already exclude soft-deleted tickets, so they stay as they are. One audit-trail entry lists the ids.
 */
export async function purgeDeletedTickets(db: Db, now: number, actor: string, input: { before: string; dryRun?: boolean }): Promise<PurgeResult> {
  const parsed = parseDateOrInstant(input.before);
  if (!parsed) throw AppError.invalid("--before must be a date (YYYY-MM-DD) or an ISO 8601 instant", [{ path: "before", message: "not a date" }]);
  const cutoff = parsed.at;
  const limit = retentionLimit(now);
  if (cutoff > limit) {
    throw AppError.invalid(
      `records younger than ${retentionYears} years cannot be purged: --before must be on or before ${new Date(limit).toISOString()}`,
      [{ path: "before", message: `later than the ${retentionYears}-year retention limit` }],
    );
  }
  const cutoffIso = new Date(cutoff).toISOString();
  const purgeable = sql`deleted_at IS NOT NULL AND max(opened_at, coalesce(resolved_at, 0), coalesce(closed_at, 0)) < ${cutoff}`;
  return db.transaction(async (tx) => {
    const rows = await tx.all<{ id: string }>(sql`SELECT id FROM tickets WHERE ${purgeable} ORDER BY id`);
    const ids = rows.map((r) => r.id);
    if (input.dryRun || ids.length === 0) return { cutoff: cutoffIso, purged: ids.length, ids, dryRun: !!input.dryRun };
    await openDataChange(tx, now, { actor, kind: "purge", reason: `purge before ${cutoffIso}` });
    // their earlier images go with them: a purged record is gone, history included
    await tx.run(sql`DELETE FROM ticket_history WHERE ticket_id IN (SELECT id FROM tickets WHERE ${purgeable})`);
    await tx.run(sql`DELETE FROM tickets WHERE ${purgeable}`);
    await recordChange(tx, now, { actor, action: "ticket.purge", entity: "ticket", after: { before: cutoffIso, purged: ids.length, ids } });
    return { cutoff: cutoffIso, purged: ids.length, ids, dryRun: false };
  });
}
