// KPI rollups maintained by deltas: every stored ticket change subtracts the old row's contribution and
// adds the new one's, so the rollup always equals a GROUP BY over the live tickets without re-scanning them.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { jsonRowsStatement, type SqlValue } from "./bulk-sql.js";
import { localDateSql, rollupZone } from "./rollup-zone.js";
import type { TimeZone } from "../time-zones.js";
import { yieldToEventLoop } from "../event-loop.js";
import { counterAggregates, counterFields, counters, dailyUpsert, realCounterFields, type CounterField } from "./rollup-counters.js";

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

/** Every field of RollupTicket: a ticket's contribution to each rollup is a function of these alone (and the zone). */
const rollupFields = [
  "serviceId", "kind", "priority", "category", "openedAt", "resolvedAt", "satisfaction", "responseMinutes", "resolutionMinutes",
  "responseTarget", "resolutionTarget", "deletedAt",
] as const satisfies readonly (keyof RollupTicket)[];
// a field added to RollupTicket but not to rollupFields does not compile
const everyRollupField: Exclude<keyof RollupTicket, (typeof rollupFields)[number]> extends never ? true : never = true;
void everyRollupField;

/**
 * Whether two images of a ticket contribute alike to every rollup (daily counters, histograms, flow): an update
 * that changes none of the fields they read (a summary, an assignee) needs no delta, its -1 and +1 would cancel.
 */
export function sameRollupContribution(a: RollupTicket, b: RollupTicket): boolean {
  for (const f of rollupFields) if ((a[f] ?? null) !== (b[f] ?? null)) return false;
  return true;
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

type RollupValues = Record<CounterField, number>;

const zero = (): RollupValues => Object.fromEntries(counterFields.map((f) => [f, 0])) as RollupValues;

const histHead = "INSERT INTO ticket_duration_hist (month, service_id, kind, priority, measure, bucket, count)";
const histTail = "ON CONFLICT (month, service_id, kind, priority, measure, bucket) DO UPDATE SET count = count + excluded.count";
const flowHead = "INSERT INTO ticket_daily_flow (day, service_id, kind, priority, opened, resolved)";
const flowTail = "ON CONFLICT (day, service_id, kind, priority) DO UPDATE SET opened = opened + excluded.opened, resolved = resolved + excluded.resolved";

/** Writes keyed rows in one upsert statement. */
async function upsertAll(tx: DbOrTx, head: string, tail: string, rows: SqlValue[][], reals?: ReadonlySet<number>) {
  // 1,000 keys per statement, a turn of the event loop between: a batch spanning a few days touches thousands of
  // daily keys, about 35 µs each
  for (let i = 0; i < rows.length; i += rollupRowsPerStatement) {
    if (i > 0) await yieldToEventLoop();
    await tx.run(jsonRowsStatement(head, rows[0].length, rows.slice(i, i + rollupRowsPerStatement), tail, reals, true));
  }
}
const rollupRowsPerStatement = 1_000;
// the minute sums of the daily rollup (columns 5 + index among the counters) are REAL
const dailyReals = new Set(counterFields.flatMap((f, i) => (realCounterFields.has(f) ? [5 + i] : [])));

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

  /**
   * `zone`: the zone the rollups are keyed in (rollupZone); `daily: false` leaves the daily rollup alone
   * (rebuildRollups writes it in one SQL statement).
   */
  constructor(private readonly zone: TimeZone, private readonly parts = { daily: true }) {}

  /** the local day number of an instant (UTC needs no table) */
  private dayNumberOf(at: number): number {
    return this.zone.name === "UTC" ? Math.floor(at / dayMs) : this.zone.localDay(at);
  }

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
    const dayNumber = this.dayNumberOf(t.openedAt);
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
      for (const f of counterFields) {
        const n = counters[f].of(t);
        if (n !== 0) v[f] += sign * n;
      }
    }

    // an impossible (negative) duration would land in the fastest bucket
    if (t.responseMinutes !== null && t.responseMinutes >= 0) this.addHist(day, t, kind, priority, priorityText, 0, durationBucket(t.responseMinutes), sign);
    if (t.resolutionMinutes !== null && t.resolutionMinutes >= 0) this.addHist(day, t, kind, priority, priorityText, 1, durationBucket(t.resolutionMinutes), sign);
    this.flowAt(dayNumber, t, kind, priority, priorityText).opened += sign;
    if (t.resolvedAt !== null) this.flowAt(this.dayNumberOf(t.resolvedAt), t, kind, priority, priorityText).resolved += sign;
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
      for (const { key, v } of byCategory.values()) if (counterFields.some((f) => v[f] !== 0)) daily.push([...key, ...counterFields.map((f) => v[f])]);
    }
    await upsertAll(tx, dailyUpsert.head, dailyUpsert.tail, daily, dailyReals);
    await yieldToEventLoop();
    const hist: SqlValue[][] = [];
    for (const { key, n } of this.hist.values()) if (n !== 0) hist.push([...key, n]);
    await upsertAll(tx, histHead, histTail, hist);
    await yieldToEventLoop();
    const flow: SqlValue[][] = [];
    for (const { key, opened, resolved } of this.flow.values()) if (opened !== 0 || resolved !== 0) flow.push([...key, opened, resolved]);
    await upsertAll(tx, flowHead, flowTail, flow);
    this.daily.clear();
    this.dailyEntries = 0;
    this.hist.clear();
    this.flow.clear();
  }
}

