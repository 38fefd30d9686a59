// Bulk statements for ingest: fixed SQL text of the caller, every value bound, handed to drizzle already built.
// (Building a statement with thousands of values through the `sql` template walked each value through the
// query builder, which cost more than SQLite's insert itself.)
import { SQL, type Query } from "drizzle-orm";

export type SqlValue = string | number | null;
/** A value of a jsonRowsStatement row: a SqlValue, or a REAL encoded by exactReal. */
export type JsonValue = SqlValue | [number, number];

/** A statement whose text and bound parameters are already built; runs through `tx.run` / `tx.all` like any `sql`. */
class BoundStatement extends SQL {
  constructor(private readonly query: Query) {
    super([]);
  }

  override toQuery(): Query {
    return this.query;
  }
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const high = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the word with sign and exponent

/**
 * A REAL value as JSON that SQLite reads back bit for bit. SQLite's text-to-double conversion is not correctly
 * rounded (0.0001051 came back as 0.00010510000000000001), so any other value travels as [m, e] with v = m·2^e
 * exactly (m an integer below 2^53) and is rebuilt by multiplying by a power of two, which is exact.
 */
export function exactReal(v: number | null): number | [number, number] | null {
  if (v === null || (Number.isInteger(v) && Math.abs(v) <= 9007199254740992)) return v; // JSON integers below 2^53 read back exactly
  f64[0] = v;
  const hi = u32[high], lo = u32[1 - high];
  const biased = (hi >>> 20) & 0x7ff;
  let m = (hi & 0xfffff) * 4294967296 + lo;
  if (biased !== 0) m += 4503599627370496; // the implicit leading 1 of a normal number
  const e = (biased === 0 ? 1 : biased) - 1075;
  return [hi >>> 31 ? -m : m, e];
}

/**
 * `head SELECT <column 0>, …, <column n-1> FROM json_each(?) WHERE true tail`: all rows in ONE bound JSON
 * parameter, so a 10,000-row batch is one small statement. libSQL frees a prepared statement's native memory
 * only when V8 collects its handle; dozens of multi-row VALUES statements per batch (≈0.7 MB each) kept the
 * server's resident memory ~50 MB higher under load, for ≈10% less CPU in the write (see test/bench).
 * Values are strings, integers, null, or (in the `reals` columns) what exactReal gives.
 */
export function jsonRowsStatement(head: string, width: number, rows: readonly (readonly JsonValue[])[], tail: string, reals: ReadonlySet<number> = new Set()): SQL {
  if (rows.length === 0) throw new Error("jsonRowsStatement needs at least one row");
  const columns = Array.from({ length: width }, (_, i) =>
    reals.has(i)
      ? `CASE WHEN json_type(value, '$[${i}]') = 'array' THEN (value->>'$[${i}][0]') * power(2.0, value->>'$[${i}][1]') ELSE value->>${i} END`
      : `value->>${i}`,
  ).join(", ");
  // WHERE true: without it SQLite would read the upsert's ON CONFLICT as a join constraint
  return new BoundStatement({ sql: `${head} SELECT ${columns} FROM json_each(?) WHERE true ${tail}`, params: [JSON.stringify(rows)] });
}
