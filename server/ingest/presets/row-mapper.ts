// Turns one row of another system's export into a contract ticket by a mapping: columns, value maps, empty
// markers, dates in the source's formats and zone; counts what the mapping does not cover.
import { DateTime } from "luxon";
import { parseInstant, ticketFields, type TicketInput } from "../../contract/index.js";
import { AppError, type Issue } from "../../errors.js";
import { dateReader } from "./source-dates.js";
import type { DerivedValue, FieldSource, ImportMapping, SingleSource } from "./mapping.js";

type Field = keyof TicketInput;
type Cell = string | number | boolean | null;

const instantFields = new Set<Field>(["opened_at", "first_response_at", "resolved_at", "closed_at"]);
const numberFields = new Set<Field>(["on_hold_minutes", "satisfaction"]);
/** yes/no fields: an empty cell leaves them out (their default, false) rather than null */
const booleanFields = new Set<Field>(["complex", "major_incident"]);
const required: Field[] = ["id", "kind", "service", "opened_at"];
const unitMinutes = { seconds: 1 / 60, minutes: 1, hours: 60 } as const;
/** distinct unmapped values remembered per field: the report names the commonest, memory stays bounded */
const maxDistinctUnmapped = 100;

interface CompiledSource {
  kind: "column" | "constant" | "derived";
  column?: string;
  values?: Map<string, Cell>;
  unit?: keyof typeof unitMinutes;
  constant?: Cell;
  derived?: DerivedValue;
}

export type DerivedRow = Partial<Record<DerivedValue, string | number | null>>;

export interface UnmappedValue {
  field: string;
  column: string;
  value: string;
  count: number;
}

const normalise = (v: string) => v.trim().toLowerCase();

export class RowMapper {
  readonly unmappedColumns: string[];
  /** columns the mapping names that the file lacks (for fields that may be empty) */
  readonly missingColumns: string[] = [];
  private readonly fields: [Field, CompiledSource[]][] = [];
  private readonly empty: Set<string>;
  private readonly unmapped = new Map<string, UnmappedValue>();
  private readonly distinct = new Map<string, number>();
  private readonly dateReaders: ((value: string) => number | null)[];

  constructor(private readonly mapping: ImportMapping, columns: string[], extraUsed: string[] = []) {
    this.empty = new Set(mapping.empty_values.map(normalise));
    this.dateReaders = mapping.date_formats.map((f) => dateReader(f, mapping.timezone));
    const present = new Set(columns);
    const used = new Set<string>(extraUsed);
    const missingRequired: Issue[] = [];
    for (const field of ticketFields) {
      const spec = mapping.fields[field];
      if (!spec) continue;
      const sources = compile(spec);
      const available = sources.filter((s) => s.kind !== "column" || present.has(s.column!));
      for (const s of sources) {
        if (s.kind !== "column") continue;
        used.add(s.column!);
        if (!present.has(s.column!) && !this.missingColumns.includes(s.column!)) this.missingColumns.push(s.column!);
      }
      if (available.length === 0 && required.includes(field)) {
        const names = sources.map((s) => `"${s.column}"`).join(" or ");
        missingRequired.push({ path: `fields.${field}`, message: `the file has no column ${names} for ${field}; name its column with --map ${field}=COLUMN${field === "service" ? " or give --service NAME" : ""}` });
      }
      this.fields.push([field, available]);
    }
    for (const field of required) {
      if (!mapping.fields[field]) missingRequired.push({ path: `fields.${field}`, message: `${field} is not mapped; name its column with --map ${field}=COLUMN${field === "service" ? " or give --service NAME" : ""}` });
    }
    if (missingRequired.length) {
      throw AppError.invalid(`CSV header rejected: ${missingRequired.map((i) => i.message).join("; ")}; the file's columns are ${columns.join(", ")}; nothing was written`, missingRequired);
    }
    this.unmappedColumns = columns.filter((c) => !used.has(c));
  }

  isEmpty(raw: string | undefined): boolean {
    if (raw === undefined) return true;
    const v = raw.trim();
    return v === "" || this.empty.has(v.toLowerCase());
  }

