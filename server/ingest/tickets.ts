// Ticket ingestion: upsert by id with derived durations and targets, rollup deltas, all inside the caller's transaction.
import { hash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { recordChange } from "../audit-trail.js";
import type { Db, DbOrTx } from "../db/client.js";
import { dataChanges, ingestBatches, tickets } from "../db/schema.js";
import { comparedFields, keepTicketImages, noteChangedFields, openDataChange } from "./data-changes.js";
import { parseInstant, type BatchResult, type TicketInput } from "../contract/index.js";
import { AppError } from "../errors.js";
import { jsonRowsStatement, type SqlValue } from "./bulk-sql.js";
import { ImportIds } from "./duplicates.js";
import { isCompleteRecord } from "./record-completeness.js";
import { RollupDelta, sameRollupContribution, type RollupTicket } from "./rollups.js";
import { ensureServices } from "./services.js";
import { describe, ticketIssues } from "./validate.js";
import { PolicyBook, slaColumns } from "./sla-policies.js";
import type { TimeZone } from "../time-zones.js";
import { rollupZone } from "./rollup-zone.js";
import { yieldToEventLoop } from "../event-loop.js";

type TicketRow = typeof tickets.$inferInsert;

const toMs = (v: string | null | undefined) => (v === null || v === undefined ? null : parseInstant(v));

interface Instants {
  openedAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
}

/**
 * 48 bits of SHA-1 over the stored fields: equal input gives an equal hash, so a repeated batch changes nothing.
 * The problem links (problem_id, root_cause, major_incident) join the hashed list only when one is set, so a ticket
 * without them keeps the hash it had before they existed (a re-post after the upgrade is still "unchanged").
 */
function contentHash(t: TicketInput, at: Instants): number {
  const fields: unknown[] = [
    t.id, t.kind, t.service, t.priority ?? null, t.complex ?? false, t.category ?? null, t.summary ?? null, t.assignee ?? null,
    t.resolution ?? null, t.channel ?? null, at.openedAt, at.firstResponseAt, at.resolvedAt, at.closedAt,
    t.on_hold_minutes ?? null, t.satisfaction ?? null,
  ];
  const problemId = t.problem_id ?? null, rootCause = t.root_cause ?? null, major = t.major_incident ?? false;
  if (problemId !== null || rootCause !== null || major) fields.push(problemId, rootCause, major);
  const canonical = JSON.stringify(fields);
  return parseInt(hash("sha1", canonical, "hex").slice(0, 12), 16);
}

/** Builds the stored row: UTC instants, durations under the policy's calendar, the policy's targets and their deadlines, completeness. */
export function toTicketRow(t: TicketInput, serviceId: number, policies: PolicyBook, now: number): TicketRow & RollupTicket {
  const openedAt = toMs(t.opened_at)!;
  const times = {
    openedAt,
    firstResponseAt: toMs(t.first_response_at),
    resolvedAt: toMs(t.resolved_at),
    closedAt: toMs(t.closed_at),
    onHoldMinutes: t.on_hold_minutes ?? null,
  };
  const complex = t.kind === "request" && (t.complex ?? false);
  const sla = slaColumns(policies.inForce(serviceId, openedAt), {
    openedAt,
    firstResponseAt: times.firstResponseAt,
    resolvedAt: times.resolvedAt,
    closedAt: times.closedAt,
    onHoldMinutes: times.onHoldMinutes,
    kind: t.kind,
    priority: t.priority ?? null,
    complex,
  });
  // one literal with every field, deletedAt included: rows share one shape, which keeps the hot loops monomorphic
  return {
    id: t.id,
    kind: t.kind,
    serviceId,
    priority: t.priority ?? null,
    complex,
    category: t.category ?? null,
    summary: t.summary ?? null,
    assignee: t.assignee ?? null,
    resolution: t.resolution ?? null,
    channel: t.channel ?? null,
    openedAt,
    firstResponseAt: times.firstResponseAt,
    resolvedAt: times.resolvedAt,
    closedAt: times.closedAt,
    onHoldMinutes: times.onHoldMinutes,
    satisfaction: t.satisfaction ?? null,
    responseMinutes: sla.responseMinutes,
    resolutionMinutes: sla.resolutionMinutes,
    closureMinutes: sla.closureMinutes,
    responseTarget: sla.responseTarget,
    resolutionTarget: sla.resolutionTarget,
    closureTarget: sla.closureTarget,
    responseDeadline: sla.responseDeadline,
    resolutionDeadline: sla.resolutionDeadline,
    closureDeadline: sla.closureDeadline,
    recordComplete: isCompleteRecord({
      id: t.id, summary: t.summary ?? null, category: t.category ?? null, priority: t.priority ?? null, assignee: t.assignee ?? null,
      resolvedAt: times.resolvedAt, resolution: t.resolution ?? null,
    }),
    policyId: sla.policyId,
    contentHash: contentHash(t, times),
    deletedAt: null,
    ingestedAt: now,
    updatedAt: now,
    revision: 0,
    problemId: t.problem_id ?? null,
    rootCause: t.root_cause ?? null,
    majorIncident: t.major_incident ?? false,
  };
}

/**
 * The stored ticket as the rollups, the unchanged-content check and the choice of update statement read it
 * (problemId and majorIncident: columns an index of `tickets` reads, see indexedColumns).
 */
type StoredTicket = RollupTicket & { id: string; contentHash: number; problemId: string | null; majorIncident: number };
/** A stored ticket with every compared field (data-changes.ts comparedFields), to name what an update changes. */
type StoredImage = StoredTicket & {
  complex: number; summary: string | null; assignee: string | null; resolution: string | null; channel: string | null;
  firstResponseAt: number | null; closedAt: number | null; onHoldMinutes: number | null; closureMinutes: number | null;
  closureTarget: number | null; policyId: number | null; rootCause: string | null;
};

const storedColumns = sql`id, service_id AS serviceId, kind, priority, category, opened_at AS openedAt, resolved_at AS resolvedAt,
  satisfaction, response_minutes AS responseMinutes, resolution_minutes AS resolutionMinutes, response_target AS responseTarget,
  resolution_target AS resolutionTarget, deleted_at AS deletedAt, content_hash AS contentHash, problem_id AS problemId,
  major_incident AS majorIncident`;

/**
 * The stored tickets among `ids`, read as one JSON array per row: @libsql/client builds an object per row with a
 * property per column, which cost ≈ 18 µs a row at these 14 columns, the largest part of a re-ingest's JavaScript.
 * The REAL columns travel as quote() text, which gives the double back exactly (JSON rounds it to 15 digits).
 */
export async function storedTickets(tx: DbOrTx, ids: string[]): Promise<StoredImage[]> {
  const rows = await tx.all<{ r: string }>(sql`SELECT json_array(id, service_id, kind, priority, category, opened_at, resolved_at, satisfaction,
      quote(response_minutes), quote(resolution_minutes), quote(response_target), quote(resolution_target), deleted_at, content_hash,
      problem_id, major_incident, complex, summary, assignee, resolution, channel, first_response_at, closed_at, quote(on_hold_minutes),
      quote(closure_minutes), quote(closure_target), policy_id, root_cause) AS r
    FROM tickets WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  const real = (q: string) => (q === "NULL" ? null : Number(q));
  return rows.map(({ r }) => {
    const [
      id, serviceId, kind, priority, category, openedAt, resolvedAt, satisfaction, responseMinutes, resolutionMinutes, responseTarget, resolutionTarget, deletedAt, contentHash,
      problemId, majorIncident, complex, summary, assignee, resolution, channel, firstResponseAt, closedAt, onHoldMinutes, closureMinutes, closureTarget, policyId, rootCause,
    ] = JSON.parse(r) as [
      string, number, string, string | null, string | null, number, number | null, number | null, string, string, string, string, number | null, number,
      string | null, number, number, string | null, string | null, string | null, string | null, number | null, number | null, string, string, string, number | null, string | null,
    ];
    return {
      id,
      serviceId,
      kind,
      priority,
      category,
      openedAt,
      resolvedAt,
      satisfaction,
      responseMinutes: real(responseMinutes),
      resolutionMinutes: real(resolutionMinutes),
      responseTarget: real(responseTarget),
      resolutionTarget: real(resolutionTarget),
      deletedAt,
      contentHash,
      problemId,
      majorIncident,
      complex,
      summary,
      assignee,
      resolution,
      channel,
      firstResponseAt,
      closedAt,
      onHoldMinutes: real(onHoldMinutes),
      closureMinutes: real(closureMinutes),
      closureTarget: real(closureTarget),
      policyId,
      rootCause,
    };
  });
}

/** Insert order of the bulk upsert: [column, field of the row]. deleted_at and delete_reason are never written by ingest. */
export const insertColumns = [
  ["id", "id"], ["kind", "kind"], ["service_id", "serviceId"], ["priority", "priority"], ["complex", "complex"], ["category", "category"],
  ["summary", "summary"], ["assignee", "assignee"], ["resolution", "resolution"], ["channel", "channel"], ["opened_at", "openedAt"],
  ["first_response_at", "firstResponseAt"], ["resolved_at", "resolvedAt"], ["closed_at", "closedAt"], ["on_hold_minutes", "onHoldMinutes"],
  ["satisfaction", "satisfaction"], ["response_minutes", "responseMinutes"], ["resolution_minutes", "resolutionMinutes"],
  ["closure_minutes", "closureMinutes"], ["response_target", "responseTarget"], ["resolution_target", "resolutionTarget"],
  ["closure_target", "closureTarget"], ["response_deadline", "responseDeadline"], ["resolution_deadline", "resolutionDeadline"],
  ["closure_deadline", "closureDeadline"], ["record_complete", "recordComplete"], ["policy_id", "policyId"], ["content_hash", "contentHash"],
  ["ingested_at", "ingestedAt"], ["updated_at", "updatedAt"], ["revision", "revision"],
  ["problem_id", "problemId"], ["root_cause", "rootCause"], ["major_incident", "majorIncident"],
] as const satisfies readonly (readonly [string, keyof TicketRow])[];

/** Everything but id and ingested_at is replaced on conflict: the first ingest time stays, a soft delete stays. */
const upsertHead = `INSERT INTO tickets (${insertColumns.map(([c]) => c).join(", ")})`;
const upsertTail = `ON CONFLICT (id) DO UPDATE SET ${insertColumns
  .filter(([c]) => c !== "id" && c !== "ingested_at")
  .map(([c]) => `${c} = excluded.${c}`)
  .join(", ")}`;

/** REAL columns: jsonRowsStatement makes SQLite store the very doubles computed here. */
const realColumns = new Set(
  ["on_hold_minutes", "response_minutes", "resolution_minutes", "closure_minutes", "response_target", "resolution_target", "closure_target"].map((c) =>
    insertColumns.findIndex(([name]) => name === c),
  ),
);

/** comparedFields as [name, field of the stored image and of the new row]; a compared column without a field here throws at load. */
const comparedRowFields = comparedFields.map(([name, column]): [string, keyof StoredImage & keyof (TicketRow & { deletedAt: unknown })] => {
  const field = column === "deleted_at" ? "deletedAt" : insertColumns.find(([c]) => c === column)?.[1];
  if (field === undefined) throw new Error(`compared column ${column} has no field`);
  return [name, field as keyof StoredImage & keyof TicketRow];
});
const comparable = (v: unknown) => (v === undefined ? null : typeof v === "boolean" ? (v ? 1 : 0) : v);

/** The names of the fields the new row changes, as noteChangedFields would name them (IS NOT of the stored values). */
function changedFields(old: StoredImage, row: TicketRow): string[] {
  const out: string[] = [];
  for (const [name, field] of comparedRowFields) if (comparable(old[field]) !== comparable(row[field])) out.push(name);
  return out;
}

/**
 * Every column an index of `tickets` reads, in its key or its WHERE (schema.ts; a test holds this list to the
 * indexes of a migrated database). SQLite rewrites an index on UPDATE whenever its SET names one of the index's
 * columns, unchanged value or not: at a million tickets that was ≈ 8 µs of a 20 µs update (seven indexes).
 */
export const indexedColumns = ["kind", "service_id", "opened_at", "resolved_at", "satisfaction", "deleted_at", "problem_id", "major_incident"] as const;

/** The columns an update whose indexed columns are all unchanged writes: those of the upsert's SET that no index reads. */
export const narrowColumns = insertColumns.filter(([c]) => c !== "id" && c !== "ingested_at" && !(indexedColumns as readonly string[]).includes(c));
const narrowUpdate = {
  head: `WITH v(${narrowColumns.map(([c]) => c).join(", ")}, id) AS (`,
  tail: `) UPDATE tickets SET ${narrowColumns.map(([c]) => `${c} = v.${c}`).join(", ")} FROM v WHERE tickets.id = v.id`,
  single: `UPDATE tickets SET ${narrowColumns.map(([c]) => `${c} = ?`).join(", ")} WHERE id = ?`,
  reals: new Set(narrowColumns.flatMap(([c], i) => (realColumns.has(insertColumns.findIndex(([name]) => name === c)) ? [i] : []))),
};

/** The narrow update's statement over `rows` (narrowValues); exported for tests. */
export const narrowUpdateStatement = (rows: readonly (readonly SqlValue[])[]) =>
  jsonRowsStatement(narrowUpdate.head, narrowColumns.length + 1, rows, narrowUpdate.tail, narrowUpdate.reals, narrowUpdate.single);

/** Whether the new image leaves every indexed column of the stored ticket as it is (deleted_at: ingest never writes it). */
function sameIndexedColumns(old: StoredTicket, row: TicketRow): boolean {
  return (
    old.kind === row.kind && old.serviceId === row.serviceId && old.openedAt === row.openedAt && old.resolvedAt === (row.resolvedAt ?? null) &&
    old.satisfaction === (row.satisfaction ?? null) && old.problemId === (row.problemId ?? null) && old.majorIncident === (row.majorIncident ? 1 : 0)
  );
}

function narrowValues(row: TicketRow): SqlValue[] {
  const out: SqlValue[] = new Array(narrowColumns.length + 1);
  for (let i = 0; i < narrowColumns.length; i++) {
    const v = row[narrowColumns[i][1]];
    out[i] = v === undefined ? null : typeof v === "boolean" ? (v ? 1 : 0) : (v as SqlValue);
  }
  out[narrowColumns.length] = row.id;
  return out;
}

function insertValues(row: TicketRow): SqlValue[] {
  const out: SqlValue[] = new Array(insertColumns.length);
  for (let i = 0; i < insertColumns.length; i++) {
    const v = row[insertColumns[i][1]];
    out[i] = v === undefined ? null : typeof v === "boolean" ? (v ? 1 : 0) : (v as SqlValue);
  }
  return out;
}

/** Per-import state reused across chunks: policies, the service-key cache and the ids written so far. */
export class TicketWriter {
  private readonly serviceIds = new Map<string, number>();
  private readonly ids = new ImportIds("tickets");
  readonly delta: RollupDelta;
  inserted = 0;
  updated = 0;
  received = 0;

  /**
   * @param revision the data change this import belongs to: the rows it writes carry it, and the images they
   * replace are kept in ticket_history first (see data-changes.ts)
   */
  constructor(private readonly policies: PolicyBook, private readonly now: number, readonly revision: number, zone: TimeZone) {
    this.delta = new RollupDelta(zone);
  }

  static async create(tx: DbOrTx, now: number, change: { actor: string; source: string }) {
    const revision = await openDataChange(tx, now, { actor: change.actor, kind: "ingest", source: change.source });
    return new TicketWriter(await PolicyBook.load(tx), now, revision, await rollupZone(tx));
  }

  /**
   * Upserts one chunk (up to a 10,000-item batch); a ticket whose content is unchanged is not written. An id given
   * twice in the import, in this chunk or an earlier one, refuses it (tickets.N.id, naming the first position).
   */
  async write(tx: DbOrTx, items: TicketInput[]) {
    await this.ids.check(tx, items.map((t) => t.id), this.received);
    this.received += items.length;
    const latest = new Map<string, TicketInput>();
    for (const t of items) latest.set(t.id, t);
    const missingKeys = new Set<string>();
    for (const t of latest.values()) if (!this.serviceIds.has(t.service)) missingKeys.add(t.service);
    if (missingKeys.size) for (const [k, id] of await ensureServices(tx, missingKeys)) this.serviceIds.set(k, id);

    // one lookup for the whole chunk: the ids travel as one JSON parameter, not one parameter each
    const existing = new Map<string, StoredImage>();
    for (const r of await storedTickets(tx, [...latest.keys()])) existing.set(r.id, r);
    await yieldToEventLoop();

    const values: SqlValue[][] = [];
    // updates that leave every indexed column as it was: written by a narrower statement that touches no index
    const narrow: SqlValue[][] = [];
    const replaced: string[] = [];
    const changed: string[][] = [];
    let done = 0;
    for (const t of latest.values()) {
      if (++done % yieldEvery === 0) await yieldToEventLoop();
      const row = toTicketRow(t, this.serviceIds.get(t.service)!, this.policies, this.now);
      row.revision = this.revision;
      const old = existing.get(t.id);
      if (old && old.contentHash === row.contentHash) continue;
      if (old) {
        replaced.push(t.id);
        this.updated++;
        row.deletedAt = old.deletedAt; // an update keeps a soft delete (the upsert does not write deleted_at)
        changed.push(changedFields(old, row));
        // a change of summary or assignee moves no rollup: its -1 and +1 would cancel out
        if (!sameRollupContribution(old, row)) {
          this.delta.add(old, -1);
          this.delta.add(row, 1);
        }
        if (sameIndexedColumns(old, row)) narrow.push(narrowValues(row));
        else values.push(insertValues(row));
      } else {
        this.inserted++;
        this.delta.add(row, 1);
        values.push(insertValues(row));
      }
    }
    // the before-images first: every change to a stored ticket keeps what it replaced
    await keepTicketImages(tx, this.revision, replaced, changed);
    // in statements of yieldEvery rows, the event loop answering between them (pages, other requests): the
    // transaction stays open, so no reader sees part of the batch
    for (let i = 0; i < values.length; i += yieldEvery) {
      if (i > 0) await yieldToEventLoop();
      await tx.run(jsonRowsStatement(upsertHead, insertColumns.length, values.slice(i, i + yieldEvery), upsertTail, realColumns, true));
    }
    for (let i = 0; i < narrow.length; i += yieldEvery) {
      if (i > 0 || values.length > 0) await yieldToEventLoop();
      await tx.run(narrowUpdateStatement(narrow.slice(i, i + yieldEvery)));
    }
    if (this.delta.size > 20_000) await this.delta.apply(tx);
  }

  async finish(tx: DbOrTx): Promise<BatchResult> {
    await this.delta.apply(tx);
    // the before-images were written with the fields each change altered (keepTicketImages): no noteChangedFields
    await this.ids.finish(tx);
    return { received: this.received, inserted: this.inserted, updated: this.updated };
  }
}

/**
 * Tickets a batch derives and writes between two turns of the event loop: the SQL of an embedded database runs on
 * the main thread, and a 10,000-ticket batch in one piece held every page waiting for about half a second.
 */
export const yieldEvery = 1_000;

/** A JSON batch, its fields validated already: checked against now, then written in one transaction with its ingest record and audit-trail entry. */
export async function ingestTicketBatch(db: Db, now: number, actor: string, items: TicketInput[], source = "api"): Promise<BatchResult> {
  const issues = items.flatMap((t, i) => ticketIssues(t, now, ["tickets", i]));
  if (issues.length) throw AppError.invalid(`batch rejected: ${describe(issues)}; nothing was written`, issues.slice(0, 200));
  return db.transaction(async (tx) => {
    const writer = await TicketWriter.create(tx, now, { actor, source });
    await writer.write(tx, items);
    const result = await writer.finish(tx);
    await recordBatch(tx, now, actor, "tickets", source, result, writer.revision);
    return result;
  });
}

/** The batch's record and audit-trail entry; `revision` links the batch to the data change that wrote its rows. */
export async function recordBatch(tx: DbOrTx, now: number, actor: string, entity: "tickets" | "metrics" | "activities", source: string, result: BatchResult, revision?: number) {
  const [batch] = await tx
    .insert(ingestBatches)
    .values({ entity, source, status: "completed", ...result, actor, startedAt: now, finishedAt: now })
    .returning({ id: ingestBatches.id });
  if (revision !== undefined) await tx.update(dataChanges).set({ batchId: batch.id }).where(eq(dataChanges.id, revision));
  await recordChange(tx, now, { actor, action: `${entity}.upsert`, entity: "ingest_batch", entityId: batch.id, after: { source, ...result, ...(revision !== undefined ? { revision } : {}) } });
}

/** Soft delete with a reason: the record stays for the retention rule and the audit trail. */
export async function softDeleteTicket(db: Db, now: number, actor: string, id: string, reason: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx.all<StoredTicket>(sql`SELECT ${storedColumns} FROM tickets WHERE id = ${id} AND deleted_at IS NULL`);
    if (!row) throw AppError.notFound(`ticket ${id}`);
    const revision = await openDataChange(tx, now, { actor, kind: "delete", reason });
    await keepTicketImages(tx, revision, [id]);
    await tx.update(tickets).set({ deletedAt: now, deleteReason: reason, updatedAt: now, revision }).where(eq(tickets.id, id));
    await noteChangedFields(tx, revision);
    const delta = new RollupDelta(await rollupZone(tx));
    delta.add(row, -1);
    await delta.apply(tx);
    await recordChange(tx, now, { actor, action: "ticket.delete", entity: "ticket", entityId: id, before: { deletedAt: null }, after: { deletedAt: now, reason } });
    return { id, deleted_at: new Date(now).toISOString(), reason };
  });
}
