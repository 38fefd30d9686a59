// The time zone the KPI rollups are keyed in: their days and months are the organisation's (ASSAY_TIMEZONE) local
// calendar days, so a ticket opened at 07:00 on 1 November in Shanghai counts for November, not for 31 October UTC.
// The zone the stored rollups use is recorded in `settings`; a start with another zone rebuilds them.
import { eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client.js";
import { settings } from "../db/schema.js";
import { TimeZone } from "../time-zones.js";

const settingKey = "rollup_timezone";

/** The zone the stored rollups are keyed in (UTC for databases from before the setting). */
export async function rollupZone(db: DbOrTx): Promise<TimeZone> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, settingKey));
  return TimeZone.of(row?.value ?? "UTC");
}

/** SQL for the local calendar date ('YYYY-MM-DD') in `zone` of an epoch-ms column whose values lie in [from, to]. */
export function localDateSql(zone: TimeZone, column: SQLWrapper, from: number, to: number): SQL {
  const { changes, offsets } = zone.segments(from, to + 1);
  const offset =
    changes.length === 0
      ? sql`${offsets[0]}`
      : sql`CASE ${sql.join(
          changes.map((at, i) => sql`WHEN ${column} < ${at} THEN ${offsets[i]}`),
          sql` `,
        )} ELSE ${offsets[offsets.length - 1]} END`;
  return sql`date((${column} + ${offset}) / 1000, 'unixepoch')`;
}

/**
 * Makes the stored rollups follow `zoneName`: when they were keyed in another zone, rebuilds them (one transaction)
 * and records the zone. Answers the zone they were in before, or null when nothing changed.
 */
export async function alignRollupZone(db: Db, zoneName: string, rebuild: (tx: DbOrTx, zone: TimeZone) => Promise<void>): Promise<string | null> {
  const zone = TimeZone.of(zoneName);
  const current = await rollupZone(db);
  if (current.name === zone.name) return null;
  await db.transaction(async (tx) => {
    await rebuild(tx, zone);
    await tx.insert(settings).values({ key: settingKey, value: zone.name }).onConflictDoUpdate({ target: settings.key, set: { value: zone.name } });
  });
  return current.name;
}