  /** Epoch ms of a source date: an ISO instant with offset, else one of the mapping's formats in its zone; null when unreadable. */
  readDate(raw: string): number | null {
    const v = raw.trim();
    const direct = parseInstant(v);
    if (direct !== null) return direct;
    for (const read of this.dateReaders) {
      const ms = read(v);
      if (ms !== null) return ms;
    }
    const iso = DateTime.fromISO(v, { zone: this.mapping.timezone });
    return iso.isValid ? iso.toMillis() : null;
  }

  /** The contract-shaped ticket of a row, and what could not be read (path = field). */
  map(record: Record<string, string>, derived: DerivedRow = {}): { ticket: Record<string, unknown>; issues: Issue[] } {
    const ticket: Record<string, unknown> = {};
    const issues: Issue[] = [];
    for (const [field, sources] of this.fields) {
      let value: Cell | undefined = null;
      for (const s of sources) {
        value = this.pick(field, s, record, derived);
        if (value !== null) break;
      }
      if (value === null) {
        if (!required.includes(field) && !booleanFields.has(field)) ticket[field] = null;
        continue;
      }
      const converted = this.convert(field, value, sources.find((s) => s.unit)?.unit);
      if ("issue" in converted) issues.push({ path: field, message: converted.issue });
      else ticket[field] = converted.value;
    }
    return { ticket, issues };
  }

  /** Values found in value-mapped columns but missing from the map, commonest first. */
  unmappedValues(): UnmappedValue[] {
    return [...this.unmapped.values()].sort((a, b) => b.count - a.count || a.field.localeCompare(b.field) || a.value.localeCompare(b.value));
  }

  private pick(field: Field, s: CompiledSource, record: Record<string, string>, derived: DerivedRow): Cell {
    if (s.kind === "constant") return s.constant!;
    if (s.kind === "derived") return derived[s.derived!] ?? null;
    const raw = record[s.column!];
    if (this.isEmpty(raw)) return null;
    const v = raw.trim();
    if (!s.values) return v;
    const key = v.toLowerCase();
    if (s.values.has(key)) return s.values.get(key)!;
    this.noteUnmapped(field, s.column!, v);
    return v;
  }

  private noteUnmapped(field: Field, column: string, value: string) {
    const key = `${field}\u0000${value}`;
    const known = this.unmapped.get(key);
    if (known) known.count++;
    else if ((this.distinct.get(field) ?? 0) < maxDistinctUnmapped) {
      this.distinct.set(field, (this.distinct.get(field) ?? 0) + 1);
      this.unmapped.set(key, { field, column, value, count: 1 });
    }
  }

  private convert(field: Field, value: Exclude<Cell, null>, unit?: keyof typeof unitMinutes): { value: unknown } | { issue: string } {
    if (instantFields.has(field)) {
      if (typeof value !== "string") return { issue: `${JSON.stringify(value)} is not a date` };
      const ms = this.readDate(value);
      if (ms === null) return { issue: `cannot read "${value}" as a date (formats ${this.mapping.date_formats.join(", ")} or ISO 8601, in ${this.mapping.timezone})` };
      return { value: new Date(ms).toISOString() };
    }
    if (numberFields.has(field)) {
      const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.replace(",", ".")) : NaN;
      if (!Number.isFinite(n)) return { issue: `"${value}" is not a number` };
      return { value: field === "on_hold_minutes" && unit ? n * unitMinutes[unit] : n };
    }
    if (booleanFields.has(field)) {
      if (typeof value === "boolean") return { value: value };
      const v = String(value).trim().toLowerCase();
      if (["true", "1", "yes", "y"].includes(v)) return { value: true };
      if (["false", "0", "no", "n"].includes(v)) return { value: false };
      return { issue: `"${value}" is not a yes/no value` };
    }
    return { value: typeof value === "string" ? value : String(value) };
  }
}

function compile(spec: FieldSource): CompiledSource[] {
  return (Array.isArray(spec) ? spec : [spec]).map((s: SingleSource): CompiledSource => {
    if (typeof s === "string") return { kind: "column", column: s };
    if ("column" in s) {
      return { kind: "column", column: s.column, unit: s.unit, values: s.values ? new Map(Object.entries(s.values).map(([k, v]) => [normalise(k), v])) : undefined };
    }
    if ("constant" in s) return { kind: "constant", constant: s.constant };
    return { kind: "derived", derived: s.derived };
  });
}
