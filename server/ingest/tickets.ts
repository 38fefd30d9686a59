// Ticket ingestion: upsert by id with derived durations and targets, rollup deltas, all inside the caller's transaction.
import { createHash } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { recordChange } from "../audit-trail.js";
import type { Db, DbOrTx } from "../db/client.js";
import { ingestBatches, tickets } from "../db/schema.js";
import { parseInstant, type BatchResult, type TicketInput } from "../contract.js";
import { AppError } from "../errors.js";
import { computeDurations } from "./durations.js";
import { RollupDelta, type RollupTicket } from "./rollups.js";
import { ensureServices } from "./services.js";
import { PolicyBook, targetsFor } from "./sla-policies.js";

type TicketRow = typeof tickets.$inferInsert;

const toMs = (v: string | null | undefined) => (v === null || v === undefined ? null : parseInstant(v));

/** 48 bits of SHA-1 over the stored fields: equal input gives an equal hash, so a repeated batch changes nothing. */
function contentHash(t: TicketInput): number {
  const canonical = JSON.stringify([
    t.id, t.kind, t.service, t.priority ?? null, t.complex ?? false, t.category ?? null, t.summary ?? null, t.assignee ?? null,
    t.resolution ?? null, t.channel ?? null, toMs(t.opened_at), toMs(t.first_response_at), toMs(t.resolved_at), toMs(t.closed_at),
    t.on_hold_minutes ?? null, t.satisfaction ?? null,
  ]);
  return parseInt(createHash("sha1").update(canonical).digest("hex").slice(0, 12), 16);
}

/** Builds the stored row: UTC instants, durations under the policy's calendar, the policy's targets. */
export function toTicketRow(t: TicketInput, serviceId: number, policies: PolicyBook, now: number): TicketRow {
  const openedAt = toMs(t.opened_at)!;
  const times = {
    openedAt,
    firstResponseAt: toMs(t.first_response_at),
    resolvedAt: toMs(t.resolved_at),
    closedAt: toMs(t.closed_at),
    onHoldMinutes: t.on_hold_minutes ?? null,
  };
  const policy = policies.inForce(serviceId, openedAt);
  const complex = t.kind === "request" && (t.complex ?? false);
  const durations = policy ? computeDurations(policy.calendar, times) : computeDurations({ type: "24x7" }, times);
  const targets = policy ? targetsFor(policy.targets, t.kind, t.priority, complex) : { response: null, resolution: null, closure: null };
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
    ...times,
    satisfaction: t.satisfaction ?? null,
    ...durations,
    responseTarget: targets.response,
    resolutionTarget: targets.resolution,
    closureTarget: targets.closure,
    policyId: policy?.id ?? null,
    contentHash: contentHash(t),
    ingestedAt: now,
    updatedAt: now,
  };
}

const rollupColumns = {
  id: tickets.id,
  serviceId: tickets.serviceId,
  kind: tickets.kind,
  priority: tickets.priority,
  category: tickets.category,
  openedAt: tickets.openedAt,
  resolvedAt: tickets.resolvedAt,
  satisfaction: tickets.satisfaction,
  responseMinutes: tickets.responseMinutes,
  resolutionMinutes: tickets.resolutionMinutes,
  responseTarget: tickets.responseTarget,
  resolutionTarget: tickets.resolutionTarget,
  deletedAt: tickets.deletedAt,
  contentHash: tickets.contentHash,
};

const updatable = [
  "kind", "service_id", "priority", "complex", "category", "summary", "assignee", "resolution", "channel", "opened_at",
  "first_response_at", "resolved_at", "closed_at", "on_hold_minutes", "satisfaction", "response_minutes", "resolution_minutes",
  "closure_minutes", "response_target", "resolution_target", "closure_target", "policy_id", "content_hash", "updated_at",
];

/** Per-import state reused across chunks: policies and the service-key cache. */
export class TicketWriter {
  private readonly serviceIds = new Map<string, number>();
  readonly delta = new RollupDelta();
  inserted = 0;
  updated = 0;
  received = 0;

  constructor(private readonly policies: PolicyBook, private readonly now: number) {}

