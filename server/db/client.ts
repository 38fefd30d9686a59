// The libSQL connection: an embedded file by default, a libSQL server by URL; migrations applied on open.
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema.js";
import { installPreparedStatements, noteRemoteDatabase } from "./prepared-statements.js";
import { gateWrites } from "./write-gate.js";
import { checkpointEveryMs, type Checkpointer } from "./checkpointer.js";
import { SnapshotReader } from "./snapshot-reader.js";

export type Db = LibSQLDatabase<typeof schema>;
/** A transaction or the database itself: domain verbs accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  client: Client;
  url: string;
  /** the WAL checkpoint worker, when the database was opened with one (the server's) */
  checkpointer?: Checkpointer | null;
  /** the second reader on a worker thread, when the database was opened with one */
  reader?: SnapshotReader | null;
  close(): void;
}

export const defaultDatabaseUrl = "file:data/assay.db";
const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/** How long a write may wait for other writers (queued in this process, or another process holding the lock). */
export const writeWaitMs = 60_000;

export function isEmbedded(url: string): boolean {
  return url.startsWith("file:") || url === ":memory:";
}

/**
 * Connections of an embedded database's pool. @libsql/client opens one for every read that finds none idle, up to
 * 20, and each keeps its own page cache and statement cache (≈ 2.7 MB at 1,000,000 tickets): 16 connections reading
 * KPI pages grew the pool by ≈ 40 MB. Its SQL runs synchronously on the main thread anyway, so more connections buy
 * no speed; what holds one across awaits is a transaction (the one writer the write gate admits, each run's read
 * snapshot while it reads, verify-run), which leaves room for several runs at once.
 */
export const embeddedConnections = 8;

/** Opens the database; for an embedded file, creates its folder and switches it to WAL. */
export async function openDatabase(url = defaultDatabaseUrl, authToken?: string, opts: { writeWaitMs?: number; checkpointInWorker?: boolean; snapshotReader?: boolean } = {}): Promise<Database> {
  const path = url.startsWith("file:") ? url.slice("file:".length).split("?")[0] : "";
  const onDisk = path !== "" && path !== ":memory:";
  if (onDisk) mkdirSync(dirname(path), { recursive: true });
  if (isEmbedded(url)) installPreparedStatements();
  else noteRemoteDatabase();
  // timeout = SQLite busy timeout on every pooled connection: the backstop if another process takes the lock
  // in the instant between the write gate's probe and the BEGIN
  let client = createClient({ url, authToken, timeout: 15_000, intMode: "number", ...(isEmbedded(url) ? { concurrency: embeddedConnections } : {}) });
  if (onDisk) {
    // writers of this process queue, and wait for other processes, asynchronously instead of sleeping in
    // SQLite's busy handler on the event loop (see write-gate.ts)
    client = gateWrites(client, url, { waitMs: opts.writeWaitMs ?? writeWaitMs });
  }
  if (isEmbedded(url)) await client.execute("PRAGMA journal_mode = WAL");
  const db = drizzle(client, { schema });
  // the server's: WAL checkpoints on a worker thread instead of in whichever commit crosses the threshold (checkpointer.ts)
  // one worker thread for the server's database (snapshot-reader.ts): WAL checkpoints instead of whichever commit
  // crosses the threshold (checkpointer.ts; needs the statement hook that turns the connections' own off), and a
  // second reader for runs
  const checkpoints = onDisk && !!opts.checkpointInWorker && !process.env.ASSAY_NO_PREPARED;
  const worker = onDisk && (checkpoints || opts.snapshotReader) ? await SnapshotReader.start(path, { checkpointEveryMs: checkpoints ? checkpointEveryMs : 0 }) : null;
  return {
    db,
    client,
    url,
    checkpointer: worker?.checkpointer() ?? null,
    reader: opts.snapshotReader ? worker : null,
    close: () => {
      void worker?.stop();
      client.close();
    },
  };
}

/**
 * Runs `fn` on one consistent snapshot of the database: every read sees the same committed state, whatever
 * other writers do meanwhile ("read"), or, with "deferred", a transaction that may also create TEMP tables
 * (verify-run rebuilds past data in them) without taking the write lock of the database. Always rolled back.
 */
export async function onSnapshot<T>(database: Database, fn: (db: Db) => Promise<T>, mode: "read" | "deferred" = "read"): Promise<T> {
  const tx = await database.client.transaction(mode);
  try {
    // a drizzle instance over the transaction: the same query builder, every statement inside the snapshot
    return await fn(drizzle(tx as unknown as Client, { schema }));
  } finally {
    tx.close();
  }
}

/**
 * Like onSnapshot, with the snapshot reader (when the database has one and it is free) reading the very same
 * snapshot: both read transactions start while this process holds the write lock of the database (BEGIN
 * IMMEDIATE, through the write gate), so that no commit of any process falls between them. `beside` is null
 * without a reader; `fn` then reads on the main thread alone.
 */
export async function onAlignedSnapshots<T>(database: Database, fn: (db: Db, beside: Db | null) => Promise<T>): Promise<T> {
  const reader = database.reader;
  if (!reader?.available()) return onSnapshot(database, (db) => fn(db, null));
  const lock = await database.client.transaction("write");
  let tx;
  let aligned = false;
  try {
    tx = await database.client.transaction("read");
    // the first read starts the snapshot
    await tx.execute("SELECT count(*) FROM sqlite_master");
    try {
      await reader.begin();
      aligned = true;
    } catch {
      // a reader that failed or is busy: this run reads on the main thread alone
    }
  } finally {
    lock.close();
  }
  try {
    return await fn(drizzle(tx as unknown as Client, { schema }), aligned ? drizzle(reader.client(), { schema }) : null);
  } finally {
    tx.close();
    if (aligned) await reader.end();
  }
}

export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder });
}
