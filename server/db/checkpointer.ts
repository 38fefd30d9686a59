// WAL checkpoints in a worker thread, for the server's embedded database.
//
// SQLite copies the write-ahead log back into the database file ("checkpoint") on the connection that commits
// when the log has grown past 1,000 pages. The embedded driver runs SQL on the calling thread, so that copy held
// the server's main thread: a few tens of ms after each 10,000-ticket batch, and several hundred ms after a run's
// read snapshot closed (the log cannot be copied past a reader's snapshot, so it grows for the run's whole length:
// ≈ 60 MB in 5 s of ingest at 1,000,000 tickets) while every page request waited.
//
// With the checkpointer, the process's own connections never checkpoint (`PRAGMA wal_autocheckpoint = 0`, set on
// each connection before its first statement, prepared-statements.ts); a worker thread with a connection of its own
// runs `PRAGMA wal_checkpoint(PASSIVE)` a few times a second, on the other core. PASSIVE never waits for readers
// or writers: it copies what no reader still needs, and a writer restarts the log once all of it is copied. Should
// the worker stop for any reason, the connections go back to checkpointing by themselves.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { logger } from "../log.js";
import { setAutoCheckpoint } from "./prepared-statements.js";

/** Pages after which a connection checkpoints by itself: SQLite's default, in force without the worker. */
export const defaultAutoCheckpoint = 1000;
/** How often the worker checkpoints. */
export const checkpointEveryMs = 200;

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
  /** whether the worker is running (false once it stopped or failed: the connections checkpoint again) */
  running(): boolean;
  /** stops the worker between two checkpoints; the connections checkpoint by themselves again */
  stop(): Promise<void>;
}

// Plain JavaScript, evaluated in the worker: no loader, no TypeScript, a few MB of its own.
const workerCode = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.exec("PRAGMA busy_timeout = 0");
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const stats = { checkpoints: 0, pages: 0, ms: 0 };
let copied = 0;
const timer = setInterval(() => {
  const started = performance.now();
  const [row] = checkpoint.all();
  const values = Object.values(row);
  const log = Number(values[1]), done = Number(values[2]);
  // a count that went down: the log restarted from its beginning since the last checkpoint
  const fresh = done < copied ? done : done - copied;
  copied = done;
  if (fresh > 0) {
    stats.checkpoints++;
    stats.pages += fresh;
    stats.ms += performance.now() - started;
    parentPort.postMessage({ type: "stats", stats });
  }
}, workerData.everyMs);
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ type: "ready" });
`;

/**
 * Starts the worker for the database file at `path`. Resolves once the worker has its connection open; from then
 * on the process's connections leave checkpoints to it. A worker that fails to start or stops leaves them
 * checkpointing by themselves, and says so in the log.
 */
export async function startCheckpointer(path: string, opts: { everyMs?: number } = {}): Promise<Checkpointer> {
  const require = createRequire(import.meta.url);
  const worker = new Worker(workerCode, {
    eval: true,
    workerData: { path, driver: require.resolve("libsql"), everyMs: opts.everyMs ?? checkpointEveryMs },
    // it holds a few objects: a small heap of its own
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 },
  });
  worker.unref();
  let stats: CheckpointStats = { checkpoints: 0, pages: 0, ms: 0 };
  let alive = false;
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const lost = (why: string, err?: unknown) => {
    setAutoCheckpoint(defaultAutoCheckpoint);
    if (!stopping) logger.warn({ err, path }, `the WAL checkpoint worker ${why}: the connections checkpoint by themselves again`);
    alive = false;
  };
  await new Promise<void>((resolve) => {
    worker.on("message", (m: { type: string; stats?: CheckpointStats }) => {
      if (m.type === "ready") {
        alive = true;
        setAutoCheckpoint(0);
        resolve();
      } else if (m.type === "stats" && m.stats) stats = m.stats;
    });
    worker.on("error", (err) => {
      lost("failed", err);
      resolve();
    });
    worker.on("exit", () => {
      if (alive || !stopping) lost("stopped");
      resolve();
    });
  });
  return {
    stats: () => ({ ...stats }),
    running: () => alive,
    async stop() {
      if (!alive) return;
      stopping = true;
      // from here on the connections checkpoint again; the worker leaves between two checkpoints (terminate()
      // inside a native SQLite call would abort the process)
      setAutoCheckpoint(defaultAutoCheckpoint);
      alive = false;
      worker.postMessage("stop");
      await exited;
    },
  };
}
