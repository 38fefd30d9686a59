// One sync of a Request Tracker connector: read the tickets changed since the cursor (minus an overlap, since RT's
// LastUpdated has 1-second resolution), derive each from its history, then write them through the ingest path with
// the new cursor and the sync's record in ONE transaction. A failure writes nothing but the sync's failed record, and a
// process that dies mid-sync leaves the cursor where the data is: the next sync re-reads the same window.
import { enqueueIngestFailure } from "../../notifications/enqueue.js";
import { hostname } from "node:os";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../../context.js";
import { ticketSchema, type TicketInput } from "../../contract/tickets.js";
import type { DbOrTx } from "../../db/client.js";
import { connectors, connectorSyncs } from "../../db/schema.js";
import { AppError, toIssues, type Issue } from "../../errors.js";
import { recordBatch, TicketWriter } from "../../ingest/tickets.js";
import { describe, ticketIssues } from "../../ingest/validate.js";
import { findConnector, syncView, type ConnectorRow } from "../connectors.js";
import { decryptToken } from "../token-cipher.js";
import { RtClient, rtPageMax } from "./client.js";
import { rtInstant, ticketSqlDate, toContractTicket } from "./derive.js";
import { resolveMapping } from "./mapping.js";

/** How far before the cursor each sync looks again: RT's dates have 1-second resolution and clocks drift. */
export const overlapMs = 5 * 60_000;
/** A running sync older than this (or whose process on this host is gone) was left by a process that stopped: it is marked failed, and a new one may start. */
export const staleSyncMs = 15 * 60_000;
const chunk = 10_000;

/** Test seams: stop a sync mid-way as a crash would. */
export interface SyncHooks {
  /** after each search page is read */
  afterPage?: (page: number) => void | Promise<void>;
  /** inside the write transaction, after the tickets are written and before it commits */
  beforeCommit?: () => void | Promise<void>;
  /** page size of the ticket search (RT caps it at 100) */
  pageSize?: number;
  /** the environment the token variable is read from (default process.env) */
  env?: Record<string, string | undefined>;
}

function tokenOf(c: ConnectorRow, env: Record<string, string | undefined>): string {
  if (c.tokenEnv) {
    const value = env[c.tokenEnv];
    if (!value) throw new AppError("invalid", 400, `the environment variable ${c.tokenEnv} (the token of connector ${c.name}) is not set`);
    return value;
  }
  if (c.tokenEncrypted) return decryptToken(c.tokenEncrypted, env.ASSAY_SECRET_KEY);
  throw new AppError("invalid", 400, `connector ${c.name} has no token`);
}

/** TicketSQL string literal: RT takes backslash escapes inside single quotes. */
const quote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

export function searchQuery(queue: string, cursor: string | null): string {
  const queueClause = `Queue = ${quote(queue)}`;
  if (!cursor) return queueClause;
  const from = Date.parse(`${cursor.replace(" ", "T")}Z`) - overlapMs;
  return `${queueClause} AND LastUpdated >= '${ticketSqlDate(from)}'`;
}

const thisWorker = () => `${hostname()}:${process.pid}`;

/** A running sync's process is gone: it ran on this host and its pid is no more, or it started too long ago. */
function isAbandoned(sync: { worker: string | null; startedAt: number }, now: number): boolean {
  if (sync.startedAt < now - staleSyncMs) return true;
  const [host, pid] = (sync.worker ?? "").split(/:(?=\d+$)/);
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Starts a sync: abandoned running ones are closed as failed; a live one refuses a second (409). */
async function openSync(ctx: Ctx, connector: ConnectorRow): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const running = await tx
      .select({ id: connectorSyncs.id, worker: connectorSyncs.worker, startedAt: connectorSyncs.startedAt })
      .from(connectorSyncs)
      .where(and(eq(connectorSyncs.connectorId, connector.id), eq(connectorSyncs.status, "running")));
    for (const r of running) {
      if (!isAbandoned(r, ctx.now)) throw AppError.conflict(`a sync of connector ${connector.name} is running (sync ${r.id})`);
      await tx
        .update(connectorSyncs)
        .set({ status: "failed", finishedAt: ctx.now, error: "interrupted: the process stopped during the sync; nothing it read was written" })
        .where(eq(connectorSyncs.id, r.id));
    }
    const [row] = await tx
      .insert(connectorSyncs)
      .values({ connectorId: connector.id, startedAt: ctx.now, status: "running", actor: ctx.actor.name, worker: thisWorker() })
      .returning({ id: connectorSyncs.id });
    return row.id;
  });
}

