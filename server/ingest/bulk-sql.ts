// Bulk statements for ingest: fixed SQL text of the caller, every value bound, handed to drizzle already built.
// (Building a statement with thousands of values through the `sql` template walked each value through the
// query builder, which cost more than SQLite's insert itself.)
import { SQL, type Query } from "drizzle-orm";

export type SqlValue = string | number | null;

/** SQLite binds at most 32,766 parameters a statement; chunks stay well under it and keep prepares small. */
export const maxParamsPerStatement = 6_000;

export function rowsPerStatement(width: number): number {
  return Math.max(1, Math.floor(maxParamsPerStatement / width));
}

/** A statement whose text and bound parameters are already built; runs through `tx.run` / `tx.all` like any `sql`. */
class BoundStatement extends SQL {
  constructor(private readonly query: Query) {
    super([]);
  }

  override toQuery(): Query {
    return this.query;
  }
}

/**
 * `head (?, ?, …), (?, ?, …) tail`: head and tail are fixed SQL text of the caller (never data); every value
 * of `rows` (all of length `width`) is a bound parameter.
 */
export function valuesStatement(head: string, width: number, rows: readonly (readonly SqlValue[])[], tail: string): SQL {
  if (rows.length === 0) throw new Error("valuesStatement needs at least one row");
  const tuple = `(${"?, ".repeat(width - 1)}?)`;
  const params: SqlValue[] = new Array(rows.length * width);
  let p = 0;
  for (const row of rows) for (let i = 0; i < width; i++) params[p++] = row[i];
  return new BoundStatement({ sql: `${head} ${Array(rows.length).fill(tuple).join(", ")} ${tail}`, params });
}


/**
 * `head SELECT value->>0, …, value->>(width-1) FROM json_each(?) WHERE true tail`: all rows in ONE bound JSON
 * parameter, so a 10,000-row batch is one small statement. libSQL frees a prepared statement's native memory
 * only when V8 collects its handle; dozens of multi-row VALUES statements per batch (≈0.7 MB each) kept the
 * server's resident memory ~50 MB higher under load, for ≈10% less CPU in the write (see test/bench).
 * Values are strings, finite numbers or null; SQLite reads the JSON numbers back to the same doubles.
 */
export function jsonRowsStatement(head: string, width: number, rows: readonly (readonly SqlValue[])[], tail: string): SQL {
  if (rows.length === 0) throw new Error("jsonRowsStatement needs at least one row");
  const columns = Array.from({ length: width }, (_, i) => `value->>${i}`).join(", ");
  // WHERE true: without it SQLite would read the upsert's ON CONFLICT as a join constraint
  return new BoundStatement({ sql: `${head} SELECT ${columns} FROM json_each(?) WHERE true ${tail}`, params: [JSON.stringify(rows)] });
}