  static async create(tx: DbOrTx, now: number) {
    return new TicketWriter(await PolicyBook.load(tx), now);
  }

  /** Upserts one chunk (at most a few thousand); a ticket whose content is unchanged is not written. */
  async write(tx: DbOrTx, items: TicketInput[]) {
    this.received += items.length;
    const latest = new Map<string, TicketInput>();
    for (const t of items) latest.set(t.id, t); // the last occurrence of an id in a batch wins
    const missingKeys = [...new Set([...latest.values()].map((t) => t.service))].filter((k) => !this.serviceIds.has(k));
    if (missingKeys.length) for (const [k, id] of await ensureServices(tx, missingKeys)) this.serviceIds.set(k, id);

    const ids = [...latest.keys()];
    const existing = new Map<string, RollupTicket & { contentHash: number }>();
    for (let i = 0; i < ids.length; i += 2000) {
      const rows = await tx.select(rollupColumns).from(tickets).where(inArray(tickets.id, ids.slice(i, i + 2000)));
      for (const r of rows) existing.set(r.id, r);
    }
    const rows: TicketRow[] = [];
    for (const t of latest.values()) {
      const row = toTicketRow(t, this.serviceIds.get(t.service)!, this.policies, this.now);
      const old = existing.get(t.id);
      if (old && old.contentHash === row.contentHash) continue;
      if (old) {
        this.updated++;
        this.delta.add(old, -1);
        this.delta.add({ ...(row as RollupTicket), deletedAt: old.deletedAt }, 1);
      } else {
        this.inserted++;
        this.delta.add({ ...(row as RollupTicket), deletedAt: null }, 1);
      }
      rows.push(row);
    }
    // 30 columns a row: 300 rows stay well under SQLite's bound-parameter limit
    for (let i = 0; i < rows.length; i += 300) {
      await tx
        .insert(tickets)
        .values(rows.slice(i, i + 300))
        .onConflictDoUpdate({
          target: tickets.id,
          set: Object.fromEntries(updatable.map((c) => [camel(c), sql.raw(`excluded.${c}`)])),
        });
    }
    if (this.delta.size > 20_000) await this.delta.apply(tx);
  }

  async finish(tx: DbOrTx): Promise<BatchResult> {
    await this.delta.apply(tx);
    return { received: this.received, inserted: this.inserted, updated: this.updated };
  }
}

function camel(column: string) {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A JSON batch: validated already; written in one transaction with its ingest record and audit-trail entry. */
export async function ingestTicketBatch(db: Db, now: number, actor: string, items: TicketInput[], source = "api"): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const writer = await TicketWriter.create(tx, now);
    await writer.write(tx, items);
    const result = await writer.finish(tx);
    await recordBatch(tx, now, actor, "tickets", source, result);
    return result;
  });
}

export async function recordBatch(tx: DbOrTx, now: number, actor: string, entity: "tickets" | "metrics" | "activities", source: string, result: BatchResult) {
  const [batch] = await tx
    .insert(ingestBatches)
    .values({ entity, source, status: "completed", ...result, actor, startedAt: now, finishedAt: now })
    .returning({ id: ingestBatches.id });
  await recordChange(tx, now, { actor, action: `${entity}.upsert`, entity: "ingest_batch", entityId: batch.id, after: { source, ...result } });
}

/** Soft delete with a reason: the record stays for the retention rule and the audit trail. */
export async function softDeleteTicket(db: Db, now: number, actor: string, id: string, reason: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select(rollupColumns).from(tickets).where(and(eq(tickets.id, id), isNull(tickets.deletedAt)));
    if (!row) throw AppError.notFound(`ticket ${id}`);
    await tx.update(tickets).set({ deletedAt: now, deleteReason: reason, updatedAt: now }).where(eq(tickets.id, id));
    const delta = new RollupDelta();
    delta.add(row, -1);
    await delta.apply(tx);
    await recordChange(tx, now, { actor, action: "ticket.delete", entity: "ticket", entityId: id, before: { deletedAt: null }, after: { deletedAt: now, reason } });
    return { id, deleted_at: new Date(now).toISOString(), reason };
  });
}
