// The reading half of a CSV import: bytes → decoded text → records → tickets (the contract's columns, or a preset's
// mapping) → validated, in chunks. The writing half (csv-import.ts) takes the chunks inside its transaction. This half
// runs in the importing thread, or in a worker thread of its own (csv-parse-worker.ts) so that a large file's parsing
// and checking overlap its writes: the code is the same, only where it runs differs.
import { CsvError, parse } from "csv-parse";
import { pipeline, Transform, type Readable } from "node:stream";
import { ticketFields, ticketSchema, type TicketInput } from "../contract/index.js";
import { AppError, toIssues, type Issue } from "../errors.js";
import { csvDecoder, type CsvEncoding } from "./csv-encoding.js";
import { describe, ticketIssues, unstorableText } from "./validate.js";
import type { ImportMapping } from "./presets/mapping.js";
import { MappedRows } from "./presets/mapped-rows.js";
import type { UnmappedValue } from "./presets/row-mapper.js";

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

/** What the reading half needs to know: plain data, so that it can be handed to a worker thread. */
export interface CsvTicketsSpec {
  now: number;
  encoding: CsvEncoding;
  /** another system's export (a preset or mapping file); absent: the contract's own columns */
  mapping?: ImportMapping;
  /** a dry run keeps every valid ticket after a refused one, to report what the import would write */
  dryRun: boolean;
}

/** Valid tickets, in file order; `rows` and `bytes` say how far the file has been read. */
export interface TicketsChunk {
  tickets: TicketInput[];
  rows: number;
  bytes: number;
}

/** What a mapping found that it did not use (reported by a preset import, real or dry). */
export interface MappingReport {
  unmappedColumns: string[];
  missingColumns: string[];
  unmappedValues: UnmappedValue[];
}

/** The end of the file: what was read and refused. */
export interface CsvTicketsSummary {
  rows: number;
  bytes: number;
  /** the problems found, each naming its line: the first `maxIssues` tickets' worth (a ticket may have several) */
  issues: Issue[];
  /** tickets refused (all of them, not only those named) */
  refused: number;
  mapping: MappingReport | null;
}

export const chunkRows = 2000;
/**
 * The longest record read, in characters: a ticket's text fields take at most 10,000 each, and an export may carry
 * columns no mapping reads. A longer one is refused, naming its line, before it is held in memory whole.
 */
export const maxRecordChars = 1024 * 1024;
export const maxIssues = 200;
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

/**
 * Reads the file and yields its valid tickets in chunks of `chunkRows`; returns the summary at the end. Once a
 * ticket is refused, later valid tickets are not yielded (nothing will be written), except in a dry run. A malformed
 * file, header or encoding throws an AppError naming where.
 */
export async function* csvTickets(input: Readable, spec: CsvTicketsSpec): AsyncGenerator<TicketsChunk, CsvTicketsSummary, void> {
  const rows: RowSource | null = spec.mapping ? new MappedRows(spec.mapping) : null;
  let bytes = 0;
  let headerSeen = false;
  // the line a record ends on, for a RowSource's report (a quoted cell may hold line breaks)
  const lineOf = new WeakMap<object, number>();
  input.on("data", (chunk: Buffer) => (bytes += chunk.length));
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      const cols = header.map((h) => h.trim());
      if (rows) rows.header(cols);
      else checkHeader(cols);
      headerSeen = true;
      return cols;
    },
    delimiter: rows?.delimiter ?? ",",
    relax_column_count: false,
    max_record_size: maxRecordChars,
    on_record: rows ? (record: Record<string, string>, context: { lines: number }) => (lineOf.set(record, context.lines), record) : undefined,
    skip_empty_lines: true,
  });
  // pipeline hands an error of any stage (a read error, undecodable bytes) to the parser, where the loop below
  // sees it; with bare .pipe() an error of the guard was an unhandled 'error' event that killed the process
  const records = pipeline(input, csvDecoder(spec.encoding), headerLengthGuard(), parser, () => {});

  const issues: Issue[] = [];
  let chunk: TicketInput[] = [];
  let index = 0;
  let refused = 0;
  const accept = (ticket: Record<string, unknown>, path: (string | number)[], line: number, mapped: Issue[] = []) => {
    const parsed = mapped.length ? null : ticketSchema.safeParse(ticket);
    const bad = !parsed
      ? mapped.map((i) => ({ ...i, path: [...path, i.path].join(".") }))
      : parsed.success
        ? [...unstorableText(parsed.data, path), ...ticketIssues(parsed.data, spec.now, path)]
        : toIssues(parsed.error.issues, path);
    if (!parsed?.success || bad.length) {
      refused++;
      if (issues.length < maxIssues) issues.push(...bad.map((i) => ({ ...i, message: `${i.message} (line ${line})` })));
    } else if (issues.length === 0 || spec.dryRun) chunk.push(parsed.data);
  };
  try {
    for await (const record of records as AsyncIterable<Record<string, string>>) {
      if (rows) for (const m of rows.row(record, lineOf.get(record) ?? index + 2)) accept(m.ticket, ["line", m.line], m.line, m.issues);
      else accept(csvRecordToTicket(record), ["tickets", index], index + 2);
      index++;
      if (chunk.length >= chunkRows) {
        yield { tickets: chunk, rows: index, bytes };
        chunk = [];
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    // every parse error is a CsvError; not all codes start with CSV_ (INVALID_OPENING_QUOTE does not)
    if (e instanceof CsvError) {
      // the record it failed in: the records parsed before it (not the loop's count, which may lag behind the parser)
      const at = typeof (e as { records?: unknown }).records === "number" ? (e as unknown as { records: number }).records : index;
      throw AppError.invalid(`CSV rejected: ${e.message}; nothing was written`, [{ path: `tickets.${at}`, message: e.message }]);
    }
    throw e;
  }
  if (!headerSeen) throw AppError.invalid("CSV rejected: the file is empty; it needs a header row of field names", [{ path: "header", message: "missing header row" }]);
  // a header alone is most likely an export that went wrong; recording it as an empty batch would hide that
  if (index === 0) throw AppError.invalid("CSV rejected: the file has a header row but no tickets; nothing was written", [{ path: "tickets", message: "no rows after the header" }]);
  if (rows) for (const m of rows.end()) accept(m.ticket, ["line", m.line], m.line, m.issues);
  if (chunk.length) yield { tickets: chunk, rows: index, bytes };
  const mapper = rows instanceof MappedRows ? rows.mapper : null;
  return {
    rows: index,
    bytes,
    issues,
    refused,
    mapping: mapper ? { unmappedColumns: mapper.unmappedColumns, missingColumns: mapper.missingColumns, unmappedValues: mapper.unmappedValues() } : null,
  };
}
