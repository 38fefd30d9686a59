// KPI rollups maintained by deltas: every stored ticket change subtracts the old row's contribution and
// adds the new one's, so the rollup always equals a GROUP BY over the live tickets without re-scanning them.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { jsonRowsStatement, type SqlValue } from "./bulk-sql.js";

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

/** An impossible (negative) duration is breached, as in the audit: invalid evidence never counts as met. */
function slaOutcome(minutes: number | null, target: number | null): "met" | "breached" | "missing" | null {
  if (target === null) return null;
  if (minutes === null) return "missing";
  return minutes >= 0 && minutes <= target ? "met" : "breached";
}

const dailyHead = `INSERT INTO ticket_daily_rollup (day, service_id, kind, priority, category, opened, response_met, response_breached,
  response_missing, resolution_met, resolution_breached, resolution_missing, resolved_count, resolution_minutes_sum, response_count,
  response_minutes_sum, rated, satisfied)`;
const dailyTail = `ON CONFLICT (day, service_id, kind, priority, category) DO UPDATE SET
  opened = opened + excluded.opened, response_met = response_met + excluded.response_met,
  response_breached = response_breached + excluded.response_breached, response_missing = response_missing + excluded.response_missing,
  resolution_met = resolution_met + excluded.resolution_met, resolution_breached = resolution_breached + excluded.resolution_breached,
  resolution_missing = resolution_missing + excluded.resolution_missing, resolved_count = resolved_count + excluded.resolved_count,
  resolution_minutes_sum = resolution_minutes_sum + excluded.resolution_minutes_sum, response_count = response_count + excluded.response_count,
  response_minutes_sum = response_minutes_sum + excluded.response_minutes_sum, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied`;
const histHead = "INSERT INTO ticket_duration_hist (month, service_id, kind, priority, measure, bucket, count)";
const histTail = "ON CONFLICT (month, service_id, kind, priority, measure, bucket) DO UPDATE SET count = count + excluded.count";
const flowHead = "INSERT INTO ticket_daily_flow (day, service_id, kind, priority, opened, resolved)";
const flowTail = "ON CONFLICT (day, service_id, kind, priority) DO UPDATE SET opened = opened + excluded.opened, resolved = resolved + excluded.resolved";

/** Writes keyed rows in one upsert statement. */
async function upsertAll(tx: DbOrTx, head: string, tail: string, rows: SqlValue[][], reals?: ReadonlySet<number>) {
  if (rows.length) await tx.run(jsonRowsStatement(head, rows[0].length, rows, tail, reals));
}
// the two minute sums of the daily rollup (columns 5 + index in rollupFields) are REAL
const dailyReals = new Set(["resolutionMinutesSum", "responseMinutesSum"].map((f) => 5 + rollupFields.indexOf(f as (typeof rollupFields)[number])));

interface Day {
  day: string;
  month: string;
  /** year × 12 + month index, for numeric keys */
  monthIndex: number;
}

const kindCode = (kind: string) => (kind === "incident" ? 0 : kind === "request" ? 1 : kind === "problem" ? 2 : 3);
const priorityCode = (p: string) => (p === "" ? 0 : p === "urgent" ? 1 : p === "important" ? 2 : p === "general" ? 3 : 4);
// Numeric map keys: hashing a number is far cheaper than building and hashing a joined string per ticket.
// They are unique while every part stays in its range; anything outside (an odd kind, a year before 1700 or
// after 2240, a huge service id) falls back to a string key, which is always unique.
const dayRange = 200_000;
const inRange = (serviceId: number, index: number, kind: number, priority: number) =>
  kind < 3 && priority < 4 && index >= 0 && index < dayRange && Number.isInteger(serviceId) && serviceId >= 0 && serviceId < 1e7;

/** Accumulates the signed contributions of a batch and writes them in a few statements. */
export class RollupDelta {
  // each entry keeps its key columns, so apply() needs nothing but the entries
  private readonly daily = new Map<number | string, Map<string, { key: SqlValue[]; v: RollupValues }>>();
  private readonly hist = new Map<number | string, { key: SqlValue[]; n: number }>();
  private readonly flow = new Map<number | string, { key: SqlValue[]; opened: number; resolved: number }>();
  private readonly days = new Map<number, Day>();
  private dailyEntries = 0;

  /** `daily: false` leaves the daily rollup alone (rebuildRollups writes it in one SQL statement). */
  constructor(private readonly parts = { daily: true }) {}

