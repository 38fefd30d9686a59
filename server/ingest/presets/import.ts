// Imports another system's ticket export through a preset or mapping file: the streaming, all-or-nothing CSV
// import with a row transform; a dry run writes nothing and reports what the import would do.
import type { Readable } from "node:stream";
import type { Db } from "../../db/client.js";
import type { BatchResult, DataQuality } from "../../contract/index.js";
import { qualityCounts } from "../../data-quality/offending-records.js";
import { AppError } from "../../errors.js";
import { DryRunOutcome, importTicketsCsv, type ImportProgress } from "../csv-import.js";
import type { MappingReport } from "../csv-tickets.js";
import type { ImportMapping } from "./mapping.js";
import type { CsvEncoding } from "../csv-encoding.js";
import type { UnmappedValue } from "./row-mapper.js";

export { MappedRows } from "./mapped-rows.js";

export interface RefusedRow {
  line: number;
  field: string;
  message: string;
}

export interface DryRunReport {
  dry_run: true;
  rows: number;
  tickets: number;
  inserted: number;
  updated: number;
  unchanged: number;
  refused: number;
  unmapped_columns: string[];
  missing_columns: string[];
  unmapped_values: UnmappedValue[];
  /** the first 200 problems, each with its line (the header is line 1) and field */
  refused_rows: RefusedRow[];
  /** what the tickets it would write would fail of REC-COMPLETE and REC-CONSISTENT: counts and the first 50 rows */
  quality: Omit<DataQuality, "scope">;
}

/** A real import's data-quality counts; the rows are on the Data page (/data/quality?data_change=N). */
export type QualityCounts = Pick<DataQuality, "tickets" | "incomplete" | "inconsistent" | "offending">;

export type ImportOutcome = (BatchResult & { dry_run: false; unmapped_columns: string[]; unmapped_values: UnmappedValue[]; data_change: number; quality: QualityCounts }) | DryRunReport;

/** "line.5.priority" → {line: 5, field: "priority"} */
function refusedRow(path: string, message: string): RefusedRow {
  const m = /^line\.(\d+)\.?(.*)$/.exec(path);
  return { line: m ? Number(m[1]) : 0, field: m?.[2] || path, message: message.replace(/ \(line \d+\)$/, "") };
}

export async function importMappedTickets(
  db: Db,
  now: number,
  actor: string,
  source: Readable | AsyncIterable<Uint8Array>,
  opts: { mapping: ImportMapping; dryRun?: boolean; sourceName?: string; onProgress?: (p: ImportProgress) => void; encoding?: CsvEncoding; readInWorker?: boolean },
): Promise<ImportOutcome> {
  // what the mapping left unused, told once the whole file is read (a header refused leaves none)
  let report: MappingReport = { unmappedColumns: [], missingColumns: [], unmappedValues: [] };
  try {
    let dataChange = 0;
    const result = await importTicketsCsv(db, now, actor, source, {
      sourceName: opts.sourceName, onProgress: opts.onProgress, mapping: opts.mapping, onMapping: (r) => (report = r), dryRun: opts.dryRun, encoding: opts.encoding,
      readInWorker: opts.readInWorker, onDataChange: (id) => (dataChange = id),
    });
    const { tickets, incomplete, inconsistent, offending } = await qualityCounts(db, { dataChangeId: dataChange });
    return {
      ...result, dry_run: false, unmapped_columns: report.unmappedColumns, unmapped_values: report.unmappedValues,
      data_change: dataChange, quality: { tickets, incomplete, inconsistent, offending },
    };
  } catch (e) {
    if (opts.mapping.history && e instanceof AppError && e.issues.some((i) => /duplicate of/.test(i.message))) {
      const h = opts.mapping.history;
      const n = (text: string) => Number(/tickets\.(\d+)/.exec(text)?.[1] ?? -1) + 1;
      const [first] = e.issues;
      throw AppError.invalid(
        `CSV rejected: the updates of one ticket must be together in the file (sort the export by ${h.ticket}); ticket ${n(first.path)} repeats the id of ticket ${n(first.message)}; nothing was written`,
        e.issues,
      );
    }
    if (!(e instanceof DryRunOutcome)) throw e;
    const { result } = e;
    return {
      dry_run: true,
      rows: e.rows,
      tickets: result.received + e.refusedTickets,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.received - result.inserted - result.updated,
      refused: e.refusedTickets,
      unmapped_columns: report.unmappedColumns,
      missing_columns: report.missingColumns,
      unmapped_values: report.unmappedValues,
      refused_rows: e.issues.map((i) => refusedRow(i.path, i.message)),
      quality: e.quality,
    };
  }
}
