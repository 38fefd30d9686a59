// SLA policies: the built-in targets of the guide, per-service versions with effective dates, and the
// target a ticket is measured against (stored on the ticket at ingest so audits compare in SQL).
import { asc } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { slaPolicies, type SlaCalendar, type SlaTargets } from "../db/schema.js";
import { computeDeadlines, computeDurations, type Deadlines, type Durations, type TicketTimes } from "./elapsed-time.js";

const hour = 60;

/** G4.2.2 and G2.3 of the guide, in minutes. */
export const builtInTargets: SlaTargets = {
  incident: {
    urgent: { response: 1 * hour, resolution: 2 * hour },
    important: { response: 2 * hour, resolution: 4 * hour },
    general: { response: 24 * hour, resolution: 48 * hour },
  },
  request: { response: 24 * hour, urgent: 24 * hour, general: 48 * hour, complex: 72 * hour, feedback: 72 * hour },
};

export const builtInCalendar: SlaCalendar = { type: "24x7" };

export type Policy = typeof slaPolicies.$inferSelect;

export interface TicketTargets {
  response: number | null;
  resolution: number | null;
  closure: number | null;
}

export function targetsFor(targets: SlaTargets, kind: string, priority: string | null | undefined, complex: boolean): TicketTargets {
  if (kind === "incident") {
    const t = priority ? targets.incident[priority as "urgent"] : undefined;
    return { response: t?.response ?? null, resolution: t?.resolution ?? null, closure: null };
  }
  if (kind === "request") {
    const r = targets.request;
    const resolution = complex ? r.complex : priority === "urgent" ? r.urgent : priority === "important" || priority === "general" ? r.general : null;
    return { response: r.response, resolution, closure: r.feedback };
  }
  return { response: null, resolution: null, closure: null };
}

/** All policies, indexed so that the one in force for (service, instant) is found without a query. */
export class PolicyBook {
  constructor(private readonly policies: Policy[]) {}

  static async load(db: DbOrTx): Promise<PolicyBook> {
    return new PolicyBook(await db.select().from(slaPolicies).orderBy(asc(slaPolicies.effectiveFrom)));
  }

  /** The service's own policy in force at `at`, else the built-in one in force. */
  inForce(serviceId: number, at: number): Policy | undefined {
    let own: Policy | undefined;
    let builtIn: Policy | undefined;
    for (const p of this.policies) {
      if (p.effectiveFrom > at || (p.effectiveTo !== null && p.effectiveTo <= at)) continue;
      if (p.serviceId === serviceId) own = p;
      else if (p.serviceId === null) builtIn = p;
    }
    return own ?? builtIn;
  }

  all(): Policy[] {
    return this.policies;
  }
}

export async function seedBuiltInPolicy(db: DbOrTx, now: number) {
  const existing = await db.select({ id: slaPolicies.id }).from(slaPolicies).limit(1);
  if (existing.length) return;
  await db.insert(slaPolicies).values({
    serviceId: null,
    name: "Built-in (guide G4.2.2, G2.3)",
    version: 1,
    effectiveFrom: 0,
    effectiveTo: null,
    calendar: builtInCalendar,
    targets: builtInTargets,
    createdAt: now,
  });
}

export interface SlaColumns extends Durations, Deadlines {
  responseTarget: number | null;
  resolutionTarget: number | null;
  closureTarget: number | null;
  policyId: number | null;
}

/** A ticket's stored SLA columns under the policy in force when it was opened: durations, targets and their deadlines. */
export function slaColumns(policy: Policy | undefined, t: TicketTimes & { kind: string; priority: string | null; complex: boolean }): SlaColumns {
  const calendar = policy ? policy.calendar : builtInCalendar;
  const targets = policy ? targetsFor(policy.targets, t.kind, t.priority, t.complex) : { response: null, resolution: null, closure: null };
  const d = computeDurations(calendar, t);
  const dl = computeDeadlines(calendar, t.openedAt, targets);
  // one literal, no spreads: ingest calls this per ticket, and spreads cost more than the arithmetic (test/bench)
  return {
    responseMinutes: d.responseMinutes,
    resolutionMinutes: d.resolutionMinutes,
    closureMinutes: d.closureMinutes,
    responseTarget: targets.response,
    resolutionTarget: targets.resolution,
    closureTarget: targets.closure,
    responseDeadline: dl.responseDeadline,
    resolutionDeadline: dl.resolutionDeadline,
    closureDeadline: dl.closureDeadline,
    policyId: policy?.id ?? null,
  };
}
