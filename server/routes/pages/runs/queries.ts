// What the run pages read beyond the engine's verbs: evidence joined to the offending tickets (paged) and the
// findings a run raised or resolved.
import { and, asc, count, eq, or } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { activities, findings, runEvidence, runResults, services, tickets } from "../../../db/schema.js";

const evidencePageSize = 20;

/** The offending records of a result, in record order: ticket ids joined to their ticket and service (name and key). */
function evidenceRows(db: DbOrTx, runId: number, ruleId: string) {
  return db
    .select({
      recordId: runEvidence.recordId,
      ticketId: tickets.id,
      kind: tickets.kind,
      service: services.name,
      serviceKey: services.key,
      priority: tickets.priority,
      summary: tickets.summary,
      assignee: tickets.assignee,
      openedAt: tickets.openedAt,
      resolvedAt: tickets.resolvedAt,
      responseMinutes: tickets.responseMinutes,
      resolutionMinutes: tickets.resolutionMinutes,
      closureMinutes: tickets.closureMinutes,
      responseTarget: tickets.responseTarget,
      resolutionTarget: tickets.resolutionTarget,
      closureTarget: tickets.closureTarget,
      deletedAt: tickets.deletedAt,
      // an activity's own fields, when the offending record is an activity (an internal audit, a review, a change)
      activityType: activities.type,
      activityDate: activities.date,
      activityTitle: activities.title,
      auditor: activities.auditor,
      area: activities.area,
      areaOwner: activities.areaOwner,
      participants: activities.participants,
      inputs: activities.inputs,
      major: activities.major,
    })
    .from(runEvidence)
    .leftJoin(tickets, eq(tickets.id, runEvidence.recordId))
    .leftJoin(activities, eq(activities.id, runEvidence.recordId))
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .where(and(eq(runEvidence.runId, runId), eq(runEvidence.ruleId, ruleId)))
    .orderBy(asc(runEvidence.recordId));
}

/** One page of a result's offending records; ids that are not tickets (a service-month, an activity) come back alone. */
export async function evidencePage(db: DbOrTx, runId: number, ruleId: string, page: number) {
  const [{ total }] = await db
    .select({ total: count() })
    .from(runEvidence)
    .where(and(eq(runEvidence.runId, runId), eq(runEvidence.ruleId, ruleId)));
  const rows = await evidenceRows(db, runId, ruleId)
    .limit(evidencePageSize)
    .offset((page - 1) * evidencePageSize);
  return { total, pageSize: evidencePageSize, rows };
}

const evidenceChunk = 5_000;

/** Every offending record of a result, a chunk at a time (the CSV download: a run may list tens of thousands). */
export async function* allEvidence(db: DbOrTx, runId: number, ruleId: string) {
  for (let offset = 0; ; offset += evidenceChunk) {
    const rows = await evidenceRows(db, runId, ruleId).limit(evidenceChunk).offset(offset);
    yield rows;
    if (rows.length < evidenceChunk) return;
  }
}

export function findingsOfRun(db: DbOrTx, runId: number) {
  return db
    .select()
    .from(findings)
    .where(or(eq(findings.firstRunId, runId), eq(findings.lastRunId, runId), eq(findings.resolvedRunId, runId)))
    .orderBy(asc(findings.id));
}

