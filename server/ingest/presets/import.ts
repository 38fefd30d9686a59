// Imports another system's ticket export through a preset or mapping file: the streaming, all-or-nothing CSV
// import with a row transform; a dry run writes nothing and reports what the import would do.
import type { Readable } from "node:stream";
import type { Db } from "../../db/client.js";
import type { BatchResult, DataQuality } from "../../contract/index.js";
import { qualityCounts } from "../../data-quality/offending-records.js";
import { AppError } from "../../errors.js";
import { DryRunOutcome, importTicketsCsv, type ImportProgress, type MappedTicket, type RowSource } from "../csv-import.js";
import { HistoryGrouper } from "./history.js";
import type { ImportMapping } from "./mapping.js";
import type { CsvEncoding } from "../csv-encoding.js";
import { RowMapper, type UnmappedValue } from "./row-mapper.js";

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

/** The RowSource of a mapping: one ticket per row, or per incident for a history export. */
export class MappedRows implements RowSource {
  readonly delimiter: string;
  mapper: RowMapper | null = null;
  private grouper: HistoryGrouper | null = null;

  constructor(private readonly mapping: ImportMapping) {
    this.delimiter = mapping.delimiter;
  }

  header(columns: string[]): void {
    const h = this.mapping.history;
    const historyColumns = h ? [h.ticket, h.updated_at, h.state, ...(h.sequence ? [h.sequence] : [])] : [];
    this.mapper = new RowMapper(this.mapping, columns, historyColumns);
    if (h) {
      const missing = historyColumns.filter((c) => !columns.includes(c));
      if (missing.length) {
        const names = missing.map((c) => `"${c}"`).join(", ");
        throw AppError.invalid(
          `CSV header rejected: a history export needs the column${missing.length > 1 ? "s" : ""} ${names}; the file's columns are ${columns.join(", ")}; nothing was written`,
          missing.map((c) => ({ path: "header", message: `column "${c}" is missing` })),
        );
      }
      this.grouper = new HistoryGrouper(h, this.mapper);
    }
  }

  row(record: Record<string, string>, line: number): MappedTicket[] {
    if (this.grouper) return this.grouper.push(record, line);
    return [{ line, ...this.mapper!.map(record) }];
  }

  end(): MappedTicket[] {
    return this.grouper ? this.grouper.flush() : [];
  }
}

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
  opts: { mapping: ImportMapping; dryRun?: boolean; sourceName?: string; onProgress?: (p: ImportProgress) => void; encoding?: CsvEncoding },
): Promise<ImportOutcome> {
  const rows = new MappedRows(opts.mapping);
  try {
    let dataChange = 0;
    const result = await importTicketsCsv(db, now, actor, source, {
      sourceName: opts.sourceName, onProgress: opts.onProgress, rows, dryRun: opts.dryRun, encoding: opts.encoding, onDataChange: (id) => (dataChange = id),
    });
    const { tickets, incomplete, inconsistent, offending } = await qualityCounts(db, { dataChangeId: dataChange });
    return {
      ...result, dry_run: false, unmapped_columns: rows.mapper?.unmappedColumns ?? [], unmapped_values: rows.mapper?.unmappedValues() ?? [],
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
      unmapped_columns: rows.mapper?.unmappedColumns ?? [],
      missing_columns: rows.mapper?.missingColumns ?? [],
      unmapped_values: rows.mapper?.unmappedValues() ?? [],
      refused_rows: e.issues.map((i) => refusedRow(i.path, i.message)),
      quality: e.quality,
    };
  }
}
