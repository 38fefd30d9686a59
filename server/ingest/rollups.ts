// KPI rollups maintained by deltas: every stored ticket change subtracts the old row's contribution and
// adds the new one's, so the rollup always equals a GROUP BY over the live tickets without re-scanning them.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";

export interface RollupTicket {
  serviceId: number;
  kind: string;
  priority: string | null;
  category: string | null;
  openedAt: number;
  resolvedAt: number | null;
  satisfaction: number | null;
  responseMinutes: number | null;
  resolutionMinutes: number | null;
  responseTarget: number | null;
  resolutionTarget: number | null;
  deletedAt: number | null;
}

const dayMs = 86_400_000;
export const utcDay = (ms: number) => new Date(Math.floor(ms / dayMs) * dayMs).toISOString().slice(0, 10);

/** Log-scale bucket of a duration in minutes: bucket b covers [2^((b-1)/4), 2^(b/4)) minutes; 0 = under one minute. */
export function durationBucket(minutes: number): number {
  if (!(minutes >= 1)) return 0;
  return Math.min(80, Math.floor(Math.log2(minutes) * 4) + 1);
}
/** Upper bound in minutes of a bucket, used when reading percentiles back. */
export function bucketUpperMinutes(bucket: number): number {
  return bucket === 0 ? 1 : 2 ** (bucket / 4);
}

const rollupFields = [
  "opened",
  "responseMet",
  "responseBreached",
  "responseMissing",
  "resolutionMet",
  "resolutionBreached",
  "resolutionMissing",
  "resolvedCount",
  "resolutionMinutesSum",
  "responseCount",
  "responseMinutesSum",
  "rated",
  "satisfied",
] as const;
type RollupValues = Record<(typeof rollupFields)[number], number>;

const zero = (): RollupValues => Object.fromEntries(rollupFields.map((f) => [f, 0])) as RollupValues;

function slaOutcome(minutes: number | null, target: number | null): "met" | "breached" | "missing" | null {
  if (target === null) return null;
  if (minutes === null) return "missing";
  return minutes <= target ? "met" : "breached";
}

/** Accumulates the signed contributions of a batch and writes them in a few statements. */
export class RollupDelta {
  private readonly daily = new Map<string, RollupValues>();
  private readonly hist = new Map<string, number>();
  private readonly flow = new Map<string, { opened: number; resolved: number }>();

  /** `daily: false` leaves the daily rollup alone (rebuildRollups writes it in one SQL statement). */
  constructor(private readonly parts = { daily: true }) {}

  add(t: RollupTicket, sign: 1 | -1) {
    if (t.deletedAt !== null) return;
    const priority = t.priority ?? "";
    const day = utcDay(t.openedAt);
    const key = JSON.stringify([day, t.serviceId, t.kind, priority, t.category ?? ""]);
    const v = this.daily.get(key) ?? zero();
    v.opened += sign;
    const resp = slaOutcome(t.responseMinutes, t.responseTarget);
    if (resp === "met") v.responseMet += sign;
    else if (resp === "breached") v.responseBreached += sign;
    else if (resp === "missing") v.responseMissing += sign;
    const res = slaOutcome(t.resolutionMinutes, t.resolutionTarget);
    if (res === "met") v.resolutionMet += sign;
    else if (res === "breached") v.resolutionBreached += sign;
    else if (res === "missing") v.resolutionMissing += sign;
    if (t.resolutionMinutes !== null) {
      v.resolvedCount += sign;
      v.resolutionMinutesSum += sign * t.resolutionMinutes;
    }
    if (t.responseMinutes !== null) {
      v.responseCount += sign;
      v.responseMinutesSum += sign * t.responseMinutes;
    }
    if (t.satisfaction !== null) {
      v.rated += sign;
      if (t.satisfaction >= 4) v.satisfied += sign;
    }
    if (this.parts.daily) this.daily.set(key, v);

    const month = day.slice(0, 7);
    for (const [measure, minutes] of [["response", t.responseMinutes], ["resolution", t.resolutionMinutes]] as const) {
      if (minutes === null) continue;
      const hk = JSON.stringify([month, t.serviceId, t.kind, priority, measure, durationBucket(minutes)]);
      this.hist.set(hk, (this.hist.get(hk) ?? 0) + sign);
    }
    const fk = JSON.stringify([day, t.serviceId, t.kind, priority]);
    const f = this.flow.get(fk) ?? { opened: 0, resolved: 0 };
    f.opened += sign;
    this.flow.set(fk, f);
    if (t.resolvedAt !== null) {
      const rk = JSON.stringify([utcDay(t.resolvedAt), t.serviceId, t.kind, priority]);
      const r = this.flow.get(rk) ?? { opened: 0, resolved: 0 };
      r.resolved += sign;
      this.flow.set(rk, r);
    }
  }

  get size() {
    return this.daily.size + this.hist.size + this.flow.size;
  }

