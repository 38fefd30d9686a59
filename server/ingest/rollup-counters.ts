// The KPI rollup counters, defined once: each counter's column (the schema), what one ticket contributes to it
// (ingest deltas) and its aggregate over the tickets (rebuild). The delta upserts, the rebuild and the triggers that
// keep the monthly rollup equal to the daily one are all derived from this list.
import { getTableColumns, sql, type InferSelectModel } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { ticketDailyRollup } from "../db/schema.js";

/** What a ticket contributes with: its SLA-relevant durations and targets, its rating. */
export interface CountedTicket {
  satisfaction: number | null;
  responseMinutes: number | null;
  resolutionMinutes: number | null;
  responseTarget: number | null;
  resolutionTarget: number | null;
}

const keyFields = ["day", "serviceId", "kind", "priority", "category"] as const;
export type CounterField = Exclude<keyof InferSelectModel<typeof ticketDailyRollup>, (typeof keyFields)[number]>;

interface Counter {
  /** what one ticket adds (a count: 0 or 1; a sum: its minutes) */
  of: (t: CountedTicket) => number;
  /** the same over the `tickets` table, as an SQL aggregate of its columns */
  sql: string;
}

/** An impossible (negative) duration is breached, as in the audit: invalid evidence never counts as met. */
const met = (minutes: number | null, target: number | null) => (target !== null && minutes !== null && minutes >= 0 && minutes <= target ? 1 : 0);
const breached = (minutes: number | null, target: number | null) => (target !== null && minutes !== null && (minutes < 0 || minutes > target) ? 1 : 0);
const missing = (minutes: number | null, target: number | null) => (target !== null && minutes === null ? 1 : 0);
// the mean-time sums leave impossible durations out, like MTTR-URGENT
const valid = (minutes: number | null) => (minutes !== null && minutes >= 0 ? 1 : 0);

/** Every counter column of the rollups: a column without an entry here does not compile. */
export const counters: Record<CounterField, Counter> = {
  opened: { of: () => 1, sql: "count(*)" },
  responseMet: {
    of: (t) => met(t.responseMinutes, t.responseTarget),
    sql: "count(CASE WHEN response_target IS NOT NULL AND response_minutes >= 0 AND response_minutes <= response_target THEN 1 END)",
  },
  responseBreached: {
    of: (t) => breached(t.responseMinutes, t.responseTarget),
    sql: "count(CASE WHEN response_target IS NOT NULL AND (response_minutes > response_target OR response_minutes < 0) THEN 1 END)",
  },
  responseMissing: { of: (t) => missing(t.responseMinutes, t.responseTarget), sql: "count(CASE WHEN response_target IS NOT NULL AND response_minutes IS NULL THEN 1 END)" },
  resolutionMet: {
    of: (t) => met(t.resolutionMinutes, t.resolutionTarget),
    sql: "count(CASE WHEN resolution_target IS NOT NULL AND resolution_minutes >= 0 AND resolution_minutes <= resolution_target THEN 1 END)",
  },
  resolutionBreached: {
    of: (t) => breached(t.resolutionMinutes, t.resolutionTarget),
    sql: "count(CASE WHEN resolution_target IS NOT NULL AND (resolution_minutes > resolution_target OR resolution_minutes < 0) THEN 1 END)",
  },
  resolutionMissing: { of: (t) => missing(t.resolutionMinutes, t.resolutionTarget), sql: "count(CASE WHEN resolution_target IS NOT NULL AND resolution_minutes IS NULL THEN 1 END)" },
  resolvedCount: { of: (t) => valid(t.resolutionMinutes), sql: "count(CASE WHEN resolution_minutes >= 0 THEN 1 END)" },
  resolutionMinutesSum: { of: (t) => (valid(t.resolutionMinutes) ? (t.resolutionMinutes as number) : 0), sql: "total(CASE WHEN resolution_minutes >= 0 THEN resolution_minutes END)" },
  responseCount: { of: (t) => valid(t.responseMinutes), sql: "count(CASE WHEN response_minutes >= 0 THEN 1 END)" },
  responseMinutesSum: { of: (t) => (valid(t.responseMinutes) ? (t.responseMinutes as number) : 0), sql: "total(CASE WHEN response_minutes >= 0 THEN response_minutes END)" },
  rated: { of: (t) => (t.satisfaction !== null ? 1 : 0), sql: "count(satisfaction)" },
  satisfied: { of: (t) => (t.satisfaction !== null && t.satisfaction >= 4 ? 1 : 0), sql: "count(CASE WHEN satisfaction >= 4 THEN 1 END)" },
};

