// A seeded random data set with the awkward cases an audit must get right: missing and pending timestamps,
// impossible and inconsistent records, null priorities, complex requests, deletions, on-hold time, fields of
// Unicode white space, bare activity dates, reviews before the resolution, other time-zone offsets.
import type { ActivityInput, MetricSampleInput, TicketInput } from "../../server/contract/index.js";
import { Random } from "../../server/demo/random.js";
import { addProblemLinks } from "./random-problem-links.js";

const minute = 60_000;
const day = 86_400_000;

/** An instant written with a given UTC offset (minutes), as clients in other time zones send it. */
export function withOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * minute).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export interface Dataset {
  tickets: TicketInput[];
  deleted: string[];
  samples: MetricSampleInput[];
  activities: ActivityInput[];
}

const offsets = [0, 480, -300, 330, 60, -600];
const services = ["mail", "erp", "network"];
const blanks = [null, "", "  ", "\t", "\u3000", "\u00a0", "\u2003\u2028", "\ufeff"];

/**
 * On-hold minutes ingest accepts: at most the calendar time from opening to resolution (or to now). A third take
 * nearly all of it, which under a business calendar exceeds the business time: an impossible resolution time.
 */
function onHold(rnd: Random, opened: number, end: number): number {
  const elapsed = Math.max(0, Math.floor((end - opened) / minute));
  return rnd.chance(0.3) ? Math.max(0, elapsed - rnd.int(0, 30)) : Math.min(elapsed, rnd.int(0, 300));
}

export function randomDataset(seed: number, from: number, to: number, count: number): Dataset {
  const rnd = new Random(seed);
  const tickets: TicketInput[] = [];
  const span = to - from;
  for (let n = 0; n < count; n++) {
    const opened = from + Math.floor(rnd.next() * span / 1000) * 1000;
    const kind = rnd.pick(["incident", "incident", "request", "request", "problem"] as const);
    const priority = rnd.chance(0.06) ? null : rnd.pick(["urgent", "important", "general"] as const);
    const off = rnd.pick(offsets);
    const at = (ms: number | null) => (ms === null ? null : withOffset(ms, rnd.pick(offsets)));
    // durations around the targets so that both sides of each boundary occur
    const scale = priority === "urgent" ? 60 : priority === "important" ? 120 : 1440;
    let response: number | null = opened + Math.round(rnd.next() * scale * 1.6) * minute;
    let resolved: number | null = opened + Math.round(rnd.next() * scale * 3.2) * minute;
    if (rnd.chance(0.05)) response = opened + scale * minute; // exactly on target
    if (rnd.chance(0.12)) response = null;
    if (rnd.chance(0.15)) resolved = null;
    if (rnd.chance(0.02) && resolved !== null) resolved = opened - rnd.int(1, 600) * minute; // resolved before opened
    if (rnd.chance(0.02) && response !== null) response = opened - rnd.int(1, 60) * minute;
    let closed: number | null = resolved === null ? null : resolved + rnd.int(0, 5 * 1440) * minute;
    if (rnd.chance(0.02) && resolved !== null) closed = resolved - rnd.int(1, 100) * minute;
    if (rnd.chance(0.1)) closed = null;
    const idStyle = rnd.next();
    const id =
      idStyle < 0.9 ? `IT-2026-${String(n).padStart(5, "0")}` : idStyle < 0.93 ? `it-2026-${String(n).padStart(3, "0")}` : idStyle < 0.96 ? `SR9-2026-${String(n).padStart(2, "0")}` : idStyle < 0.98 ? `X-26-${n}` : `OPS1-2026-${n}0001`;
    tickets.push({
      id,
      kind,
      service: rnd.pick(services),
      priority,
      complex: kind === "request" ? rnd.chance(0.15) : rnd.chance(0.05),
      category: rnd.chance(0.03) ? rnd.pick(blanks) : rnd.pick(["system_failure", "data", "technical"]),
      summary: rnd.chance(0.03) ? rnd.pick(blanks) : `ticket ${n} 工单`,
      assignee: rnd.chance(0.03) ? rnd.pick(blanks) : rnd.pick(["alice", "bob", "张三"]),
      resolution: resolved !== null && rnd.chance(0.04) ? rnd.pick(blanks) : resolved !== null ? "fixed" : null,
      opened_at: withOffset(opened, off),
      first_response_at: at(response),
      resolved_at: at(resolved),
      closed_at: at(closed),
      on_hold_minutes: rnd.chance(0.1) ? onHold(rnd, opened, resolved ?? to) : null,
      satisfaction: resolved !== null && rnd.chance(0.4) ? rnd.int(1, 5) : null,
    });
  }
  const deleted = tickets.filter(() => rnd.chance(0.01)).map((t) => t.id);

  const samples: MetricSampleInput[] = [];
  for (const service of [...services, null]) {
    for (let t = from; t < to; t += 6 * 3600_000) {
      const dip = rnd.chance(0.03) ? rnd.next() * 8 : 0;
      samples.push({ metric: "availability", service, at: withOffset(t, rnd.pick(offsets)), value: 100 - rnd.next() * 0.3 - dip, unit: "percent" });
    }
  }

  const activities: ActivityInput[] = [];
  const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const kinds = ["emergency_drill", "emergency_plan_review", "training", "kb_update", "access_review", "backup_restore_test", "sla_review", "management_review"];
  let a = 0;
  for (const type of kinds) {
    const n = rnd.int(1, 14);
    for (let i = 0; i < n; i++) {
      const when = from - 200 * day + Math.floor(rnd.next() * (span + 220 * day));
      activities.push({
        id: `act-${a++}`,
        type,
        date: rnd.chance(0.5) ? dateOf(when) : withOffset(when, rnd.pick(offsets)),
        service: rnd.chance(0.6) ? null : rnd.pick(services),
        title: type,
        outcome: rnd.chance(0.3) ? rnd.pick(blanks) : "evaluated",
        score: type === "training" && rnd.chance(0.8) ? rnd.int(50, 100) : null,
      });
    }
  }
  for (const t of tickets) {
    if (t.kind !== "incident" || t.priority !== "urgent" || !t.resolved_at || !rnd.chance(0.7)) continue;
    const resolved = Date.parse(t.resolved_at);
    const when = resolved + rnd.int(-30, 8 * 24) * 3600_000;
    activities.push({ id: `act-${a++}`, type: "incident_review", date: rnd.chance(0.5) ? dateOf(when) : withOffset(when, rnd.pick(offsets)), ticket_id: t.id, service: null });
  }
  isoActivities(new Random(seed + 16), from, to, activities);
  addProblemLinks(seed, tickets, activities);
  return { tickets, deleted, samples, activities };
}