/**
 * Writes the daily rollup of the live tickets in one GROUP BY: `schema` "main" for the stored rollup, "temp" for the
 * TEMP tables of verify-run, whose shadow tickets are the data as of a revision.
 */
export async function fillDailyRollup(tx: DbOrTx, zone: TimeZone, schema: "main" | "temp") {
  const source = sql.raw(`${schema}.tickets`), target = sql.raw(`${schema}.ticket_daily_rollup`);
  // two subqueries: min() and max() together in one SELECT read the whole index, each alone is one probe
  const [range] = await tx.all<{ from: number | null; to: number | null }>(
    sql`SELECT (SELECT min(opened_at) FROM ${source}) AS "from", (SELECT max(opened_at) FROM ${source}) AS "to"`,
  );
  if (range?.from == null || range.to == null) return;
  const day = localDateSql(zone, sql.raw("opened_at"), range.from, range.to);
  await tx.run(sql`INSERT INTO ${target} SELECT ${day}, service_id, kind, coalesce(priority, ''), coalesce(category, ''),
    ${sql.raw(counterAggregates)} FROM ${source} WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5`);
}

/** Rebuilds every rollup from the tickets in SQL (after a policy change, a change of zone, or to repair). */
export async function rebuildRollups(tx: DbOrTx, zone?: TimeZone) {
  zone ??= await rollupZone(tx);
  await tx.run(sql`DELETE FROM ticket_daily_rollup`);
  await tx.run(sql`DELETE FROM ticket_duration_hist`);
  await tx.run(sql`DELETE FROM ticket_daily_flow`);
  await fillDailyRollup(tx, zone, "main");
  // histograms and flow need the JS bucket function; they are rebuilt by streaming the tickets in pages
  let after = "";
  for (;;) {
    const page = await tx.all<RollupTicket & { id: string }>(sql`SELECT id, service_id AS serviceId, kind, priority, category, opened_at AS openedAt,
      resolved_at AS resolvedAt, NULL AS satisfaction, response_minutes AS responseMinutes, resolution_minutes AS resolutionMinutes,
      NULL AS responseTarget, NULL AS resolutionTarget, deleted_at AS deletedAt FROM tickets WHERE id > ${after} AND deleted_at IS NULL ORDER BY id LIMIT 20000`);
    if (page.length === 0) break;
    const delta = new RollupDelta(zone, { daily: false });
    for (const t of page) delta.add(t, 1);
    await delta.apply(tx);
    after = page[page.length - 1].id;
  }
}
