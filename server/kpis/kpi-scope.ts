// The KPI filter (service, period, kind, priority) as it lives in the URL, and the scope it resolves to.
import { eq, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { z } from "zod";
import { priorities, ticketKinds } from "../contract/index.js";
import type { DbOrTx } from "../db/client.js";
import { services } from "../db/schema.js";
import { rollupZone } from "../ingest/rollup-zone.js";
import { dayOf, isoDay, TimeZone } from "../time-zones.js";

export const kpiPeriods = ["3m", "6m", "12m", "24m"] as const;
export type KpiPeriod = (typeof kpiPeriods)[number];

/** Unknown or empty values fall back to "all", so a hand-edited URL still shows a page. */
export const kpiFilterSchema = z.object({
  service: z.string().trim().min(1).max(64).optional().catch(undefined),
  period: z.enum(kpiPeriods).catch("12m"),
  kind: z.enum(ticketKinds).optional().catch(undefined),
  priority: z.enum(priorities).optional().catch(undefined),
});
export type KpiFilter = z.infer<typeof kpiFilterSchema>;

export function parseKpiFilter(query: Record<string, string | undefined>): KpiFilter {
  return kpiFilterSchema.parse({ service: query.service || undefined, period: query.period ?? "12m", kind: query.kind || undefined, priority: query.priority || undefined });
}

/** A filter value the page cannot show: its field and the value as written. */
export interface KpiFilterProblem {
  field: "service" | "period" | "kind" | "priority";
  value: string;
}

/**
 * The values of a KPI address that name nothing (a mistyped period, an unknown service): the page says so instead of
 * drawing empty charts for a filter the reader did not mean.
 */
export function kpiFilterProblems(query: Record<string, string | undefined>, serviceKeys: readonly string[]): KpiFilterProblem[] {
  const problems: KpiFilterProblem[] = [];
  const given = (name: KpiFilterProblem["field"]) => query[name]?.trim() || undefined;
  const service = given("service");
  if (service !== undefined && !serviceKeys.includes(service)) problems.push({ field: "service", value: service });
  const period = query.period;
  if (period !== undefined && !(kpiPeriods as readonly string[]).includes(period)) problems.push({ field: "period", value: period });
  const kind = given("kind");
  if (kind !== undefined && !(ticketKinds as readonly string[]).includes(kind)) problems.push({ field: "kind", value: kind });
  const priority = given("priority");
  if (priority !== undefined && !(priorities as readonly string[]).includes(priority)) problems.push({ field: "priority", value: priority });
  return problems;
}

/** The filter as query-string pairs, leaving out the defaults: the URL a view is shared by. */
export function kpiFilterQuery(filter: KpiFilter): string {
  const q = new URLSearchParams();
  if (filter.service) q.set("service", filter.service);
  if (filter.period !== "12m") q.set("period", filter.period);
  if (filter.kind) q.set("kind", filter.kind);
  if (filter.priority) q.set("priority", filter.priority);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export interface KpiScope {
  filter: KpiFilter;
  /** null = every service; -1 = a service key that does not exist (nothing matches) */
  serviceId: number | null;
  /** the months shown, oldest first, 'YYYY-MM', in the rollups' zone (the organisation's) */
  months: string[];
  /** first day shown and the day after the last, 'YYYY-MM-DD' (rollups are keyed by local day) */
  fromDay: string;
  toDay: string;
  /** the instants those days start at */
  fromMs: number;
  toMs: number;
  /** today, 'YYYY-MM-DD', local */
  today: string;
  now: number;
  /** the zone of the rollups' days and months */
  zone: TimeZone;
}

const monthsOf: Record<KpiPeriod, number> = { "3m": 3, "6m": 6, "12m": 12, "24m": 24 };

/** 'YYYY-MM-DD' of the first day of a month counted from year 0 (month indexes may run past 0–11). */
const firstOfMonth = (year: number, monthIndex: number) => new Date(Date.UTC(year, monthIndex, 1)).toISOString().slice(0, 10);

/** The local date, 'YYYY-MM-DD', of an instant in `zone`. */
export const localDate = (zone: TimeZone, ms: number) => isoDay(zone.localDay(ms));

/** The last N calendar months (local to `zone`) up to and including the current one, and the instants they span. */
export function monthRange(now: number, count: number, zone: TimeZone = TimeZone.of("UTC")) {
  const today = localDate(zone, now);
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) months.push(firstOfMonth(y, m - i).slice(0, 7));
  const fromDay = firstOfMonth(y, m - count + 1);
  const toDay = firstOfMonth(y, m + 1);
  return { months, fromDay, toDay, today, fromMs: zone.startOfDay(dayOf(fromDay)), toMs: zone.startOfDay(dayOf(toDay)) };
}

/** The scope of `count` months up to now, in the zone the rollups are keyed in. */
export async function monthsScope(db: DbOrTx, filter: KpiFilter, serviceId: number | null, now: number, count: number): Promise<KpiScope> {
  const zone = await rollupZone(db);
  return { filter, serviceId, ...monthRange(now, count, zone), now, zone };
}

export async function resolveScope(db: DbOrTx, filter: KpiFilter, now: number): Promise<KpiScope> {
  let serviceId: number | null = null;
  if (filter.service) {
    const [row] = await db.select({ id: services.id }).from(services).where(eq(services.key, filter.service));
    serviceId = row?.id ?? -1;
  }
  return monthsScope(db, filter, serviceId, now, monthsOf[filter.period]);
}

/** Conditions on a rollup table's service, kind and priority columns for the scope ('' = no priority). */
export function dimensionConditions(cols: { serviceId: SQLWrapper; kind: SQLWrapper; priority: SQLWrapper }, scope: KpiScope): SQL[] {
  const out: SQL[] = [];
  if (scope.serviceId !== null) out.push(sql`${cols.serviceId} = ${scope.serviceId}`);
  if (scope.filter.kind) out.push(sql`${cols.kind} = ${scope.filter.kind}`);
  if (scope.filter.priority) out.push(sql`${cols.priority} = ${scope.filter.priority}`);
  return out;
}

export const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