/**
 * Who took part and what was covered (issue 16), drawn from a random source of their own so that the rest of the
 * data set stays as it was: trainings name participants (spelt with other case and white space than the
 * assignees), management reviews list inputs, internal audits name auditor, area and owner (the owner auditing
 * too), and major and minor changes come with continuity tests of their service or of the whole organisation.
 */
function isoActivities(rnd: Random, from: number, to: number, activities: ActivityInput[]): void {
  const span = to - from;
  const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const when = (ms: number) => (rnd.chance(0.5) ? dateOf(ms) : withOffset(ms, rnd.pick(offsets)));
  const people = ["alice", " Alice ", "BOB", "bob\u3000", "张三", "李四", "carol"];
  const inputs = ["audit_results", "customer_satisfaction", "service_performance", "nonconformities_actions", "risks", "improvement_opportunities"] as const;
  for (const act of activities) {
    if (act.type === "training" && rnd.chance(0.8)) act.participants = people.filter(() => rnd.chance(0.15));
    if (act.type === "management_review" && rnd.chance(0.8)) act.inputs = inputs.filter(() => rnd.chance(0.8));
  }
  const names = ["Dana Li", "dana  li", " DANA LI", "Erik", "王五", "王 五"];
  let n = 0;
  for (let i = rnd.int(4, 10); i > 0; i--) {
    const at = from - 200 * day + Math.floor(rnd.next() * (span + 200 * day));
    activities.push({
      id: `audit-${n++}`,
      type: "internal_audit",
      date: when(at),
      service: rnd.chance(0.6) ? null : rnd.pick(services),
      auditor: rnd.chance(0.2) ? rnd.pick(blanks) : rnd.pick(names),
      area: rnd.chance(0.15) ? rnd.pick(blanks) : rnd.pick(["incident management", "service desk", "变更管理"]),
      area_owner: rnd.chance(0.2) ? rnd.pick(blanks) : rnd.pick(names),
    });
  }
  for (let i = rnd.int(16, 24); i > 0; i--) {
    const at = to - 60 * day + Math.floor(rnd.next() * 55 * day);
    const service = rnd.chance(0.1) ? null : rnd.pick(services);
    activities.push({ id: `change-${n++}`, type: "change", date: when(at), service, major: rnd.chance(0.7) });
    if (rnd.chance(0.2)) {
      const after = at + rnd.int(-2, 45) * day + rnd.int(-12, 12) * 3600_000;
      activities.push({ id: `ctest-${n++}`, type: "continuity_test", date: when(after), service: rnd.chance(0.75) ? service : rnd.chance(0.1) ? null : rnd.pick(services) });
    }
  }
}
