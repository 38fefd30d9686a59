// Prepared statements for the embedded database, reused instead of compiled again for every execution.
//
// @libsql/client prepares every statement it executes afresh and does not expose its connections, so it can
// neither keep a prepared statement nor run one row at a time cheaply. Measured at 100,000 tickets (CPU time per
// row, every index of `tickets`): one INSERT … SELECT over json_each(?) of the whole batch 48 µs, multi-row VALUES
// of 230 rows 46 µs, one single-row INSERT prepared once and run per row 17-19 µs (README, Performance).
//
// This module installs two things on the `libsql` driver @libsql/client uses for embedded files:
// - a small cache of prepared statements per connection, so a statement text executed again is not compiled again
//   (SQLite re-prepares a cached statement by itself after a schema change);
// - row statements: a statement whose text starts with `/*rows: <single-row statement> */` and whose one
//   parameter is a JSON array of rows runs the single-row statement once per row, in the caller's transaction.
//   The rest of its text is the same write as one INSERT … SELECT … FROM json_each(?), which is what a libSQL
//   server (no driver of ours in between) executes: one statement text, the same rows either way.
import { createRequire } from "node:module";

interface NativeStatement {
  run(args?: unknown): { changes: number; lastInsertRowid: number | bigint };
}

interface NativeDatabase {
  prepare(sql: string): unknown;
}

/** How a rows statement's text starts; what follows up to the comment's end is its single-row statement. */
export const rowsMarker = "/*rows: ";
const cacheSize = 128;
/** Longer texts (a multi-row VALUES list) are seldom run twice and hold much native memory: not kept, unless marked. */
const longestCached = 8192;
/** A long statement that starts with this comment is kept all the same: one run executes it once per slice of rows. */
export const keepMarker = "/*keep*/ ";

/**
 * A cell of a row: a plain JSON value, or [m, e] for the double m·2^e (bulk-sql.ts exactReal), which JSON would
 * not carry exactly; m·2^e is exact in a double.
 */
function cellValue(v: unknown): unknown {
  if (typeof v === "number") return Number.isFinite(v) ? (v === 0 ? 0 : v) : null; // as JSON carries them: -0 as 0, NaN and ±Infinity as null
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] as number) * 2 ** (v[1] as number) : v;
}

/**
 * The rows a rows statement was built from (bulk-sql.ts), run as they are instead of parsed back from JSON (a
 * 10,000-ticket batch: ≈ 12 ms of JSON.parse and a second copy of every row, README, Performance).
 *
 * On an embedded file the statement's parameter is not even their JSON but a handle (`rowsHandle`): building the JSON
 * of a 1,000-ticket statement only to find the rows by it cost ≈ 2.3 µs a ticket. A process that also opened a
 * libSQL server (noteRemoteDatabase) gets JSON, which the server's json_each reads; the JSON's rows are kept too.
 * Only the last few are kept, so a statement built but never run (a transaction failed before it) leaves nothing
 * behind for long; a statement is built right before it runs, in the transaction that holds the write lock.
 */
let installed = false;
let remoteOpened = false;
const builtRows = new Map<string, readonly (readonly unknown[])[]>();
const builtRowsKept = 8;
/** A handle starts with a NUL, which no JSON text does. */
const handlePrefix = "\u0000assay-rows:";
let handles = 0;

let asJson = 0;

/** Builds rows statements inside `build` (synchronous) as a process on a libSQL server would: rows as JSON (for tests). */
export function buildingRowsAsJson<T>(build: () => T): T {
  asJson++;
  try {
    return build();
  } finally {
    asJson--;
  }
}

/** Notes that this process also uses a libSQL server: from now on rows statements carry their rows as JSON. */
export function noteRemoteDatabase(): void {
  remoteOpened = true;
}

function keep(key: string, rows: readonly (readonly unknown[])[]): void {
  builtRows.set(key, rows);
  if (builtRows.size > builtRowsKept) builtRows.delete(builtRows.keys().next().value as string);
}

