// An audit-history export (one row per update) made into one ticket per incident: the newest update carries the
// final values; first response, on-hold time and resolution are derived from the sequence of states.
import type { MappedTicket } from "../csv-tickets.js";
import type { Issue } from "../../errors.js";
import type { HistoryConfig } from "./mapping.js";
import type { DerivedRow, RowMapper } from "./row-mapper.js";

interface Update {
  record: Record<string, string>;
  line: number;
  sequence: number;
  at: number | null;
}

/**
 * Rows are read in export order and the rows of one ticket must be contiguous (an export sorted by the ticket's
 * number, in any order of updates): only the current ticket's updates are held, so memory stays flat. A ticket
 * whose rows come back after another ticket's is refused as an id given twice.
 */
export class HistoryGrouper {
  private key: string | null = null;
  private updates: Update[] = [];
  private readonly newStates: Set<string>;
  private readonly holdStates: Set<string>;
  private readonly holdPrefixes: string[];
  private readonly resolvedStates: Set<string>;

  constructor(private readonly config: HistoryConfig, private readonly mapper: RowMapper) {
    const lower = (xs: string[]) => new Set(xs.map((x) => x.trim().toLowerCase()));
    this.newStates = lower(config.new_states);
    this.holdStates = lower(config.hold_states);
    this.holdPrefixes = config.hold_state_prefixes.map((p) => p.trim().toLowerCase());
    this.resolvedStates = lower(config.resolved_states);
  }

  /** Adds one update; yields the previous ticket once a row of another ticket begins. */
  push(record: Record<string, string>, line: number): MappedTicket[] {
    const key = (record[this.config.ticket] ?? "").trim();
    const out = this.key !== null && key !== this.key ? this.flush() : [];
    this.key = key;
    const rawSequence = this.config.sequence ? (record[this.config.sequence] ?? "").trim() : "";
    const raw = record[this.config.updated_at];
    this.updates.push({ record, line, sequence: rawSequence === "" ? NaN : Number(rawSequence), at: this.mapper.isEmpty(raw) ? null : this.mapper.readDate(raw) });
    return out;
  }

  /** The ticket of the updates held so far. */
  flush(): MappedTicket[] {
    const updates = this.updates;
    this.updates = [];
    this.key = null;
    if (updates.length === 0) return [];
    const newest = updates[updates.length - 1];
    const issues: Issue[] = [];
    for (const u of updates) {
      if (u.at === null) issues.push({ path: this.config.updated_at, message: `update on line ${u.line} has no readable ${this.config.updated_at} ("${u.record[this.config.updated_at] ?? ""}")` });
      if (this.config.sequence && !Number.isFinite(u.sequence)) issues.push({ path: this.config.sequence, message: `update on line ${u.line} has no numeric ${this.config.sequence}` });
    }
    if (issues.length) return [{ line: newest.line, ticket: {}, issues }];
    updates.sort((a, b) => (this.config.sequence ? a.sequence - b.sequence : 0) || a.at! - b.at!);
    const last = updates[updates.length - 1];
    const mapped = this.mapper.map(last.record, this.derive(updates));
    return [{ line: last.line, ...mapped }];
  }

  private derive(updates: Update[]): DerivedRow {
    const state = (u: Update) => (u.record[this.config.state] ?? "").trim().toLowerCase();
    const isHold = (s: string) => this.holdStates.has(s) || this.holdPrefixes.some((p) => s.startsWith(p));
    let firstResponse: number | null = null;
    let resolved: number | null = null;
    let holdStart: number | null = null;
    let holdMs = 0;
    for (const u of updates) {
      const s = state(u);
      if (firstResponse === null && s !== "" && !this.newStates.has(s)) firstResponse = u.at;
      if (resolved === null && this.resolvedStates.has(s)) resolved = u.at;
      // a hold runs from the update that entered a hold state to the next update in a state that is not one;
      // a hold still open at the newest update is not counted (its end is not in the export)
      if (isHold(s)) holdStart ??= u.at;
      else if (holdStart !== null) {
        holdMs += u.at! - holdStart;
        holdStart = null;
      }
    }
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return { first_response_at: iso(firstResponse), resolved_at: iso(resolved), on_hold_minutes: holdMs / 60_000 };
  }
}