interface Read {
  tickets: TicketInput[];
  /** the greatest LastUpdated read, TicketSQL form */
  cursor: string | null;
  issues: Issue[];
}

/** Reads the window, de-duplicated (a ticket updated during paging comes again on a later page: its latest reading wins). */
async function readChanged(ctx: Ctx, connector: ConnectorRow, hooks: SyncHooks): Promise<Read> {
  const client = new RtClient(connector.url, tokenOf(connector, hooks.env ?? process.env), Math.min(hooks.pageSize ?? rtPageMax, rtPageMax));
  const query = searchQuery(connector.queue, connector.cursor);
  const seen = new Map<string, number>();
  let newest = connector.cursor ? Date.parse(`${connector.cursor.replace(" ", "T")}Z`) : -Infinity;
  for (let page = 1; ; page++) {
    const { hits, pages } = await client.searchPage(query, page);
    for (const h of hits) {
      const at = Date.parse(rtInstant(h.LastUpdated) ?? "");
      seen.set(String(h.id), at);
      if (Number.isFinite(at) && at > newest) newest = at;
    }
    await hooks.afterPage?.(page);
    if (page >= pages || hits.length === 0) break;
  }
  const mapping = resolveMapping(connector.mapping);
  const service = connector.service ?? connector.queue;
  const tickets: TicketInput[] = [];
  const issues: Issue[] = [];
  for (const id of seen.keys()) {
    const [ticket, history] = await Promise.all([client.ticket(id), client.history(id)]);
    const raw = toContractTicket(ticket, history, { mapping, service, now: ctx.now });
    const path = [`${mapping.idPrefix}${id}`];
    const parsed = ticketSchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...toIssues(parsed.error.issues, path));
      continue;
    }
    issues.push(...ticketIssues(parsed.data, ctx.now, path));
    tickets.push(parsed.data);
  }
  return { tickets, cursor: Number.isFinite(newest) ? ticketSqlDate(newest) : connector.cursor, issues };
}

async function finishSync(db: DbOrTx, syncId: number, set: Partial<typeof connectorSyncs.$inferInsert>) {
  await db.update(connectorSyncs).set(set).where(eq(connectorSyncs.id, syncId));
}

/** Syncs the connector (`input`: its id or name) now; answers the sync's record, failed or succeeded. */
export async function syncConnector({ ctx, input }: { ctx: Ctx; input: { connector: number | string } }, hooks: SyncHooks = {}) {
  const connector = await findConnector(ctx.db, input.connector);
  const syncId = await openSync(ctx, connector);
  let read = 0;
  try {
    const changed = await readChanged(ctx, connector, hooks);
    read = changed.tickets.length + new Set(changed.issues.map((i) => i.path.split(".")[0])).size;
    if (changed.issues.length) throw AppError.invalid(`Request Tracker sent tickets Assay refuses: ${describe(changed.issues)}; nothing was written`, changed.issues);
    const source = `connector:${connector.name}`;
    const result = await ctx.db.transaction(async (tx) => {
      const writer = await TicketWriter.create(tx, ctx.now, { actor: ctx.actor.name, source });
      for (let i = 0; i < changed.tickets.length; i += chunk) await writer.write(tx, changed.tickets.slice(i, i + chunk));
      const written = await writer.finish(tx);
      await recordBatch(tx, ctx.now, ctx.actor.name, "tickets", source, written, writer.revision);
      // the cursor moves with the data it covers: both commit, or neither
      await tx.update(connectors).set({ cursor: changed.cursor }).where(eq(connectors.id, connector.id));
      await finishSync(tx, syncId, { status: "succeeded", finishedAt: ctx.now, ticketsRead: read, ticketsChanged: written.inserted + written.updated });
      await hooks.beforeCommit?.();
      return written;
    });
    ctx.log.info({ connector: connector.name, read, ...result }, "connector sync succeeded");
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // the failure and the admins' notification of it commit together
    await ctx.db.transaction(async (tx) => {
      await finishSync(tx, syncId, { status: "failed", finishedAt: ctx.now, ticketsRead: read, ticketsChanged: 0, error: message.slice(0, 4000) });
      await enqueueIngestFailure(tx, `connector:${connector.name}`, message.slice(0, 500), ctx.now);
    });
    ctx.log.warn({ connector: connector.name, err: message }, "connector sync failed");
  }
  const [row] = await ctx.db.select().from(connectorSyncs).where(eq(connectorSyncs.id, syncId));
  return syncView(row);
}
