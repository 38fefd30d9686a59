// After the bulk ingest: the delta-maintained rollups must equal a GROUP BY over the live tickets, exactly.
import { sql } from "drizzle-orm";
import type { Db } from "../../server/db/client.js";

const liveDaily = sql`SELECT date(opened_at / 1000, 'unixepoch') AS day, service_id, kind, coalesce(priority, '') AS priority,
    coalesce(category, '') AS category, count(*) AS opened,
    count(CASE WHEN response_target IS NOT NULL AND response_minutes >= 0 AND response_minutes <= response_target THEN 1 END) AS response_met,
    count(CASE WHEN response_target IS NOT NULL AND (response_minutes > response_target OR response_minutes < 0) THEN 1 END) AS response_breached,
    count(CASE WHEN response_target IS NOT NULL AND response_minutes IS NULL THEN 1 END) AS response_missing,
    count(CASE WHEN resolution_target IS NOT NULL AND resolution_minutes >= 0 AND resolution_minutes <= resolution_target THEN 1 END) AS resolution_met,
    count(CASE WHEN resolution_target IS NOT NULL AND (resolution_minutes > resolution_target OR resolution_minutes < 0) THEN 1 END) AS resolution_breached,
    count(CASE WHEN resolution_target IS NOT NULL AND resolution_minutes IS NULL THEN 1 END) AS resolution_missing,
    count(CASE WHEN resolution_minutes >= 0 THEN 1 END) AS resolved_count, count(CASE WHEN response_minutes >= 0 THEN 1 END) AS response_count,
    count(satisfaction) AS rated, count(CASE WHEN satisfaction >= 4 THEN 1 END) AS satisfied
  FROM tickets WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5`;
const storedDaily = sql`SELECT day, service_id, kind, priority, category, opened, response_met, response_breached, response_missing,
    resolution_met, resolution_breached, resolution_missing, resolved_count, response_count, rated, satisfied
  FROM ticket_daily_rollup WHERE opened <> 0`;

/** Number of daily rollup rows that differ from the live GROUP BY (0 = exact), and the flow totals compared. */
export async function rollupMismatches(db: Db) {
  const [{ n: missing }] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (${liveDaily} EXCEPT ${storedDaily})`);
  const [{ n: extra }] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (${storedDaily} EXCEPT ${liveDaily})`);
  const [flow] = await db.all<{ opened: number; resolved: number }>(sql`SELECT sum(opened) AS opened, sum(resolved) AS resolved FROM ticket_daily_flow`);
  const [live] = await db.all<{ opened: number; resolved: number }>(
    sql`SELECT count(*) AS opened, count(resolved_at) AS resolved FROM tickets WHERE deleted_at IS NULL`,
  );
  return { dailyRowsDiffering: missing + extra, flowExact: flow.opened === live.opened && flow.resolved === live.resolved, tickets: live.opened };
}
