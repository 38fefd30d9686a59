// Streaming CSV import of tickets (UTF-8, or GB18030/GBK when declared: csv-encoding.ts): parsed row by row, written in chunks inside one transaction, so a
// million-row file never sits in memory and a file with any malformed row (or an id given twice) writes nothing.
import { CsvError, parse } from "csv-parse";
import { pipeline, Readable, Transform } from "node:stream";
import type { Db } from "../db/client.js";
import { ticketFields, ticketSchema, type BatchResult, type TicketInput } from "../contract/index.js";
import { AppError, toIssues, type Issue } from "../errors.js";
import { csvDecoder, type CsvEncoding } from "./csv-encoding.js";
import { recordBatch, TicketWriter } from "./tickets.js";
import { describe, ticketIssues, unstorableText } from "./validate.js";
import { qualityReport } from "../data-quality/offending-records.js";
import type { DataQuality } from "../contract/index.js";

export interface ImportProgress {
  rows: number;
  bytes: number;
}

/** A ticket made from a source row by a RowSource, with the problems found making it (path = field name). */
export interface MappedTicket {
  line: number;
  ticket: Record<string, unknown>;
  issues: Issue[];
}

/**
 * Another system's export instead of the contract's own columns (presets/): it checks the header and turns each
 * row into tickets; a source that groups several rows into one ticket yields it later, or at the end.
 */
export interface RowSource {
  delimiter: string;
  header(columns: string[]): void;
  row(record: Record<string, string>, line: number): MappedTicket[];
  end(): MappedTicket[];
}

/** Thrown inside the transaction by a dry run, so everything it wrote is rolled back; carries what it found. */
export class DryRunOutcome extends Error {
  constructor(
    readonly result: BatchResult,
    readonly rows: number,
    readonly issues: Issue[],
    readonly refusedTickets: number,
    /** what the written rows would fail of REC-COMPLETE and REC-CONSISTENT, read before the rollback */
    readonly quality: Omit<DataQuality, "scope">,
  ) {
    super("dry run: rolled back");
  }
}

const chunkRows = 2000;
/** offending rows a dry run names (the counts cover them all) */
const dryRunQualityRows = 50;
const maxIssues = 200;
const required = ["id", "kind", "service", "opened_at"];
const booleanFields = new Set(["complex", "major_incident"]);
const numberFields = new Set(["on_hold_minutes", "satisfaction"]);

/** Turns a CSV record (strings) into the contract's shape: empty cell = null, typed booleans and numbers. */
export function csvRecordToTicket(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(record)) {
    if (raw === "" || raw === undefined) {
      out[key] = null;
      continue;
    }
    if (booleanFields.has(key)) {
      const v = raw.trim().toLowerCase();
      out[key] = v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : raw;
    } else if (numberFields.has(key)) {
      const n = Number(raw);
      out[key] = raw.trim() !== "" && Number.isFinite(n) ? n : raw;
    } else out[key] = raw;
  }
  // required fields given as empty cells are missing, not null
  for (const k of required) if (out[k] === null) delete out[k];
  if (out.complex === null) delete out.complex;
  if (out.major_incident === null) delete out.major_incident;
  return out;
}

/**
 * A header row is field names: 16 of them take a few hundred characters. A longer first line is refused before
 * csv-parse splits it, and more columns than this are refused before each is checked: a 1,000,000-column header
 * once cost 2.7 GB of memory and a 307 MB answer listing every column.
 */
const maxHeaderChars = 64 * 1024;
const maxHeaderColumns = 100;
/** Columns named in the answer; the rest are counted. */
const maxColumnIssues = 20;

/** Fails the stream once the first line (the header) runs past `maxHeaderChars` without ending. */
function headerLengthGuard(): Transform {
  let headerChars = 0;
  let headerDone = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!headerDone) {
        const text = String(chunk);
        const end = text.indexOf("\n");
        headerChars += end < 0 ? text.length : end;
        headerDone = end >= 0;
        if (headerChars > maxHeaderChars) {
          return done(AppError.invalid(`CSV header rejected: the header line is longer than ${maxHeaderChars} characters; it must be one row of field names; nothing was written`, [{ path: "header", message: `longer than ${maxHeaderChars} characters` }]));
        }
      }
      done(null, chunk);
    },
  });
}

function checkHeader(columns: string[]): void {
  if (columns.length > maxHeaderColumns) {
    throw AppError.invalid(`CSV header rejected: ${columns.length} columns; a ticket has ${ticketFields.length} fields, so at most ${maxHeaderColumns} columns are read; nothing was written`, [
      { path: "header", message: `${columns.length} columns (at most ${maxHeaderColumns})` },
    ]);
  }
  const issues: Issue[] = [];
  const known = new Set<string>(ticketFields);
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (!known.has(c)) issues.push({ path: `header.${i}`, message: `unknown column "${c}"; columns are ${ticketFields.join(", ")}` });
    if (seen.has(c)) issues.push({ path: `header.${i}`, message: `column "${c}" appears twice` });
    seen.add(c);
  });
  const missing = required.filter((r) => !seen.has(r)).map((r) => ({ path: "header", message: `required column "${r}" is missing` }));
  if (issues.length + missing.length === 0) return;
  const named = issues.slice(0, maxColumnIssues);
  if (issues.length > maxColumnIssues) named.push({ path: "header", message: `and ${issues.length - maxColumnIssues} more unknown or repeated columns` });
  throw AppError.invalid(`CSV header rejected: ${describe([...issues, ...missing])}`, [...named, ...missing]);
}