/**
 * The parameter of a rows statement for `rows` when only the embedded driver of this process will run it: a handle to
 * the rows themselves (numbers as they are: cellValue stores what JSON would carry); null when the rows must travel
 * as JSON (no embedded driver installed, or a libSQL server in use).
 */
export function rowsHandle(rows: readonly (readonly unknown[])[]): string | null {
  if (!installed || remoteOpened || asJson > 0) return null;
  const handle = `${handlePrefix}${++handles}`;
  keep(handle, rows);
  return handle;
}

/** Notes that `json` is JSON.stringify(rows), for the rows statement that runs it next. */
export function rememberBuiltRows(json: string, rows: readonly (readonly unknown[])[]): void {
  // a process on a libSQL server only (no embedded driver of ours) never runs them: nothing to keep
  if (!installed) return;
  keep(json, rows);
}

/** The rows `param` (a handle or the JSON) was built from, once (then forgotten); undefined for a parameter built elsewhere. */
export function takeBuiltRows(param: string): readonly (readonly unknown[])[] | undefined {
  const rows = builtRows.get(param);
  if (rows !== undefined) builtRows.delete(param);
  return rows;
}

/** The rows of a rows statement's parameter: kept ones, or its JSON parsed; a handle whose rows were dropped throws. */
function rowsOf(param: string): readonly (readonly unknown[])[] {
  const rows = takeBuiltRows(param);
  if (rows !== undefined) return rows;
  if (param.startsWith(handlePrefix)) throw new Error("a rows statement ran after its rows were dropped: build each one right before it runs");
  return JSON.parse(param) as unknown[][];
}

/** How many built rows are waiting for their statement (for tests). */
export const builtRowsWaiting = (): number => builtRows.size;

/**
 * Rows an INSERT's rows statement writes per execution of its multi-row form: measured at 1,000,000 tickets (60,000
 * upserts of every column, CPU per row, three rounds): one row per execution 20–24 µs, 16 rows 14–17, 32 rows 14–17,
 * 64 rows 13–16. Binding is the same per value; what a row saves is the call into the driver and SQLite's
 * per-statement step and reset. 32 rows of a ticket are 1,088 parameters, far below SQLite's limit of 32,766.
 */
export const rowsPerExecution = 32;

/** The multi-row form of a single-row INSERT (`… VALUES (?, …, ?) …`): `rows` copies of its VALUES tuple; null for another statement. */
export function multiRowStatement(single: string, rows: number): string | null {
  if (!/^\s*INSERT\b/i.test(single)) return null;
  const tuple = /\bVALUES\s*(\(\s*\?(?:\s*,\s*\?)*\s*\))/i.exec(single);
  if (!tuple) return null;
  const at = tuple.index + tuple[0].length - tuple[1].length;
  return `${single.slice(0, at)}${Array(rows).fill(tuple[1]).join(", ")}${single.slice(at + tuple[1].length)}`;
}

/**
 * Runs a rows statement: an INSERT `rowsPerExecution` rows at a time through its multi-row form (the rest one by one),
 * any other statement once per row; behaves like a statement that returns no rows. Rows of one statement are
 * written in their order, each as its own VALUES tuple, so an upsert meets a conflict with an earlier row of the
 * same execution as it would one row at a time.
 */
let rowsExecutions = 0;
/** How many times rows statements have executed a native statement in this process (for tests). */
export const rowsStatementExecutions = (): number => rowsExecutions;

class RowsStatement {
  private many: NativeStatement | null = null;

  constructor(
    private readonly row: NativeStatement,
    /** prepares the multi-row form on first need (a rows statement with fewer rows never does); null: none */
    private readonly prepareMany: (() => NativeStatement) | null,
  ) {}

  safeIntegers(): this {
    return this;
  }

  raw(): never {
    // what the driver's statements do for a statement that returns no data (the client then calls run)
    throw new TypeError("The raw() method is only for statements that return data");
  }

  get reader(): boolean {
    return false;
  }

