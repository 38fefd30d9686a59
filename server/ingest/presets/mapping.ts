// The import mapping: which source column (or history-derived value, or constant) fills each ticket field, value
// maps, date formats, time zone and empty markers; validated with zod and published as a JSON Schema.
import { z } from "zod";
import { isValidTimeZone, priorities, ticketFields, ticketKinds, type TicketInput } from "../../contract/index.js";
import { AppError, toIssues } from "../../errors.js";
import { describe } from "../validate.js";

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Values derived from an audit-history export (one row per update); see history.ts. */
export const derivedValues = ["first_response_at", "on_hold_minutes", "resolved_at"] as const;
export type DerivedValue = (typeof derivedValues)[number];

const columnSource = z
  .object({
    column: z.string().min(1).describe("the source column's header, exactly as exported"),
    values: z
      .record(z.string(), cell)
      .optional()
      .describe('value map, e.g. {"1 - Critical": "urgent"}; source values are compared trimmed and case-insensitively; a value missing from the map is kept as it is and reported as unmapped'),
    unit: z.enum(["seconds", "minutes", "hours"]).optional().describe("for on_hold_minutes: the unit of the source number"),
  })
  .strict();
const constantSource = z.object({ constant: cell.describe("the same value for every row, e.g. the kind or the service") }).strict();
const derivedSource = z.object({ derived: z.enum(derivedValues).describe("a value derived from the update history (needs `history`)") }).strict();
const source = z.union([z.string().min(1).describe("a column name"), columnSource, constantSource, derivedSource]);
const fieldSource = z
  .union([source, z.array(source).min(1).max(10).describe("alternatives: the first non-empty one wins")])
  .meta({ id: "FieldSource", description: "a column name, {column, values, unit}, {constant} or {derived}, or a list of them (the first non-empty wins)" });
export type FieldSource = z.infer<typeof fieldSource>;
export type SingleSource = z.infer<typeof source>;

const historySchema = z
  .object({
    ticket: z.string().min(1).describe("the column naming the ticket an update belongs to, e.g. number; the rows of one ticket must be contiguous"),
    sequence: z.string().min(1).optional().describe("a numeric column ordering a ticket's updates, e.g. sys_mod_count"),
    updated_at: z.string().min(1).describe("the column holding the time of the update, e.g. sys_updated_at"),
    state: z.string().min(1).describe("the column holding the state after the update, e.g. incident_state"),
    new_states: z.array(z.string()).default(["New"]).describe("states before the first response"),
    hold_states: z.array(z.string()).default(["On Hold"]).describe("states counted as on hold"),
    hold_state_prefixes: z.array(z.string()).default(["Awaiting"]).describe("states beginning with one of these count as on hold"),
    resolved_states: z.array(z.string()).default(["Resolved"]).describe("states meaning resolved"),
  })
  .strict();
export type HistoryConfig = z.infer<typeof historySchema>;

const fieldsSchema = z
  .object(Object.fromEntries(ticketFields.map((f) => [f, fieldSource.optional()])) as Record<keyof TicketInput, z.ZodOptional<typeof fieldSource>>)
  .strict();

export const defaultDateFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "dd-MM-yyyy HH:mm:ss", "dd-MM-yyyy HH:mm"];

