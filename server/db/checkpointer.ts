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
// runs `PRAGMA wal_checkpoint(PASSIVE)` a few times a second, on the other core: the server's database worker, which
// also reads runs' snapshots (snapshot-reader.ts; one worker for both, a few MB less than two). PASSIVE never waits for readers
// or writers: it copies what no reader still needs, and a writer restarts the log once all of it is copied. Should
// the worker stop for any reason, the connections go back to checkpointing by themselves.
import { SnapshotReader, type Checkpointer } from "./snapshot-reader.js";

export { defaultAutoCheckpoint, type CheckpointStats, type Checkpointer } from "./snapshot-reader.js";

/** How often the worker checkpoints. */
export const checkpointEveryMs = 200;

/**
 * Starts a worker that only checkpoints the database file at `path` (a server opens its database with one worker for
 * checkpoints and snapshot reads, client.ts). A worker that cannot open the file leaves the connections checkpointing
 * by themselves, and says so in the log.
 */
export async function startCheckpointer(path: string, opts: { everyMs?: number } = {}): Promise<Checkpointer> {
  const worker = await SnapshotReader.start(path, { checkpointEveryMs: opts.everyMs ?? checkpointEveryMs });
  return worker?.checkpointer() ?? { stats: () => ({ checkpoints: 0, pages: 0, ms: 0 }), running: () => false, stop: async () => {} };
}
