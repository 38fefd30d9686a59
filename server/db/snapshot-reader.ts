// A second reader of the embedded database, on a worker thread, that reads the same snapshot as a read transaction
// of the main thread: an audit run judges its ticket rules in one pass on the main thread while the rules with
// queries of their own are judged here, on the other core, from exactly the same data.
//
// The embedded driver runs SQL synchronously on the calling thread, so a run used one core however many the machine
// had. This worker holds a connection of its own; `alignedSnapshots` (client.ts) takes the write lock of the
// database for the instant in which both connections start their read transactions, so that no commit, of this
// process or any other, can fall between them: both see the same committed state, which SQLite keeps for each of
// them until it ends (WAL). The statements are plain SQL with their parameters; the rows come back as the driver's
// rows, so drizzle reads them as from any client (`readerClient`). Plain JavaScript in the worker: no loader, a few
// MB of its own.
import type { Client, InStatement, ResultSet, Row } from "@libsql/client";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { logger } from "../log.js";
import { setAutoCheckpoint } from "./prepared-statements.js";

/** Pages after which a connection checkpoints by itself: SQLite's default, in force without the worker's checkpoints. */
export const defaultAutoCheckpoint = 1000;

export interface CheckpointStats {
  /** checkpoints that copied at least one page */
  checkpoints: number;
  /** pages copied into the database file */
  pages: number;
  /** the worker's own time in checkpoints, ms */
  ms: number;
}

export interface Checkpointer {
  /** what the worker has done so far (as of its last report) */
  stats(): CheckpointStats;
  /** whether the worker checkpoints now (false once it stopped or failed: the connections checkpoint again) */
  running(): boolean;
  /** stops the worker between two statements; the connections checkpoint by themselves again */
  stop(): Promise<void>;
}

