// Connectors as records: create (admins), list with each one's latest sync, find by id or name, the sync log.
import { desc, eq, inArray } from "drizzle-orm";
import cron from "node-cron";
import { recordChange } from "../audit-trail.js";
import type { Ctx } from "../context.js";
import { connectorCreateSchema, connectorUpdateSchema, type ConnectorCreateInput } from "../contract/connectors.js";
import type { DbOrTx } from "../db/client.js";
import { connectors, connectorSyncs } from "../db/schema.js";
import { AppError, toIssues } from "../errors.js";
import { encryptToken } from "./token-cipher.js";

export type ConnectorRow = typeof connectors.$inferSelect;
export type ConnectorSyncRow = typeof connectorSyncs.$inferSelect;

export const defaultConnectorSchedule = "*/15 * * * *";

/** What the API answers for a connector: never the token, only whether one is stored. */
export function connectorView(c: ConnectorRow, lastSync: ConnectorSyncRow | null) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    url: c.url,
    queue: c.queue,
    service: c.service,
    token_env: c.tokenEnv,
    token_stored: c.tokenEncrypted !== null,
    mapping: c.mapping,
    schedule: c.schedule,
    cursor: c.cursor,
    last_sync: lastSync ? syncView(lastSync) : null,
  };
}

export function syncView(s: ConnectorSyncRow) {
  return {
    id: s.id,
    connector_id: s.connectorId,
    started_at: new Date(s.startedAt).toISOString(),
    finished_at: s.finishedAt === null ? null : new Date(s.finishedAt).toISOString(),
    status: s.status,
    tickets_read: s.ticketsRead,
    tickets_changed: s.ticketsChanged,
    error: s.error,
    actor: s.actor,
  };
}

function checkSchedule(schedule: string) {
  if (schedule.split(/\s+/).length !== 5 || !cron.validate(schedule)) {
    throw AppError.invalid("invalid connector: schedule is not a five-field cron expression", [{ path: "schedule", message: "not a five-field cron expression, e.g. */15 * * * *" }]);
  }
}

/** Creates a connector; `secretKey` is ASSAY_SECRET_KEY, needed only when the token itself is given. */
export async function createConnector({ ctx, input }: { ctx: Ctx; input: unknown }, secretKey = process.env.ASSAY_SECRET_KEY) {
  const parsed = connectorCreateSchema.safeParse(input);
  if (!parsed.success) throw AppError.invalid(`invalid connector: ${parsed.error.issues[0]?.message}`, toIssues(parsed.error.issues));
  const c: ConnectorCreateInput = parsed.data;
  const schedule = c.schedule ?? defaultConnectorSchedule;
  checkSchedule(schedule);
  const tokenEncrypted = c.token ? encryptToken(c.token, secretKey) : null;
  return ctx.db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: connectors.id }).from(connectors).where(eq(connectors.name, c.name));
    if (clash) throw new AppError("conflict", 409, `a connector named ${c.name} exists`, [{ path: "name", message: "already taken" }]);
    const [row] = await tx
      .insert(connectors)
      .values({
        name: c.name,
        kind: "rt",
        url: c.url,
        queue: c.queue,
        service: c.service ?? null,
        tokenEnv: c.token_env ?? null,
        tokenEncrypted,
        mapping: c.mapping ?? {},
        schedule,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    const view = connectorView(row, null);
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "connector.create", entity: "connector", entityId: row.id, after: view });
    return view;
  });
}

/** Changes a connector's settings (the cursor stays); the audit trail keeps before and after, never a token. */
export async function updateConnector({ ctx, input }: { ctx: Ctx; input: { id: number; changes: unknown } }, secretKey = process.env.ASSAY_SECRET_KEY) {
  const parsed = connectorUpdateSchema.safeParse(input.changes);
  if (!parsed.success) throw AppError.invalid(`invalid connector: ${parsed.error.issues[0]?.message}`, toIssues(parsed.error.issues));
  const c = parsed.data;
  if (c.schedule !== undefined) checkSchedule(c.schedule);
  const tokenEncrypted = c.token ? encryptToken(c.token, secretKey) : undefined;
  return ctx.db.transaction(async (tx) => {
    const old = await findConnector(tx, input.id);
    const set: Partial<typeof connectors.$inferInsert> = { updatedAt: ctx.now };
    if (c.url !== undefined) set.url = c.url;
    if (c.queue !== undefined) set.queue = c.queue;
    if (c.service !== undefined) set.service = c.service;
    if (c.mapping !== undefined) set.mapping = c.mapping;
    if (c.schedule !== undefined) set.schedule = c.schedule;
    if (c.token_env !== undefined) Object.assign(set, { tokenEnv: c.token_env, tokenEncrypted: null });
    if (tokenEncrypted !== undefined) Object.assign(set, { tokenEnv: null, tokenEncrypted });
    const [row] = await tx.update(connectors).set(set).where(eq(connectors.id, old.id)).returning();
    const before = connectorView(old, null);
    const after = connectorView(row, null);
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "connector.update", entity: "connector", entityId: row.id, before, after });
    return after;
  });
}

export async function findConnector(db: DbOrTx, ref: number | string): Promise<ConnectorRow> {
  const [row] = await db
    .select()
    .from(connectors)
    .where(typeof ref === "number" ? eq(connectors.id, ref) : eq(connectors.name, ref));
  if (!row) throw AppError.notFound(`connector ${ref}`);
  return row;
}

/** Every connector with its latest sync. */
export async function listConnectors(db: DbOrTx) {
  const rows = await db.select().from(connectors).orderBy(connectors.name);
  const latest = await latestSyncs(db, rows.map((r) => r.id));
  return rows.map((r) => connectorView(r, latest.get(r.id) ?? null));
}

async function latestSyncs(db: DbOrTx, ids: number[]) {
  const out = new Map<number, ConnectorSyncRow>();
  if (!ids.length) return out;
  const rows = await db.select().from(connectorSyncs).where(inArray(connectorSyncs.connectorId, ids)).orderBy(desc(connectorSyncs.id));
  for (const r of rows) if (!out.has(r.connectorId)) out.set(r.connectorId, r);
  return out;
}

/** The newest syncs first, across connectors (the Connectors page). */
export async function recentSyncs(db: DbOrTx, limit = 50) {
  return db.select().from(connectorSyncs).orderBy(desc(connectorSyncs.id)).limit(limit);
}
