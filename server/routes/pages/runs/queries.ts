// What the run pages read beyond the engine's verbs: evidence joined to the offending tickets (paged) and the
// findings a run raised or resolved.
import { and, asc, count, eq, or } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { findings, runEvidence, runResults, services, tickets } from "../../../db/schema.js";

const evidencePageSize = 20;

/** One page of a result's offending records; ids that are not tickets (a service-month, an activity) come back alone. */
export async function evidencePage(db: DbOrTx, runId: number, ruleId: string, page: number) {
  const where = and(eq(runEvidence.runId, runId), eq(runEvidence.ruleId, ruleId));
  const [{ total }] = await db.select({ total: count() }).from(runEvidence).where(where);
  const rows = await db
    .select({
      recordId: runEvidence.recordId,
      ticketId: tickets.id,
      kind: tickets.kind,
      service: services.key,
      priority: tickets.priority,
      summary: tickets.summary,
      assignee: tickets.assignee,
      openedAt: tickets.openedAt,
      resolvedAt: tickets.resolvedAt,
      responseMinutes: tickets.responseMinutes,
      resolutionMinutes: tickets.resolutionMinutes,
      deletedAt: tickets.deletedAt,
    })
    .from(runEvidence)
    .leftJoin(tickets, eq(tickets.id, runEvidence.recordId))
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .where(where)
    .orderBy(asc(runEvidence.recordId))
    .limit(evidencePageSize)
    .offset((page - 1) * evidencePageSize);
  return { total, pageSize: evidencePageSize, rows };
}

export function findingsOfRun(db: DbOrTx, runId: number) {
  return db
    .select()
    .from(findings)
    .where(or(eq(findings.firstRunId, runId), eq(findings.lastRunId, runId), eq(findings.resolvedRunId, runId)))
    .orderBy(asc(findings.id));
}