  run(args: unknown): { changes: number; lastInsertRowid: number | bigint } {
    const json = Array.isArray(args) ? args[0] : args;
    if (typeof json !== "string") throw new TypeError("a rows statement takes one parameter: a JSON array of rows");
    const rows = rowsOf(json);
    let changes = 0;
    let lastInsertRowid: number | bigint = 0;
    let next = 0;
    if (this.prepareMany !== null && rows.length >= rowsPerExecution) {
      this.many ??= this.prepareMany();
      const width = rows[0].length;
      const values: unknown[] = new Array(width * rowsPerExecution);
      for (; next + rowsPerExecution <= rows.length; next += rowsPerExecution) {
        let k = 0;
        for (let r = next; r < next + rowsPerExecution; r++) {
          const row = rows[r];
          if (row.length !== width) throw new TypeError("the rows of a rows statement differ in length");
          for (let i = 0; i < width; i++) values[k++] = cellValue(row[i]);
        }
        const info = this.many.run(values);
        rowsExecutions++;
        changes += info.changes;
        lastInsertRowid = info.lastInsertRowid;
      }
    }
    const values: unknown[] = [];
    for (; next < rows.length; next++) {
      const row = rows[next];
      values.length = row.length;
      for (let i = 0; i < row.length; i++) values[i] = cellValue(row[i]);
      const info = this.row.run(values);
      rowsExecutions++;
      changes += info.changes;
      lastInsertRowid = info.lastInsertRowid;
    }
    return { changes, lastInsertRowid };
  }
}

/** The single-row statement inside a rows statement's leading comment. */
export function singleRowStatement(sql: string): string {
  const end = sql.indexOf("*/");
  if (!sql.startsWith(rowsMarker) || end < 0) throw new Error("not a rows statement");
  return sql.slice(rowsMarker.length, end).trim();
}

/**
 * `PRAGMA wal_autocheckpoint` for every connection of this process, applied before a connection's next statement
 * (0 while the checkpoint worker copies the log, checkpointer.ts); null leaves SQLite's default alone.
 */
let autoCheckpoint: number | null = null;
/** Bumped at each change, so that each connection applies the newest value once. */
let autoCheckpointVersion = 0;

export function setAutoCheckpoint(pages: number | null): void {
  if (pages === autoCheckpoint) return;
  autoCheckpoint = pages;
  autoCheckpointVersion++;
}

/** The per-connection cache, with the version of the autocheckpoint setting the connection has applied. */
type ConnectionCache = Map<string, unknown> & { autoCheckpointVersion?: number };

/** Installs the statement cache and row statements on the embedded driver (once per process). */
export function installPreparedStatements(): void {
  if (installed || process.env.ASSAY_NO_PREPARED) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const Database = require("libsql") as { prototype: NativeDatabase };
  const prepare = Database.prototype.prepare;
  const caches = new WeakMap<NativeDatabase, ConnectionCache>();
  Database.prototype.prepare = function (this: NativeDatabase, sql: string) {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    if (cache.autoCheckpointVersion !== autoCheckpointVersion) {
      cache.autoCheckpointVersion = autoCheckpointVersion;
      if (autoCheckpoint !== null) (prepare.call(this, `PRAGMA wal_autocheckpoint = ${autoCheckpoint}`) as NativeStatement).run();
    }
    const hit = cache.get(sql);
    if (hit !== undefined) {
      // most recently used last: the first key is the one to drop
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    let statement: unknown;
    if (sql.startsWith(rowsMarker)) {
      const single = singleRowStatement(sql);
      const many = multiRowStatement(single, rowsPerExecution);
      statement = new RowsStatement(prepare.call(this, single) as NativeStatement, many === null ? null : () => prepare.call(this, many) as NativeStatement);
    } else statement = prepare.call(this, sql);
    if (sql.length > longestCached && !sql.startsWith(rowsMarker) && !sql.startsWith(keepMarker)) return statement;
    cache.set(sql, statement);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    return statement;
  };
}
