// One writer at a time per process on an embedded database, waiting asynchronously for the write lock.
//
// Why: the embedded libSQL driver runs every statement synchronously on the event loop. When two requests of the
// same process each open a write transaction, the second BEGIN IMMEDIATE sits in SQLite's busy handler, which
// sleeps on the event loop; the first transaction can then never reach its COMMIT, so the second fails with
// SQLITE_BUSY after the whole busy timeout and the server is frozen meanwhile. So writers of this process queue
// here (a promise chain: waiting costs nothing), and before its turn starts a writer waits, asynchronously, until
// no other process (the CLI, a second app process) holds the write lock, by probing it on a separate connection.
//
// Retrying a failed BEGIN instead is not an option: the driver leaves a statement that failed with SQLITE_BUSY
// active on its pooled connection, and every later COMMIT there fails with "SQL statements in progress".
import { createClient, type Client, type InArgs, type InStatement, type ResultSet, type Transaction, type TransactionMode } from "@libsql/client";

export interface WriteGateOptions {
  /** how long a writer may wait in all (its turn here, then another process's lock) before it fails */
  waitMs: number;
}

export class WriteLockTimeout extends Error {
  readonly code = "SQLITE_BUSY";
  constructor(waitMs: number, what: string) {
    super(`SQLITE_BUSY: waited ${waitMs / 1000} s for ${what}`);
    this.name = "WriteLockTimeout";
  }
}

/** Statements that never take the write lock run beside the queue (WAL readers do not wait for writers). */
function readOnly(sql: string): boolean {
  if (/^\s*(select|explain|values)\b/i.test(sql)) return true;
  // a common table expression reads unless it ends in a write; a PRAGMA reads unless it sets something
  if (/^\s*with\b/i.test(sql)) return !/\b(insert|update|delete|replace)\b/i.test(sql);
  if (/^\s*pragma\b/i.test(sql)) return !sql.includes("=") && !/\b(wal_checkpoint|optimize|incremental_vacuum)\b/i.test(sql);
  return false;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A FIFO lock: `acquire` resolves to the release function once every earlier holder has released. */
class Queue {
  private tail: Promise<void> = Promise.resolve();

  acquire(deadline: number, waitMs: number): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => mine);
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new WriteLockTimeout(waitMs, "the writers of this process ahead of this one"));
      }, Math.max(0, deadline - Date.now()));
    });
    return Promise.race([previous.then(() => release), timeout]).then(
      (r) => {
        clearTimeout(timer);
        return r;
      },
      (e) => {
        // give the turn away as soon as it comes, so later writers are not stuck behind one that gave up
        if (timedOut) void previous.then(release);
        throw e;
      },
    );
  }
}

/** Wraps an embedded client: its writes queue in this process and wait, off the event loop, for other processes. */
export function gateWrites(client: Client, url: string, opts: WriteGateOptions): Client {
  const queue = new Queue();
  // busy timeout 0: the probe answers at once; a failed probe runs through sqlite3_exec, which leaves nothing active
  const probe = createClient({ url, timeout: 0, concurrency: 1 });

  const otherProcessDone = async (deadline: number) => {
    for (let pause = 5; ; pause = Math.min(pause * 2, 50)) {
      try {
        await probe.executeMultiple("BEGIN IMMEDIATE; ROLLBACK;");
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== "SQLITE_BUSY") throw e;
        if (Date.now() + pause > deadline) throw new WriteLockTimeout(opts.waitMs, "another process holding the write lock");
        await sleep(pause);
      }
    }
  };

  /** Waits for this writer's turn and for the lock to be free; the caller releases when its write is over. */
  const turn = async () => {
    const deadline = Date.now() + opts.waitMs;
    const release = await queue.acquire(deadline, opts.waitMs);
    try {
      await otherProcessDone(deadline);
      return release;
    } catch (e) {
      release();
      throw e;
    }
  };

  const gated = async <T>(op: () => Promise<T>): Promise<T> => {
    const release = await turn();
    try {
      return await op();
    } finally {
      release();
    }
  };

  const wrapTransaction = (tx: Transaction, release: () => void): Transaction => {
    let done = false;
    const settle = () => {
      if (!done) {
        done = true;
        release();
      }
    };
    return {
      execute: (stmt: InStatement) => tx.execute(stmt),
      batch: (stmts: InStatement[]) => tx.batch(stmts),
      executeMultiple: (sql: string) => tx.executeMultiple(sql),
      rollback: () => tx.rollback().finally(settle),
      commit: () => tx.commit().finally(settle),
      close: () => {
        try {
          tx.close();
        } finally {
          settle();
        }
      },
      get closed() {
        return tx.closed;
      },
    };
  };

  const execute = (stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> => {
    const stmt: InStatement = typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
    const text = typeof stmt === "string" ? stmt : stmt.sql;
    return readOnly(text) ? client.execute(stmt) : gated(() => client.execute(stmt));
  };

  return {
    execute,
    batch: (stmts, mode?: TransactionMode) => (mode === "read" ? client.batch(stmts, mode) : gated(() => client.batch(stmts, mode))),
    migrate: (stmts) => gated(() => client.migrate(stmts)),
    executeMultiple: (sql) => gated(() => client.executeMultiple(sql)),
    async transaction(mode?: TransactionMode) {
      if (mode === "read") return client.transaction(mode);
      const release = await turn();
      try {
        return wrapTransaction(await client.transaction(mode), release);
      } catch (e) {
        release();
        throw e;
      }
    },
    sync: () => client.sync(),
    close: () => {
      probe.close();
      client.close();
    },
    reconnect: () => client.reconnect(),
    get closed() {
      return client.closed;
    },
    get protocol() {
      return client.protocol;
    },
  } as Client;
}
