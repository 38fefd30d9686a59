// Bulk statements for ingest: fixed SQL text of the caller, every value bound, handed to drizzle already built.
// (Building a statement with thousands of values through the `sql` template walked each value through the
// query builder, which cost more than SQLite's insert itself.)
import { SQL, type Query } from "drizzle-orm";
import { rememberBuiltRows, rowsHandle, rowsMarker } from "../db/prepared-statements.js";

export type SqlValue = string | number | null;

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
const exactInJson = (v: number) => Number.isInteger(v) && Math.abs(v) <= 9007199254740992; // JSON integers below 2^53 read back exactly

/**
 * A double as [m, e] with v = m·2^e exactly (m an integer below 2^53). SQLite's text-to-double conversion is
 * not correctly rounded (0.0001051 came back as 0.00010510000000000001), while m * power(2.0, e) is exact.
 */
export function exactReal(v: number): [number, number] {
  if (exactInJson(v)) return [v, 0];
  f64[0] = v;
  const hi = u32[high], lo = u32[1 - high];
  const biased = (hi >>> 20) & 0x7ff;
  let m = (hi & 0xfffff) * 4294967296 + lo;
  if (biased !== 0) m += 4503599627370496; // the implicit leading 1 of a normal number
  const e = (biased === 0 ? 1 : biased) - 1075;
  return [hi >>> 31 ? -m : m, e];
}

/** The json_each form: columns in `encoded` read as exactReal pairs. */
function jsonEachStatement(head: string, width: number, tail: string, encoded: ReadonlySet<number>): string {
  const columns = Array.from({ length: width }, (_, i) =>
    encoded.has(i) ? `(value->>'$[${i}][0]') * power(2.0, value->>'$[${i}][1]')` : `value->>${i}`,
  ).join(", ");
  // WHERE true: without it SQLite would read the upsert's ON CONFLICT as a join constraint
  return `${head} SELECT ${columns} FROM json_each(?) WHERE true ${tail}`;
}

/**
 * `head SELECT <column 0>, …, <column n-1> FROM json_each(?) WHERE true tail`: all rows in ONE bound JSON
 * parameter, so a 10,000-row batch is one small statement. libSQL frees a prepared statement's native memory
 * only when V8 collects its handle; dozens of multi-row VALUES statements per batch (≈0.7 MB each) kept the
 * server's peak memory ~75 MB higher through the benchmark (see test/bench and README, Performance).
 * Values are strings, numbers or null. A column in `reals` whose values are not all integers below 2^53 travels
 * as exactReal pairs, so SQLite stores the very doubles computed here; other columns go as plain JSON.
 * `rowByRow`: true for an INSERT (its single-row form is derived), or the single-row statement itself (one `?` per
 * column, in column order): on an embedded file the rows then run through that statement prepared once.
 */
export function jsonRowsStatement(
  head: string,
  width: number,
  rows: readonly (readonly SqlValue[])[],
  tail: string,
  reals: ReadonlySet<number> = new Set(),
  rowByRow: boolean | string = false,
): SQL {
  if (rows.length === 0) throw new Error("jsonRowsStatement needs at least one row");
  // an INSERT also names its single-row form: on an embedded file it runs prepared once, row by row (db/prepared-statements.ts);
  // any other statement runs row by row only when the caller gives its single-row form (one `?` per column, in order)
  const single = typeof rowByRow === "string" ? rowByRow : rowByRow && /^\s*INSERT\b/i.test(head) ? `${head} VALUES (${Array(width).fill("?").join(", ")}) ${tail}` : "";
  const marker = single ? `${rowsMarker}${single} */ ` : "";
  // run by this process's embedded driver alone: the rows go by handle, never written as JSON; the text is the
  // json_each form with every REAL column as an exact pair, one text whatever the values (one cached statement)
  const handle = marker ? rowsHandle(rows) : null;
  if (handle !== null) return new BoundStatement({ sql: marker + jsonEachStatement(head, width, tail, reals), params: [handle] });
  const encoded = new Set<number>();
  for (const i of reals) {
    for (const row of rows) {
      const v = row[i];
      if (typeof v === "number" && !exactInJson(v)) {
        encoded.add(i);
        break;
      }
    }
  }
  let json = rows as readonly (readonly unknown[])[];
  if (encoded.size) {
    json = rows.map((row) => {
      const out: unknown[] = row.slice();
      for (const i of encoded) if (typeof row[i] === "number") out[i] = exactReal(row[i] as number);
      return out;
    });
  }
  const statement = jsonEachStatement(head, width, tail, encoded);
  const param = JSON.stringify(json);
  // an embedded connection runs the rows themselves, not their JSON parsed back (prepared-statements.ts)
  if (marker) rememberBuiltRows(param, json);
  return new BoundStatement({ sql: marker + statement, params: [param] });
}
