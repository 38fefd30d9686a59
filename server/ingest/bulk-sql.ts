// Multi-row statements for bulk ingest: the statement text is fixed SQL of the caller and every value is a
// bound parameter, handed to drizzle already built. Building a 6,000-parameter statement through the `sql`
// template walks each value through the query builder, which cost more than SQLite's insert itself.
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