export const importMappingSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    delimiter: z.string().min(1).max(1).default(",").describe('the CSV field separator: "," ";" or "\\t"'),
    timezone: z.string().default("UTC").refine(isValidTimeZone, { message: "unknown IANA time zone" }).describe("the zone of dates written without an offset"),
    date_formats: z
      .array(z.string().min(1))
      .min(1)
      .default(defaultDateFormats)
      .describe("Luxon formats tried in order for dates without an offset, e.g. dd-MM-yyyy HH:mm; ISO 8601 is always accepted"),
    empty_values: z.array(z.string()).default([]).describe('cell values that mean empty, e.g. "?"; compared trimmed and case-insensitively'),
    fields: fieldsSchema.describe("for each ticket field of the contract, where its value comes from"),
    history: historySchema.optional().describe("present for exports with one row per update"),
  })
  .strict()
  .superRefine((m, ctx) => {
    const enums: Partial<Record<keyof TicketInput, readonly string[]>> = { kind: ticketKinds, priority: priorities };
    for (const [field, spec] of Object.entries(m.fields) as [keyof TicketInput, FieldSource | undefined][]) {
      if (!spec) continue;
      const list = Array.isArray(spec) ? spec : [spec];
      list.forEach((s, i) => {
        const path = ["fields", field, ...(Array.isArray(spec) ? [i] : [])];
        if (typeof s === "object" && "derived" in s) {
          if (!m.history) ctx.addIssue({ code: "custom", path, message: `"derived" needs a history section (an export with one row per update)` });
          if (s.derived !== field) ctx.addIssue({ code: "custom", path, message: `derived value ${s.derived} cannot fill ${field}` });
        }
        const allowed = enums[field];
        const targets = typeof s === "object" && "values" in s && s.values ? Object.entries(s.values) : typeof s === "object" && "constant" in s ? [["constant", s.constant] as const] : [];
        if (allowed) {
          for (const [from, to] of targets) {
            if (to !== null && !allowed.includes(String(to))) ctx.addIssue({ code: "custom", path: [...path, "values" in (s as object) ? "values" : "constant", ...(from === "constant" ? [] : [from])], message: `${JSON.stringify(to)} is not a ${field}; use one of ${allowed.join(", ")} or null` });
          }
        }
      });
    }
  });
export type ImportMapping = z.infer<typeof importMappingSchema>;
export type ImportMappingInput = z.input<typeof importMappingSchema>;

/** The published JSON Schema of a mapping file (GET /api/v1/import-mapping.schema.json, presets/mapping.schema.json). */
export function importMappingJsonSchema() {
  return z.toJSONSchema(importMappingSchema, { io: "input", unrepresentable: "any" });
}

/** Validates a mapping; a bad one is refused naming each bad field (fields.priority.values.1: …). */
export function parseMapping(value: unknown, what = "mapping"): ImportMapping {
  const parsed = importMappingSchema.safeParse(value);
  if (!parsed.success) {
    const issues = toIssues(parsed.error.issues);
    throw AppError.invalid(`${what} rejected: ${describe(issues)}`, issues);
  }
  return parsed.data;
}

/** Reads a mapping file's text: JSON first, then the schema. */
export function parseMappingText(text: string, what: string): ImportMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw AppError.invalid(`${what} rejected: not JSON (${(e as Error).message})`, [{ path: "", message: "not JSON" }]);
  }
  return parseMapping(json, what);
}

export interface MappingOverrides {
  /** FIELD=COLUMN pairs; an empty COLUMN unmaps the field */
  map?: string[];
  timezone?: string;
  /** a constant service for every ticket */
  service?: string;
}

/** Applies the command line's --map, --timezone and --service to a mapping; a column keeps the value map and unit it replaces. */
export function withOverrides(mapping: ImportMapping, o: MappingOverrides): ImportMapping {
  const fields: Record<string, FieldSource | undefined> = { ...mapping.fields };
  for (const pair of o.map ?? []) {
    const eq = pair.indexOf("=");
    const field = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    if (eq < 0 || !(ticketFields as string[]).includes(field)) {
      throw AppError.invalid(`--map ${pair}: expected FIELD=COLUMN with FIELD one of ${ticketFields.join(", ")}`, [{ path: `map.${field}`, message: "unknown field" }]);
    }
    const column = pair.slice(eq + 1).trim();
    if (!column) {
      delete fields[field];
      continue;
    }
    const previous = firstColumnSource(fields[field]);
    fields[field] = previous ? { ...previous, column } : column;
  }
  if (o.service !== undefined) fields.service = { constant: o.service };
  return parseMapping({ ...mapping, fields, ...(o.timezone ? { timezone: o.timezone } : {}) }, "mapping with its overrides");
}

function firstColumnSource(spec: FieldSource | undefined): z.infer<typeof columnSource> | null {
  for (const s of Array.isArray(spec) ? spec : spec ? [spec] : []) if (typeof s === "object" && "column" in s) return s;
  return null;
}
