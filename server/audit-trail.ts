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

/** What the genesis entry links back to: nothing. */
const noPrevious = "0".repeat(64);

/**
 * The first entry of every trail, written by migration 0006_audit_trail_genesis (its SQL holds these values and the
 * hash). The chain starts from it, so a trail emptied, or cut at its start, does not verify as intact.
 */
export const genesisEntry = {
  at: 0,
  actor: "assay",
  action: "audit_trail.genesis",
  entity: "audit_trail",
  entityId: null,
  before: null,
  after: null,
  prevHash: noPrevious,
  hash: "6f2ba16aacf4df26c0cc17d2d032ea92c4e69674b5cf38d667385e892149f99b",
} as const;

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
  // an empty trail has lost its genesis entry (verification says so); the chain still derives from the genesis hash
  const prevHash = last?.hash ?? genesisEntry.hash;
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

export type ChainCheck = { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number | null; reason: string };

const isGenesis = (row: typeof auditTrail.$inferSelect) =>
  row.at === genesisEntry.at &&
  row.actor === genesisEntry.actor &&
  row.action === genesisEntry.action &&
  row.entity === genesisEntry.entity &&
  row.entityId === genesisEntry.entityId &&
  row.before === genesisEntry.before &&
  row.after === genesisEntry.after &&
  row.prevHash === genesisEntry.prevHash &&
  row.hash === genesisEntry.hash;

/**
 * Walks the chain in pages from the genesis entry and names the first entry whose link or content does not match.
 * The entry after the genesis may also link to 64 zeros: trails begun before the genesis entry existed did, and the
 * migration put the genesis entry in front of them. That admits no forgery the chain did not already: an entry
 * rewritten to link to zeros changes its own hash, which the next entry's link (or the noted head hash) exposes.
 */
export async function verifyAuditTrail(db: DbOrTx): Promise<ChainCheck> {
  let prev: string = genesisEntry.hash;
  let lastId = -1;
  let entries = 0;
  for (;;) {
    const page = await db.select().from(auditTrail).where(gt(auditTrail.id, lastId)).orderBy(asc(auditTrail.id)).limit(5000);
    if (page.length === 0) {
      return entries === 0 ? { ok: false, entries, brokenAt: null, reason: "the trail is empty; its genesis entry is missing" } : { ok: true, entries };
    }
    for (const row of page) {
      entries++;
      if (entries === 1) {
        if (!isGenesis(row)) return { ok: false, entries, brokenAt: row.id, reason: "the first entry is not the genesis entry; the start of the trail was deleted or replaced" };
        lastId = row.id;
        continue;
      }
      const legacyLink = entries === 2 && row.prevHash === noPrevious;
      if (row.prevHash !== prev && !legacyLink) return { ok: false, entries, brokenAt: row.id, reason: "prev_hash does not match the previous entry" };
      const expected = entryHash(row.prevHash, row);
      if (row.hash !== expected) return { ok: false, entries, brokenAt: row.id, reason: "content does not match its hash" };
      prev = row.hash;
      lastId = row.id;
    }
  }
}
