// One ticket as the audit sees it: its stored fields, the values derived at ingest (durations, targets, policy,
// calendar), its standing on every SLA rule of the built-in rulebook (judged by the engine's own SQL), and its
// version history (every earlier image, which change wrote it and which fields changed). Also the paged list.
import { and, asc, eq, gt, gte, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../server/db/client.js";
import { dataChanges, services, slaPolicies, ticketHistory, tickets } from "../server/db/schema.js";
import { ticketPageMax } from "../server/contract/index.js";
import { AppError } from "../server/errors.js";
import { slaClass, slaPopulation, breachedUnit, pendingUnit } from "./evaluators/ticket-conditions.js";
import { iso } from "./period.js";
import { iso20000Support } from "./rulebooks/iso20000-support.js";

/** What a stored image of a ticket holds, current (tickets) or earlier (ticket_history). */
type Image = Pick<
  typeof ticketHistory.$inferSelect,
  "kind" | "priority" | "complex" | "category" | "summary" | "assignee" | "resolution" | "channel" | "openedAt" | "firstResponseAt" | "resolvedAt" | "closedAt" | "onHoldMinutes" | "satisfaction"
  | "problemId" | "rootCause" | "majorIncident"
>;

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** The contract's fields of a stored image (service as its key). */
function contractFields(t: Image, serviceKey: string) {
  return {
    kind: t.kind,
    service: serviceKey,
    priority: t.priority,
    complex: t.complex,
    category: t.category,
    summary: t.summary,
    assignee: t.assignee,
    resolution: t.resolution,
    channel: t.channel,
    opened_at: iso(t.openedAt),
    first_response_at: isoOrNull(t.firstResponseAt),
    resolved_at: isoOrNull(t.resolvedAt),
    closed_at: isoOrNull(t.closedAt),
    on_hold_minutes: t.onHoldMinutes,
    satisfaction: t.satisfaction,
    problem_id: t.problemId,
    root_cause: t.rootCause,
    major_incident: t.majorIncident,
  };
}

/** Most linked tickets a problem's record lists (all count for PROBLEM-RECORDS). */
const linkedListed = 200;

/** The tickets (not deleted) whose problem_id names this one, by id: a problem's linked incidents and requests. */
async function linkedTickets(db: DbOrTx, id: string) {
  const rows = await db
    .select({ id: tickets.id, kind: tickets.kind })
    .from(tickets)
    .where(and(eq(tickets.problemId, id), isNull(tickets.deletedAt)))
    .orderBy(asc(tickets.id))
    .limit(linkedListed + 1);
  return { tickets: rows.slice(0, linkedListed), more: rows.length > linkedListed };
}

export type SlaStanding = "met" | "breached" | "pending";

/** The ticket's standing on each built-in SLA rule whose population holds it, at `asOf`, by the engine's SQL. */
async function slaStandings(db: DbOrTx, id: string, asOf: number): Promise<{ rule_id: string; measure: string; standing: SlaStanding | "no_target" }[]> {
  const rules = iso20000Support.rules.filter((r) => r.kind === "sla_attainment");
  const columns = rules.map(
    (r, i) => sql`(CASE WHEN ${slaPopulation(r.params, { kind: sql`${tickets.kind}`, priority: sql`${tickets.priority}`, complex: sql`${tickets.complex}` })} THEN ${slaClass(r.params.measure, asOf)} END) AS ${sql.raw(`r${i}`)}`,
  );
  const [row] = await db.all<Record<string, number | null>>(sql`SELECT ${sql.join(columns, sql`, `)} FROM ${tickets} WHERE ${tickets.id} = ${id}`);
  const out: { rule_id: string; measure: string; standing: SlaStanding | "no_target" }[] = [];
  rules.forEach((r, i) => {
    const v = row?.[`r${i}`];
    if (v === null || v === undefined) return;
    const standing = v === 0 ? "no_target" : v === 1 ? "met" : v === breachedUnit ? "breached" : v === pendingUnit ? "pending" : "no_target";
    out.push({ rule_id: r.id, measure: r.kind === "sla_attainment" ? r.params.measure : "", standing });
  });
  return out;
}

/** GET /api/v1/tickets/:id: the ticket, its derived values, its SLA standings at `asOf` (now), and its history. */
export async function getTicketRecord(db: DbOrTx, id: string, asOf: number) {
  const [row] = await db
    .select({ t: tickets, service: services.key })
    .from(tickets)
    .innerJoin(services, eq(services.id, tickets.serviceId))
    .where(eq(tickets.id, id));
  if (!row) throw AppError.notFound(`ticket ${id}`);
  const t = row.t;
  const [policy] = t.policyId === null ? [] : await db.select().from(slaPolicies).where(eq(slaPolicies.id, t.policyId));
  const earlier = await db
    .select({ h: ticketHistory, service: services.key, change: dataChanges })
    .from(ticketHistory)
    .innerJoin(services, eq(services.id, ticketHistory.serviceId))
    .leftJoin(dataChanges, eq(dataChanges.id, ticketHistory.revision))
    .where(eq(ticketHistory.ticketId, id))
    .orderBy(asc(ticketHistory.revision));
  const [currentChange] = t.revision ? await db.select().from(dataChanges).where(eq(dataChanges.id, t.revision)) : [];
  const changeJson = (c: typeof dataChanges.$inferSelect | null | undefined, fallbackAt: number) =>
    c ? { revision: c.id, at: iso(c.at), kind: c.kind, actor: c.actor, source: c.source, batch_id: c.batchId, reason: c.reason } : { revision: 0, at: iso(fallbackAt), kind: "ingest", actor: null, source: null, batch_id: null, reason: null };
  // version i was written by its change; the fields it changed are those its predecessor's image records
  const versions = [
    ...earlier.map((e, i) => ({ ...changeJson(e.change, e.h.updatedAt), changed: i === 0 ? null : earlier[i - 1].h.changed, deleted: e.h.deletedAt !== null, ticket: contractFields(e.h, e.service) })),
    {
      ...changeJson(currentChange, t.updatedAt),
      changed: earlier.length ? earlier[earlier.length - 1].h.changed : null,
      deleted: t.deletedAt !== null,
      ticket: contractFields(t, row.service),
    },
  ];
  return {
    id: t.id,
    ...contractFields(t, row.service),
    deleted_at: isoOrNull(t.deletedAt),
    delete_reason: t.deleteReason,
    revision: t.revision,
    derived: {
      response_minutes: t.responseMinutes,
      resolution_minutes: t.resolutionMinutes,
      closure_minutes: t.closureMinutes,
      on_hold_minutes: t.onHoldMinutes,
      targets: { response: t.responseTarget, resolution: t.resolutionTarget, closure: t.closureTarget },
      /** the last instant each measure is still within its target (business time under a business calendar) */
      deadlines: { response: isoOrNull(t.responseDeadline), resolution: isoOrNull(t.resolutionDeadline), closure: isoOrNull(t.closureDeadline) },
      record_complete: t.recordComplete,
      policy: policy ? { id: policy.id, name: policy.name, version: policy.version, service_specific: policy.serviceId !== null } : null,
      calendar: policy?.calendar ?? null,
    },
    sla: { as_of: iso(asOf), rules: await slaStandings(db, id, asOf) },
    /** the tickets linked to this one as their problem record (any kind may be named; problems normally are) */
    linked: await linkedTickets(db, id),
    history: versions,
  };
}

/** GET /api/v1/tickets?service=&since=&after=&limit=: tickets by id, paged with `after` (the last id seen). */
export async function listTickets(db: DbOrTx, opts: { service?: string; since?: number; after?: string; limit?: number }) {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), ticketPageMax);
  const rows = await db
    .select({ t: tickets, service: services.key })
    .from(tickets)
    .innerJoin(services, eq(services.id, tickets.serviceId))
    .where(
      and(
        opts.service === undefined ? undefined : eq(services.key, opts.service),
        opts.since === undefined ? undefined : gte(tickets.updatedAt, opts.since),
        opts.after === undefined ? undefined : gt(tickets.id, opts.after),
      ),
    )
    .orderBy(asc(tickets.id))
    .limit(limit);
  const items = rows.map((r) => ({ id: r.t.id, ...contractFields(r.t, r.service), deleted_at: isoOrNull(r.t.deletedAt), revision: r.t.revision, updated_at: iso(r.t.updatedAt) }));
  return { tickets: items, next_after: items.length === limit ? items[items.length - 1].id : null };
}
