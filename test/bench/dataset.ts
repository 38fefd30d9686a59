// The benchmark data set: one year of tickets (any number, one million by default), metrics and activities,
// each record a pure function of its index and the seed, so any slice is generated alone and every run is identical.
import type { ActivityInput, MetricSampleInput, TicketInput } from "../../server/contract/index.js";

export const benchNow = Date.parse("2026-11-24T00:00:00Z");
const yearMs = 365 * 86_400_000;
const minute = 60_000;
export const benchStart = benchNow - yearMs;

export const serviceKeys = ["email", "erp", "crm", "network", "vpn", "printing", "hr-portal", "payroll", "storage", "identity", "telephony", "web"];
const categories = ["system_failure", "data", "user_operation", "security", "performance", "technical", "product_usage", "consulting"];
const channels = ["phone", "email", "portal", "chat", "walk-in"];
const assignees = Array.from({ length: 40 }, (_, i) => `agent${String(i + 1).padStart(2, "0")}`);

/** Independent uniform numbers in [0, 1) for (record, draw): a stateless hash, so records need no sequence. */
function uniform(seed: number, index: number, draw: number): number {
  let h = Math.imul(index ^ seed, 0x9e3779b1) ^ Math.imul(draw + 1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

function pick<T>(items: readonly T[], u: number): T {
  return items[Math.floor(u * items.length)];
}

/** Log-normal minutes with the given median (sigma 0.9): most tickets meet their target, a tail breaches. */
function lognormalMinutes(median: number, u1: number, u2: number): number {
  const normal = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(1, Math.round(median * Math.exp(0.9 * normal)));
}

const iso = (ms: number) => new Date(ms).toISOString();

export function ticketId(index: number): string {
  return `IT-2026-${String(index + 1).padStart(7, "0")}`;
}

/** Ticket `index` of `total`: opened in order over the year before `benchNow`. */
export function ticketAt(index: number, total: number, seed = 20261124): TicketInput {
  const u = (d: number) => uniform(seed, index, d);
  const opened = benchStart + Math.floor(((index + u(0)) / total) * (yearMs - 7 * 86_400_000));
  const kindRoll = u(1);
  const kind = kindRoll < 0.6 ? "incident" : kindRoll < 0.95 ? "request" : "problem";
  const pr = u(2);
  const priority = kind === "problem" ? "general" : pr < 0.05 ? "urgent" : pr < 0.25 ? "important" : "general";
  const complex = kind === "request" && u(3) < 0.1;
  const responseMedian = priority === "urgent" ? 20 : priority === "important" ? 45 : 240;
  const resolutionMedian = priority === "urgent" ? 70 : priority === "important" ? 150 : complex ? 1800 : 900;
  const responded = u(4) < 0.97;
  const resolved = u(5) < 0.95;
  const response = lognormalMinutes(responseMedian, u(6), u(7));
  const resolution = Math.max(response, lognormalMinutes(resolutionMedian, u(8), u(9)));
  const closed = resolved && kind === "request" && u(10) < 0.85;
  const rated = resolved && u(11) < 0.3;
  const score = u(12);
  return {
    id: ticketId(index),
    kind,
    service: pick(serviceKeys, u(13)),
    priority,
    complex,
    category: pick(categories, u(14)),
    summary: `Ticket ${index + 1}: ${pick(categories, u(15)).replace("_", " ")} reported by user ${Math.floor(u(16) * 5000)}`,
    assignee: u(17) < 0.01 ? null : pick(assignees, u(18)),
    resolution: resolved ? (u(19) < 0.005 ? null : "resolved as described in the knowledge base") : null,
    channel: pick(channels, u(20)),
    opened_at: iso(opened),
    first_response_at: responded ? iso(opened + response * minute) : null,
    resolved_at: resolved ? iso(opened + resolution * minute) : null,
    closed_at: closed ? iso(opened + (resolution + lognormalMinutes(600, u(21), u(22))) * minute) : null,
    // never more than the time from opening to resolution (ingest refuses that)
    on_hold_minutes: resolved && u(23) < 0.1 ? Math.floor(u(24) * Math.min(120, resolution)) : null,
    satisfaction: rated ? (score < 0.85 ? 4 + Math.floor(u(25) * 2) : 1 + Math.floor(u(25) * 3)) : null,
  };
}

export function ticketSlice(from: number, to: number, total: number): TicketInput[] {
  const out: TicketInput[] = [];
  for (let i = from; i < to; i++) out.push(ticketAt(i, total));
  return out;
}

/** Daily availability per service over the year. */
export function metricSamples(seed = 7): MetricSampleInput[] {
  const out: MetricSampleInput[] = [];
  for (let day = 0; day < 365; day++) {
    serviceKeys.forEach((service, s) => {
      const u = uniform(seed, day * 100 + s, 0);
      out.push({ metric: "availability", service, at: iso(benchStart + day * 86_400_000 + 23 * 3_600_000), value: u < 0.02 ? 98 + u * 50 : 99.6 + u * 0.4, unit: "%" });
    });
  }
  return out;
}

/** Recurring activities of the rulebook, plus an incident review for most urgent incidents. */
export function activityRecords(totalTickets: number, seed = 11): ActivityInput[] {
  return Array.from(activityStream(totalTickets, seed));
}

/** The same activities as activityRecords, one at a time: for millions of tickets, nothing is held. */
export function* activityStream(totalTickets: number, seed = 11): Generator<ActivityInput> {
  const day = (ms: number) => iso(ms).slice(0, 10);
  function* every(type: string, days: number, extra: (n: number) => Partial<ActivityInput> = () => ({})): Generator<ActivityInput> {
    for (let n = 0, at = benchStart + 5 * 86_400_000; at < benchNow; n++, at += days * 86_400_000) {
      yield { id: `${type}-${n}`, type, date: day(at), title: `${type.replace(/_/g, " ")} ${n + 1}`, ...extra(n) };
    }
  }
  yield* every("emergency_drill", 90, (n) => ({ outcome: n % 4 === 3 ? null : "evaluated: plan worked, two follow-ups" }));
  yield* every("emergency_plan_review", 120);
  yield* every("training", 30, (n) => ({ score: 70 + Math.floor(uniform(seed, n, 1) * 30) }));
  yield* every("kb_update", 7);
  yield* every("access_review", 80);
  yield* every("backup_restore_test", 60);
  yield* every("sla_review", 200);
  yield* every("management_review", 180);
  yield* every("internal_audit", 300);
  for (let i = 0; i < totalTickets; i++) {
    const t = ticketAt(i, totalTickets);
    if (t.kind !== "incident" || t.priority !== "urgent" || !t.resolved_at || uniform(seed, i, 2) < 0.08) continue;
    yield { id: `review-${t.id}`, type: "incident_review", date: day(Date.parse(t.resolved_at) + 86_400_000), ticket_id: t.id, service: t.service };
  }
}

/** Groups a stream into arrays of `size` (the last one shorter). */
export function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/**
 * The mixed-load row's split of the year: its audit plan covers [benchStart, cut), and the tickets it ingests while
 * the run executes are copies (new ids) of tickets opened at least a day after `cut`, so none of them is in the
 * plan's period: a correct run gives the same results with or without them.
 */
export function mixedSplit(total: number) {
  const span = yearMs - 7 * 86_400_000;
  const day = 86_400_000;
  const cut = benchStart + Math.floor((0.8 * span) / day) * day;
  // ticketAt(i) opens at or after benchStart + i / total × span
  const tailFrom = Math.ceil(((cut + day - benchStart) / span) * total);
  return { start: benchStart, cut, tailFrom, tailCount: total - tailFrom };
}

/** The k-th ticket ingested during the mixed load: a tail ticket of the year under a new id (after every id of the set). */
export function mixedTicket(k: number, total: number, split = mixedSplit(total)): TicketInput {
  return { ...ticketAt(split.tailFrom + (k % split.tailCount), total), id: ticketId(total + k) };
}

const csvColumns = ["id", "kind", "service", "priority", "complex", "category", "summary", "assignee", "resolution", "channel", "opened_at", "first_response_at", "resolved_at", "closed_at", "on_hold_minutes", "satisfaction"] as const;

export const csvHeader = csvColumns.join(",") + "\n";

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(t: TicketInput): string {
  return csvColumns.map((c) => csvCell(t[c])).join(",") + "\n";
}