  async apply(tx: DbOrTx) {
    const chunk = 400;
    const daily = [...this.daily].filter(([, v]) => rollupFields.some((f) => v[f] !== 0));
    for (let i = 0; i < daily.length; i += chunk) {
      const rows = daily.slice(i, i + chunk).map(([k, v]) => {
        const [day, serviceId, kind, priority, category] = JSON.parse(k) as [string, number, string, string, string];
        return sql`(${day}, ${serviceId}, ${kind}, ${priority}, ${category}, ${sql.join(rollupFields.map((f) => sql`${v[f]}`), sql`, `)})`;
      });
      await tx.run(sql`INSERT INTO ticket_daily_rollup (day, service_id, kind, priority, category, opened, response_met, response_breached, response_missing,
          resolution_met, resolution_breached, resolution_missing, resolved_count, resolution_minutes_sum, response_count, response_minutes_sum, rated, satisfied)
        VALUES ${sql.join(rows, sql`, `)}
        ON CONFLICT (day, service_id, kind, priority, category) DO UPDATE SET
          opened = opened + excluded.opened, response_met = response_met + excluded.response_met,
          response_breached = response_breached + excluded.response_breached, response_missing = response_missing + excluded.response_missing,
          resolution_met = resolution_met + excluded.resolution_met, resolution_breached = resolution_breached + excluded.resolution_breached,
          resolution_missing = resolution_missing + excluded.resolution_missing, resolved_count = resolved_count + excluded.resolved_count,
          resolution_minutes_sum = resolution_minutes_sum + excluded.resolution_minutes_sum, response_count = response_count + excluded.response_count,
          response_minutes_sum = response_minutes_sum + excluded.response_minutes_sum, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied`);
    }
    const hist = [...this.hist].filter(([, n]) => n !== 0);
    for (let i = 0; i < hist.length; i += chunk) {
      const rows = hist.slice(i, i + chunk).map(([k, n]) => {
        const [month, serviceId, kind, priority, measure, bucket] = JSON.parse(k) as [string, number, string, string, string, number];
        return sql`(${month}, ${serviceId}, ${kind}, ${priority}, ${measure}, ${bucket}, ${n})`;
      });
      await tx.run(sql`INSERT INTO ticket_duration_hist (month, service_id, kind, priority, measure, bucket, count) VALUES ${sql.join(rows, sql`, `)}
        ON CONFLICT (month, service_id, kind, priority, measure, bucket) DO UPDATE SET count = count + excluded.count`);
    }
    const flow = [...this.flow].filter(([, f]) => f.opened !== 0 || f.resolved !== 0);
    for (let i = 0; i < flow.length; i += chunk) {
      const rows = flow.slice(i, i + chunk).map(([k, f]) => {
        const [day, serviceId, kind, priority] = JSON.parse(k) as [string, number, string, string];
        return sql`(${day}, ${serviceId}, ${kind}, ${priority}, ${f.opened}, ${f.resolved})`;
      });
      await tx.run(sql`INSERT INTO ticket_daily_flow (day, service_id, kind, priority, opened, resolved) VALUES ${sql.join(rows, sql`, `)}
        ON CONFLICT (day, service_id, kind, priority) DO UPDATE SET opened = opened + excluded.opened, resolved = resolved + excluded.resolved`);
    }
    this.daily.clear();
    this.hist.clear();
    this.flow.clear();
  }
}

/** Rebuilds every rollup from the tickets in SQL (after a policy change, or to repair). */
export async function rebuildRollups(tx: DbOrTx) {
  await tx.run(sql`DELETE FROM ticket_daily_rollup`);
  await tx.run(sql`DELETE FROM ticket_duration_hist`);
  await tx.run(sql`DELETE FROM ticket_daily_flow`);
  await tx.run(sql`INSERT INTO ticket_daily_rollup
    SELECT date(opened_at / 1000, 'unixepoch'), service_id, kind, coalesce(priority, ''), coalesce(category, ''), count(*),
      count(CASE WHEN response_target IS NOT NULL AND response_minutes <= response_target THEN 1 END),
      count(CASE WHEN response_target IS NOT NULL AND response_minutes > response_target THEN 1 END),
      count(CASE WHEN response_target IS NOT NULL AND response_minutes IS NULL THEN 1 END),
      count(CASE WHEN resolution_target IS NOT NULL AND resolution_minutes <= resolution_target THEN 1 END),
      count(CASE WHEN resolution_target IS NOT NULL AND resolution_minutes > resolution_target THEN 1 END),
      count(CASE WHEN resolution_target IS NOT NULL AND resolution_minutes IS NULL THEN 1 END),
      count(resolution_minutes), total(resolution_minutes), count(response_minutes), total(response_minutes),
      count(satisfaction), count(CASE WHEN satisfaction >= 4 THEN 1 END)
    FROM tickets WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5`);
  // histograms and flow need the JS bucket function; they are rebuilt by streaming the tickets in pages
  let after = "";
  for (;;) {
    const page = await tx.all<RollupTicket & { id: string }>(sql`SELECT id, service_id AS serviceId, kind, priority, category, opened_at AS openedAt,
      resolved_at AS resolvedAt, NULL AS satisfaction, response_minutes AS responseMinutes, resolution_minutes AS resolutionMinutes,
      NULL AS responseTarget, NULL AS resolutionTarget, deleted_at AS deletedAt FROM tickets WHERE id > ${after} AND deleted_at IS NULL ORDER BY id LIMIT 20000`);
    if (page.length === 0) break;
    const delta = new RollupDelta({ daily: false });
    for (const t of page) delta.add(t, 1);
    await delta.apply(tx);
    after = page[page.length - 1].id;
  }
}
