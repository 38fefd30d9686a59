// The RowSource of a preset or mapping file: the mapping's rows made into tickets (csv-tickets.ts reads them).
import { AppError } from "../../errors.js";
import type { MappedTicket, RowSource } from "../csv-tickets.js";
import { HistoryGrouper } from "./history.js";
import type { ImportMapping } from "./mapping.js";
import { RowMapper } from "./row-mapper.js";

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

