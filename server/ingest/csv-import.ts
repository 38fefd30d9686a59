// Streaming CSV import of tickets (UTF-8, or GB18030/GBK when declared: csv-encoding.ts): parsed row by row, written in chunks inside one transaction, so a
// million-row file never sits in memory and a file with any malformed row (or an id given twice) writes nothing.
import { Readable } from "node:stream";
import type { Db } from "../db/client.js";
import type { BatchResult, DataQuality } from "../contract/index.js";
import { AppError, type Issue } from "../errors.js";
import type { CsvEncoding } from "./csv-encoding.js";
import { readCsvTickets } from "./csv-reader.js";
import { maxIssues, type CsvTicketsSpec, type MappingReport } from "./csv-tickets.js";
import type { ImportMapping } from "./presets/mapping.js";
import { recordBatch, TicketWriter } from "./tickets.js";
import { describe } from "./validate.js";
import { qualityReport } from "../data-quality/offending-records.js";

export { csvRecordToTicket, type MappedTicket, type RowSource } from "./csv-tickets.js";

export interface ImportProgress {
  rows: number;
  bytes: number;
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

/** offending rows a dry run names (the counts cover them all) */
const dryRunQualityRows = 50;

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
    /** another system's export: a preset or mapping file's columns instead of the contract's */
    mapping?: ImportMapping;
    /** told what the mapping left unused, once the whole file is read */
    onMapping?: (report: MappingReport) => void;
    dryRun?: boolean;
    /** read and check the file in a worker thread, overlapping the writes (for a file of `workerReadBytes` or more) */
    readInWorker?: boolean;
    /** told the data change the import writes as (its rows carry it): the scope of its data-quality report */
    onDataChange?: (id: number) => void;
  } = {},
): Promise<BatchResult> {
  const input = source instanceof Readable ? source : Readable.from(source);
  const spec: CsvTicketsSpec = { now, encoding: opts.encoding ?? "utf-8", mapping: opts.mapping, dryRun: opts.dryRun ?? false };
  // started before the transaction: the first chunks are read while the write lock is waited for
  const chunks = readCsvTickets(input, spec, opts.readInWorker ?? false);
  try {
    return await db.transaction(async (tx) => {
      const writer = await TicketWriter.create(tx, now, { actor, source: opts.sourceName ?? "csv" });
      opts.onDataChange?.(writer.revision);
      let lastReport = 0;
      let next = await chunks.next();
      for (; !next.done; next = await chunks.next()) {
        await writer.write(tx, next.value.tickets);
        if (opts.onProgress && next.value.rows - lastReport >= 10_000) {
          lastReport = next.value.rows;
          opts.onProgress({ rows: next.value.rows, bytes: next.value.bytes });
        }
      }
      const { rows, issues, refused, mapping } = next.value;
      if (mapping) opts.onMapping?.(mapping);
      if (opts.dryRun) {
        const result = await writer.finish(tx);
        // read inside the transaction: the rows exist here and nowhere else once it rolls back
        throw new DryRunOutcome(result, rows, issues, refused, await qualityReport(tx, { dataChangeId: writer.revision }, { page: 1, pageSize: dryRunQualityRows }));
      }
      if (issues.length) throw AppError.invalid(`CSV rejected: ${describe(issues)}; nothing was written`, issues.slice(0, maxIssues));
      const result = await writer.finish(tx);
      opts.onProgress?.({ rows, bytes: next.value.bytes });
      await recordBatch(tx, now, actor, "tickets", opts.sourceName ?? "csv", result, writer.revision);
      return result;
    });
  } finally {
    // a refusal part-way (an id given twice) leaves the rest of the file unread: the reader stops
    await chunks.return(undefined as never);
  }
}