export async function importTicketsCsv(
  db: Db,
  now: number,
  actor: string,
  source: Readable | AsyncIterable<Uint8Array>,
  opts: {
    sourceName?: string;
    onProgress?: (p: ImportProgress) => void;
    /** utf-8 (default; a BOM is skipped) or gb18030 (GBK, GB2312) */
    encoding?: CsvEncoding;
    rows?: RowSource;
    dryRun?: boolean;
    /** told the data change the import writes as (its rows carry it): the scope of its data-quality report */
    onDataChange?: (id: number) => void;
  } = {},
): Promise<BatchResult> {
  const input = source instanceof Readable ? source : Readable.from(source);
  let bytes = 0;
  let headerSeen = false;
  // the line a record ends on, for a RowSource's report (a quoted cell may hold line breaks)
  const lineOf = new WeakMap<object, number>();
  input.on("data", (chunk: Buffer) => (bytes += chunk.length));
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      const cols = header.map((h) => h.trim());
      if (opts.rows) opts.rows.header(cols);
      else checkHeader(cols);
      headerSeen = true;
      return cols;
    },
    delimiter: opts.rows?.delimiter ?? ",",
    relax_column_count: false,
    on_record: opts.rows ? (record: Record<string, string>, context: { lines: number }) => (lineOf.set(record, context.lines), record) : undefined,
    skip_empty_lines: true,
  });
  // pipeline hands an error of any stage (a read error, undecodable bytes) to the parser, where the loop below
  // sees it; with bare .pipe() an error of the guard was an unhandled 'error' event that killed the process
  const records = pipeline(input, csvDecoder(opts.encoding ?? "utf-8"), headerLengthGuard(), parser, () => {});

  return db.transaction(async (tx) => {
    const writer = await TicketWriter.create(tx, now, { actor, source: opts.sourceName ?? "csv" });
    opts.onDataChange?.(writer.revision);
    const issues: Issue[] = [];
    let chunk: TicketInput[] = [];
    let index = 0;
    let lastReport = 0;
    let refused = 0;
    const accept = async (ticket: Record<string, unknown>, path: (string | number)[], line: number, mapped: Issue[] = []) => {
      const parsed = mapped.length ? null : ticketSchema.safeParse(ticket);
      const bad = !parsed
        ? mapped.map((i) => ({ ...i, path: [...path, i.path].join(".") }))
        : parsed.success
          ? [...unstorableText(parsed.data, path), ...ticketIssues(parsed.data, now, path)]
          : toIssues(parsed.error.issues, path);
      if (!parsed?.success || bad.length) {
        refused++;
        if (issues.length < maxIssues) issues.push(...bad.map((i) => ({ ...i, message: `${i.message} (line ${line})` })));
      } else if (issues.length === 0 || opts.dryRun) {
        chunk.push(parsed.data);
        if (chunk.length >= chunkRows) {
          await writer.write(tx, chunk);
          chunk = [];
        }
      }
    };
    try {
      for await (const record of records as AsyncIterable<Record<string, string>>) {
        if (opts.rows) for (const m of opts.rows.row(record, lineOf.get(record) ?? index + 2)) await accept(m.ticket, ["line", m.line], m.line, m.issues);
        else await accept(csvRecordToTicket(record), ["tickets", index], index + 2);
        index++;
        if (opts.onProgress && index - lastReport >= 10_000) {
          lastReport = index;
          opts.onProgress({ rows: index, bytes });
        }
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      // every parse error is a CsvError; not all codes start with CSV_ (INVALID_OPENING_QUOTE does not)
      if (e instanceof CsvError) {
        throw AppError.invalid(`CSV rejected: ${e.message}; nothing was written`, [{ path: `tickets.${index}`, message: e.message }]);
      }
      throw e;
    }
    if (!headerSeen) throw AppError.invalid("CSV rejected: the file is empty; it needs a header row of field names", [{ path: "header", message: "missing header row" }]);
    // a header alone is most likely an export that went wrong; recording it as an empty batch would hide that
    if (index === 0) throw AppError.invalid("CSV rejected: the file has a header row but no tickets; nothing was written", [{ path: "tickets", message: "no rows after the header" }]);
    if (opts.rows) for (const m of opts.rows.end()) await accept(m.ticket, ["line", m.line], m.line, m.issues);
    if (opts.dryRun) {
      if (chunk.length) await writer.write(tx, chunk);
      const result = await writer.finish(tx);
      // read inside the transaction: the rows exist here and nowhere else once it rolls back
      throw new DryRunOutcome(result, index, issues, refused, await qualityReport(tx, { dataChangeId: writer.revision }, { page: 1, pageSize: dryRunQualityRows }));
    }
    if (issues.length) throw AppError.invalid(`CSV rejected: ${describe(issues)}; nothing was written`, issues.slice(0, maxIssues));
    if (chunk.length) await writer.write(tx, chunk);
    const result = await writer.finish(tx);
    opts.onProgress?.({ rows: index, bytes });
    await recordBatch(tx, now, actor, "tickets", opts.sourceName ?? "csv", result, writer.revision);
    return result;
  });
}