const workerCode = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
const statements = new Map();
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER), minSafe = -maxSafe;
function value(v) {
  if (typeof v !== "bigint") return v;
  if (v > maxSafe || v < minSafe) throw new RangeError("Received integer which cannot be safely represented as a JavaScript number");
  return Number(v);
}
function prepared(sql) {
  let st = statements.get(sql);
  if (!st) {
    st = db.prepare(sql);
    statements.set(sql, st);
    if (statements.size > 64) statements.delete(statements.keys().next().value);
  }
  return st;
}
parentPort.on("message", (m) => {
  try {
    if (m.type === "begin") {
      db.exec("BEGIN");
      // the first read starts the snapshot
      db.prepare("SELECT count(*) FROM sqlite_master").all();
      parentPort.postMessage({ id: m.id, ok: true });
    } else if (m.type === "end") {
      if (db.inTransaction) db.exec("ROLLBACK");
      parentPort.postMessage({ id: m.id, ok: true });
    } else if (m.type === "execute") {
      if (!db.inTransaction) throw new Error("the snapshot reader reads inside an aligned snapshot only");
      const st = prepared(m.sql);
      st.safeIntegers(true);
      st.raw(true);
      const columns = st.columns().map((c) => c.name);
      const rows = st.all(m.args).map((r) => r.map(value));
      parentPort.postMessage({ id: m.id, ok: true, columns, rows });
    } else if (m.type === "stop") {
      if (db.inTransaction) db.exec("ROLLBACK");
      db.close();
      parentPort.close();
      process.exit(0);
    }
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, error: String(e && e.message || e), code: e && e.code });
  }
});
// WAL checkpoints (checkpointer.ts), between statements and outside a snapshot
if (workerData.checkpointEveryMs) {
  const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  const stats = { checkpoints: 0, pages: 0, ms: 0 };
  let copied = 0;
  setInterval(() => {
    if (db.inTransaction) return;
    const started = performance.now();
    const [row] = checkpoint.all();
    const values = Object.values(row);
    const done = Number(values[2]);
    // a count that went down: the log restarted from its beginning since the last checkpoint
    const fresh = done < copied ? done : done - copied;
    copied = done;
    if (fresh > 0) {
      stats.checkpoints++;
      stats.pages += fresh;
      stats.ms += performance.now() - started;
      parentPort.postMessage({ id: -1, ok: true, stats });
    }
  }, workerData.checkpointEveryMs);
}
parentPort.postMessage({ id: 0, ok: true });
`;

interface Reply {
  id: number;
  ok: boolean;
  columns?: string[];
  rows?: unknown[][];
  error?: string;
  code?: string;
  stats?: CheckpointStats;
}

/** A row as @libsql/client builds it: values by index and, enumerable, by column name. */
function rowOf(values: unknown[], columns: string[]): Row {
  const row = {} as Row;
  Object.defineProperty(row, "length", { value: values.length });
  for (let i = 0; i < values.length; i++) {
    Object.defineProperty(row, i, { value: values[i] });
    if (!Object.hasOwn(row, columns[i])) Object.defineProperty(row, columns[i], { value: values[i], enumerable: true, configurable: true, writable: true });
  }
  return row;
}

/** A value as the driver binds it (booleans as 0/1, as @libsql/client does). */
const bound = (v: unknown) => (typeof v === "boolean" ? (v ? 1 : 0) : v);

export class SnapshotReader {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private alive = false;
  private inSnapshot = false;
  private statements = 0;
  private checkpointStats: CheckpointStats = { checkpoints: 0, pages: 0, ms: 0 };

  private constructor(
    private readonly worker: Worker,
    /** whether the worker copies the WAL, its connections leaving it to it */
    private readonly checkpoints: boolean,
  ) {}

  /**
   * Starts the worker on the database file at `path`; null (and a warning) when it cannot open it. With
   * `checkpointEveryMs` it also takes the WAL checkpoints over from the process's connections (checkpointer.ts),
   * one worker doing both.
   */
  static async start(path: string, opts: { checkpointEveryMs?: number } = {}): Promise<SnapshotReader | null> {
    const require = createRequire(import.meta.url);
    const worker = new Worker(workerCode, { eval: true, workerData: { path, driver: require.resolve("libsql"), checkpointEveryMs: opts.checkpointEveryMs ?? 0 } });
    worker.unref();
    const reader = new SnapshotReader(worker, !!opts.checkpointEveryMs);
    const started = await new Promise<boolean>((resolve) => {
      reader.pending.set(0, { resolve: () => resolve(true), reject: () => resolve(false) });
      worker.on("message", (r: Reply) => {
        if (r.id === -1) {
          if (r.stats) reader.checkpointStats = r.stats;
          return;
        }
        const p = reader.pending.get(r.id);
        if (!p) return;
        reader.pending.delete(r.id);
        p.resolve(r);
      });
      const lost = (err?: unknown) => {
        if (reader.alive && err) logger.warn({ err, path }, "the database worker stopped: runs read on the main thread alone, the connections checkpoint by themselves");
        if (reader.checkpoints) setAutoCheckpoint(defaultAutoCheckpoint);
        reader.alive = false;
        for (const p of reader.pending.values()) p.reject(new Error("the snapshot reader stopped"));
        reader.pending.clear();
      };
      worker.on("error", (err) => lost(err));
      worker.on("exit", () => lost());
    });
    if (!started) {
      logger.warn({ path }, "the snapshot reader could not start: runs read on the main thread alone");
      return null;
    }
    reader.alive = true;
    if (reader.checkpoints) setAutoCheckpoint(0);
    return reader;
  }

  private call(message: Record<string, unknown>): Promise<Reply> {
    if (!this.alive) return Promise.reject(new Error("the snapshot reader stopped"));
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    }).then((r) => {
      if (!r.ok) throw Object.assign(new Error(r.error ?? "the snapshot reader failed"), r.code ? { code: r.code } : {});
      return r;
    });
  }

  /** Statements it has executed (for tests and diagnostics). */
  executed(): number {
    return this.statements;
  }

  /** Whether a run may use it now (running, and not reading another run's snapshot). */
  available(): boolean {
    return this.alive && !this.inSnapshot;
  }

  /** Starts its read transaction: call while the caller holds the write lock and has started its own. */
  async begin(): Promise<void> {
    if (!this.available()) throw new Error("the snapshot reader is busy or stopped");
    this.inSnapshot = true;
    try {
      await this.call({ type: "begin" });
    } catch (e) {
      this.inSnapshot = false;
      throw e;
    }
  }

  /** Ends its read transaction. */
  async end(): Promise<void> {
    try {
      if (this.alive) await this.call({ type: "end" });
    } finally {
      this.inSnapshot = false;
    }
  }

  /** Executes one statement in the snapshot; rows as @libsql/client gives them. */
  async execute(stmt: InStatement): Promise<ResultSet> {
    const { sql, args } = typeof stmt === "string" ? { sql: stmt, args: [] } : stmt;
    this.statements++;
    const r = await this.call({ type: "execute", sql, args: Array.isArray(args) ? args.map(bound) : Object.fromEntries(Object.entries(args ?? {}).map(([k, v]) => [k.replace(/^[@$:]/, ""), bound(v)])) });
    const columns = r.columns ?? [];
    const rows = (r.rows ?? []).map((values) => rowOf(values, columns));
    return { columns, columnTypes: columns.map(() => ""), rows, rowsAffected: 0, lastInsertRowid: undefined, toJSON: () => ({ columns, rows }) } as ResultSet;
  }

  /** The reader as a client that drizzle can query (reads only, inside `begin`/`end`). */
  client(): Client {
    const unsupported = () => Promise.reject(new Error("the snapshot reader only executes single read statements"));
    return { execute: (stmt: InStatement) => this.execute(stmt), batch: unsupported, migrate: unsupported, transaction: unsupported, executeMultiple: unsupported, sync: unsupported, close: () => {}, closed: false, protocol: "file" } as unknown as Client;
  }

  /** The worker's checkpoints, as the Checkpointer interface (null when it does not checkpoint). */
  checkpointer(): Checkpointer | null {
    if (!this.checkpoints) return null;
    return { stats: () => ({ ...this.checkpointStats }), running: () => this.alive, stop: () => this.stop() };
  }

  /** Stops the worker between two statements (terminate() inside a native SQLite call would abort the process). */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.alive = false;
    if (this.checkpoints) setAutoCheckpoint(defaultAutoCheckpoint);
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.postMessage({ type: "stop" });
    await exited;
  }
}