  /** utcDay with a cache: a batch spans few days, and formatting a date is the costliest step of add(). */
  private day(dayNumber: number): Day {
    let d = this.days.get(dayNumber);
    if (d === undefined) {
      const day = utcDay(dayNumber * dayMs);
      d = { day, month: day.slice(0, 7), monthIndex: Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) };
      this.days.set(dayNumber, d);
    }
    return d;
  }

  private flowAt(dayNumber: number, t: RollupTicket, kind: number, priority: number, priorityText: string) {
    const index = dayNumber + 100_000;
    const fk = inRange(t.serviceId, index, kind, priority)
      ? ((t.serviceId * dayRange + index) * 4 + kind) * 5 + priority
      : `${dayNumber}\u0000${t.serviceId}\u0000${t.kind}\u0000${priorityText}`;
    let f = this.flow.get(fk);
    if (!f) {
      f = { key: [this.day(dayNumber).day, t.serviceId, t.kind, priorityText], opened: 0, resolved: 0 };
      this.flow.set(fk, f);
    }
    return f;
  }

  add(t: RollupTicket, sign: 1 | -1) {
    if (t.deletedAt !== null) return;
    const priorityText = t.priority ?? "";
    const kind = kindCode(t.kind);
    const priority = priorityCode(priorityText);
    const dayNumber = Math.floor(t.openedAt / dayMs);
    const day = this.day(dayNumber);
    if (this.parts.daily) {
      const category = t.category ?? "";
      const index = dayNumber + 100_000;
      const key = inRange(t.serviceId, index, kind, priority)
        ? ((t.serviceId * dayRange + index) * 4 + kind) * 5 + priority
        : `${dayNumber}\u0000${t.serviceId}\u0000${t.kind}\u0000${priorityText}`;
      let byCategory = this.daily.get(key);
      if (!byCategory) {
        byCategory = new Map();
        this.daily.set(key, byCategory);
      }
      let entry = byCategory.get(category);
      if (!entry) {
        entry = { key: [day.day, t.serviceId, t.kind, priorityText, category], v: zero() };
        byCategory.set(category, entry);
        this.dailyEntries++;
      }
      const v = entry.v;
      v.opened += sign;
      const resp = slaOutcome(t.responseMinutes, t.responseTarget);
      if (resp === "met") v.responseMet += sign;
      else if (resp === "breached") v.responseBreached += sign;
      else if (resp === "missing") v.responseMissing += sign;
      const res = slaOutcome(t.resolutionMinutes, t.resolutionTarget);
      if (res === "met") v.resolutionMet += sign;
      else if (res === "breached") v.resolutionBreached += sign;
      else if (res === "missing") v.resolutionMissing += sign;
      // the mean-time sums leave impossible durations out, like MTTR-URGENT
      if (t.resolutionMinutes !== null && t.resolutionMinutes >= 0) {
        v.resolvedCount += sign;
        v.resolutionMinutesSum += sign * t.resolutionMinutes;
      }
      if (t.responseMinutes !== null && t.responseMinutes >= 0) {
        v.responseCount += sign;
        v.responseMinutesSum += sign * t.responseMinutes;
      }
      if (t.satisfaction !== null) {
        v.rated += sign;
        if (t.satisfaction >= 4) v.satisfied += sign;
      }
    }

    // an impossible (negative) duration would land in the fastest bucket
    if (t.responseMinutes !== null && t.responseMinutes >= 0) this.addHist(day, t, kind, priority, priorityText, 0, durationBucket(t.responseMinutes), sign);
    if (t.resolutionMinutes !== null && t.resolutionMinutes >= 0) this.addHist(day, t, kind, priority, priorityText, 1, durationBucket(t.resolutionMinutes), sign);
    this.flowAt(dayNumber, t, kind, priority, priorityText).opened += sign;
    if (t.resolvedAt !== null) this.flowAt(Math.floor(t.resolvedAt / dayMs), t, kind, priority, priorityText).resolved += sign;
  }

  private addHist(day: Day, t: RollupTicket, kind: number, priority: number, priorityText: string, measure: 0 | 1, bucket: number, sign: 1 | -1) {
    const measureText = measure === 0 ? "response" : "resolution";
    const hk = inRange(t.serviceId, day.monthIndex, kind, priority)
      ? ((((t.serviceId * dayRange + day.monthIndex) * 4 + kind) * 5 + priority) * 2 + measure) * 128 + bucket
      : `${day.month}\u0000${t.serviceId}\u0000${t.kind}\u0000${priorityText}\u0000${measureText}\u0000${bucket}`;
    const h = this.hist.get(hk);
    if (h) h.n += sign;
    else this.hist.set(hk, { key: [day.month, t.serviceId, t.kind, priorityText, measureText, bucket], n: sign });
  }

  get size() {
    return this.dailyEntries + this.hist.size + this.flow.size;
  }

  async apply(tx: DbOrTx) {
    const daily: SqlValue[][] = [];
    for (const byCategory of this.daily.values()) {
      for (const { key, v } of byCategory.values()) if (rollupFields.some((f) => v[f] !== 0)) daily.push([...key, ...rollupFields.map((f) => v[f])]);
    }
    await upsertAll(tx, dailyHead, dailyTail, daily, dailyReals);
    const hist: SqlValue[][] = [];
    for (const { key, n } of this.hist.values()) if (n !== 0) hist.push([...key, n]);
    await upsertAll(tx, histHead, histTail, hist);
    const flow: SqlValue[][] = [];
    for (const { key, opened, resolved } of this.flow.values()) if (opened !== 0 || resolved !== 0) flow.push([...key, opened, resolved]);
    await upsertAll(tx, flowHead, flowTail, flow);
    this.daily.clear();
    this.dailyEntries = 0;
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
      count(CASE WHEN response_target IS NOT NULL AND response_minutes >= 0 AND response_minutes <= response_target THEN 1 END),
      count(CASE WHEN response_target IS NOT NULL AND (response_minutes > response_target OR response_minutes < 0) THEN 1 END),
      count(CASE WHEN response_target IS NOT NULL AND response_minutes IS NULL THEN 1 END),
      count(CASE WHEN resolution_target IS NOT NULL AND resolution_minutes >= 0 AND resolution_minutes <= resolution_target THEN 1 END),
      count(CASE WHEN resolution_target IS NOT NULL AND (resolution_minutes > resolution_target OR resolution_minutes < 0) THEN 1 END),
      count(CASE WHEN resolution_target IS NOT NULL AND resolution_minutes IS NULL THEN 1 END),
      count(CASE WHEN resolution_minutes >= 0 THEN 1 END), total(CASE WHEN resolution_minutes >= 0 THEN resolution_minutes END),
      count(CASE WHEN response_minutes >= 0 THEN 1 END), total(CASE WHEN response_minutes >= 0 THEN response_minutes END),
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
