// The tamper-evident audit trail: every change is recorded in the same transaction as the change,
// each entry chained to the previous one by SHA-256.
import { createHash } from "node:crypto";
import { asc, desc, gt } from "drizzle-orm";
import type { DbOrTx } from "./db/client.js";
import { auditTrail } from "./db/schema.js";

export interface ChangeRecord {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

export const genesisHash = "0".repeat(64);

function serialise(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function entryHash(prevHash: string, e: { at: number; actor: string; action: string; entity: string; entityId: string | null; before: string | null; after: string | null }): string {
  return createHash("sha256")
    .update(JSON.stringify([prevHash, e.at, e.actor, e.action, e.entity, e.entityId, e.before, e.after]))
    .digest("hex");
}

/** Appends one entry; call it inside the write transaction that makes the change. */
export async function recordChange(tx: DbOrTx, at: number, change: ChangeRecord): Promise<void> {
  const [last] = await tx.select({ hash: auditTrail.hash }).from(auditTrail).orderBy(desc(auditTrail.id)).limit(1);
  const prevHash = last?.hash ?? genesisHash;
  const row = {
    at,
    actor: change.actor,
    action: change.action,
    entity: change.entity,
    entityId: change.entityId === undefined || change.entityId === null ? null : String(change.entityId),
    before: serialise(change.before),
    after: serialise(change.after),
  };
  await tx.insert(auditTrail).values({ ...row, prevHash, hash: entryHash(prevHash, row) });
}

export type ChainCheck = { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

/** Walks the chain in pages and names the first entry whose link or content does not match. */
export async function verifyAuditTrail(db: DbOrTx): Promise<ChainCheck> {
  let prev = genesisHash;
  let lastId = 0;
  let entries = 0;
  for (;;) {
    const page = await db.select().from(auditTrail).where(gt(auditTrail.id, lastId)).orderBy(asc(auditTrail.id)).limit(5000);
    if (page.length === 0) return { ok: true, entries };
    for (const row of page) {
      entries++;
      if (row.prevHash !== prev) return { ok: false, entries, brokenAt: row.id, reason: "prev_hash does not match the previous entry" };
      const expected = entryHash(prev, row);
      if (row.hash !== expected) return { ok: false, entries, brokenAt: row.id, reason: "content does not match its hash" };
      prev = row.hash;
      lastId = row.id;
    }
  }
}