const columns = getTableColumns(ticketDailyRollup);
/** The counters in a fixed order (the schema's), with their column names and SQL types. */
export const counterFields = (Object.keys(columns) as (keyof typeof columns)[]).filter((f): f is CounterField => !(keyFields as readonly string[]).includes(f));
export const counterColumns = counterFields.map((f) => columns[f].name);
export const realCounterFields = new Set(counterFields.filter((f) => columns[f].getSQLType() === "real"));

const keyColumns = ["service_id", "kind", "priority", "category"];
const allColumns = [...keyColumns, ...counterColumns].join(", ");
const addExcluded = counterColumns.map((c) => `${c} = ${c} + excluded.${c}`).join(", ");

/** The daily upsert: head (columns after `day`) and the ON CONFLICT clause adding the signed deltas. */
export const dailyUpsert = {
  head: `INSERT INTO ticket_daily_rollup (day, ${allColumns})`,
  tail: `ON CONFLICT (day, service_id, kind, priority, category) DO UPDATE SET ${addExcluded}`,
};

/** The rebuild's aggregates over the live tickets, in counter order. */
export const counterAggregates = counterFields.map((f) => counters[f].sql).join(", ");

function monthlyInsert(row: "NEW" | "OLD", sign: "" | "-"): string {
  const values = [`substr(${row}.day, 1, 7)`, ...keyColumns.map((c) => `${row}.${c}`), ...counterColumns.map((c) => `${sign}${row}.${c}`)].join(", ");
  return `INSERT INTO ticket_monthly_rollup (month, ${allColumns})
    VALUES (${values})
    ON CONFLICT (month, service_id, kind, priority, category) DO UPDATE SET ${addExcluded};`;
}

/**
 * The triggers that keep ticket_monthly_rollup equal to the daily rollup summed per month: every insert, update and
 * delete of a daily row adds its signed difference to the month's row. Installed (or replaced, when the counters
 * change) at start-up by `installRollupTriggers`.
 */
export const monthlyTriggers: Record<string, string> = {
  ticket_daily_rollup_to_month_insert: `CREATE TRIGGER ticket_daily_rollup_to_month_insert AFTER INSERT ON ticket_daily_rollup BEGIN
  ${monthlyInsert("NEW", "")}
END`,
  ticket_daily_rollup_to_month_update: `CREATE TRIGGER ticket_daily_rollup_to_month_update AFTER UPDATE ON ticket_daily_rollup BEGIN
  ${monthlyInsert("OLD", "-")}
  ${monthlyInsert("NEW", "")}
END`,
  ticket_daily_rollup_to_month_delete: `CREATE TRIGGER ticket_daily_rollup_to_month_delete AFTER DELETE ON ticket_daily_rollup BEGIN
  ${monthlyInsert("OLD", "-")}
END`,
};

/** Rebuilds the monthly rollup from the daily one (after the triggers were replaced). */
export const monthlyFromDaily = `INSERT INTO ticket_monthly_rollup (month, ${allColumns})
  SELECT substr(day, 1, 7), ${keyColumns.join(", ")}, ${counterColumns.map((c) => `sum(${c})`).join(", ")} FROM ticket_daily_rollup GROUP BY 1, 2, 3, 4, 5`;

/**
 * Installs the monthly triggers as `monthlyTriggers` defines them, replacing triggers that differ (a counter added,
 * or the migration's original text), and then rebuilds the monthly rollup from the daily one. Idempotent.
 */
export async function installRollupTriggers(db: Db): Promise<boolean> {
  const installed = await db.all<{ name: string; sql: string }>(sql`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ticket_daily_rollup'`);
  const current = new Map(installed.map((t) => [t.name, t.sql]));
  const same = installed.length === Object.keys(monthlyTriggers).length && Object.entries(monthlyTriggers).every(([name, text]) => current.get(name) === text);
  if (same) return false;
  await db.transaction(async (tx) => {
    for (const { name } of installed) await tx.run(sql.raw(`DROP TRIGGER IF EXISTS "${name.replace(/"/g, '""')}"`));
    for (const text of Object.values(monthlyTriggers)) await tx.run(sql.raw(text));
    await tx.run(sql`DELETE FROM ticket_monthly_rollup`);
    await tx.run(sql.raw(monthlyFromDaily));
  });
  return true;
}
