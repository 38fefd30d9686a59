// The public contract (../shared/domain/contract.md) as zod schemas: handlers, CSV import, OpenAPI and tests use these.
import { z } from "zod";
import { reportLocales } from "./db/schema.js";

const instantPattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Accepted instants lie in [1970-01-01, 2100-01-01) (rulebook.md, contract.md); so do bare dates. */
const earliestInstant = Date.UTC(1970, 0, 1);
const instantsBefore = Date.UTC(2100, 0, 1);
const inRange = (ms: number) => ms >= earliestInstant && ms < instantsBefore;
const rangeMessage = "must lie between 1970-01-01 and 2100-01-01";

/** Parses an ISO 8601 instant with an offset to epoch ms; null when malformed, impossible (2026-02-30) or outside the accepted range. */
export function parseInstant(value: string): number | null {
  const ms = readInstant(value);
  return ms !== null && inRange(ms) ? ms : null;
}

/**
 * Epoch ms of a well-formed instant, of any year; null when malformed. A year before 1969 reads as −Infinity
 * (outside the range either way; Date.UTC would read years 0-99 as 19xx).
 */
function readInstant(value: string): number | null {
  // arithmetic instead of Date.parse: ingest calls this several times per ticket (see test/bench)
  const utc = parseUtcInstant(value);
  if (utc !== undefined) return utc;
  const m = instantPattern.exec(value);
  if (!m) return null;
  const year = +m[1], month = +m[2], day = +m[3], hour = +m[4], minute = +m[5], second = m[6] === undefined ? 0 : +m[6];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : monthDays[month - 1])) return null;
  const offset = m[8];
  let offsetMinutes = 0;
  if (offset !== "Z" && offset !== "z") {
    const oh = +offset.slice(1, 3), om = +offset.slice(-2);
    if (oh > 18 || om > 59) return null;
    offsetMinutes = (offset[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  if (year < 1969) return -Infinity;
  const millis = m[7] === undefined ? 0 : +(m[7] + "00").slice(0, 3);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return Number.isFinite(ms) ? ms : null;
}

const digit = (value: string, i: number) => {
  const c = value.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};
const twoDigits = (value: string, i: number) => {
  const a = digit(value, i), b = digit(value, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
};

/**
 * The shape every exporter sends, `YYYY-MM-DDTHH:MM:SSZ` or `…SS.sssZ` (what toISOString gives), read without the
 * regex; undefined for any other shape, which the general path then reads. Same checks as readInstant.
 */
function parseUtcInstant(value: string): number | null | undefined {
  const n = value.length;
  if ((n !== 20 && n !== 24) || value.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (value[4] !== "-" || value[7] !== "-" || value[10] !== "T" || value[13] !== ":" || value[16] !== ":") return undefined;
  if (n === 24 && value[19] !== ".") return undefined;
  const y1 = twoDigits(value, 0), y2 = twoDigits(value, 2);
  const month = twoDigits(value, 5), day = twoDigits(value, 8), hour = twoDigits(value, 11), minute = twoDigits(value, 14), second = twoDigits(value, 17);
  let millis = 0;
  if (n === 24) {
    const a = digit(value, 20), b = digit(value, 21), c = digit(value, 22);
    if (a < 0 || b < 0 || c < 0) return undefined;
    millis = a * 100 + b * 10 + c;
  }
  if (y1 < 0 || y2 < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  const year = y1 * 100 + y2;
  if (year < 100) return undefined;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : monthDays[month - 1])) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A bare date or an instant as given: null when malformed; `at` is UTC midnight for a bare date. */
function readDateOrInstant(value: string): { date: string; at: number; dateOnly: boolean } | null {
  const m = datePattern.exec(value);
  if (m) {
    const year = Number(m[1]);
    if (year < 1969) return { date: value, at: -Infinity, dateOnly: true };
    const at = Date.UTC(year, Number(m[2]) - 1, Number(m[3]));
    const d = new Date(at);
    if (d.getUTCFullYear() !== year || d.getUTCMonth() + 1 !== Number(m[2]) || d.getUTCDate() !== Number(m[3])) return null;
    return { date: value, at, dateOnly: true };
  }
  const at = readInstant(value);
  return at === null ? null : { date: Number.isFinite(at) ? new Date(at).toISOString().slice(0, 10) : value, at, dateOnly: false };
}

/**
 * Parses 'YYYY-MM-DD' (a real calendar day) or an instant: the day (the UTC day of an instant), the instant (UTC
 * midnight for a bare day, whose own time zone is the reader's) and whether only a date was given; null when
 * malformed or outside [1970-01-01, 2100-01-01).
 */
export function parseDateOrInstant(value: string): { date: string; at: number; dateOnly: boolean } | null {
  const parsed = readDateOrInstant(value);
  return parsed !== null && inRange(parsed.at) ? parsed : null;
}

/** One issue per bad value: malformed, or well-formed but outside the accepted range. */
const checked = (read: (v: string) => number | null, malformed: string) =>
  z.string().superRefine((v, ctx) => {
    const ms = read(v);
    if (ms === null) ctx.addIssue({ code: "custom", message: malformed });
    else if (!inRange(ms)) ctx.addIssue({ code: "custom", message: rangeMessage });
  });

export const instant = checked(readInstant, "must be an ISO 8601 instant with an offset, e.g. 2026-03-01T08:00:00+08:00");
export const dateOrInstant = checked((v) => readDateOrInstant(v)?.at ?? null, "must be YYYY-MM-DD or an ISO 8601 instant");
const nullableText = z.string().max(10_000).nullable().optional();

export const ticketKinds = ["incident", "request", "problem"] as const;
export const priorities = ["urgent", "important", "general"] as const;

export const ticketSchema = z
  .object({
    id: z.string().min(1).max(64),
    kind: z.enum(ticketKinds),
    service: z.string().trim().min(1).max(64),
    priority: z.enum(priorities).nullable().optional(),
    complex: z.boolean().nullable().optional(),
    category: z.string().max(64).nullable().optional(),
    summary: nullableText,
    assignee: z.string().max(200).nullable().optional(),
    resolution: nullableText,
    channel: z.string().max(64).nullable().optional(),
    opened_at: instant,
    first_response_at: instant.nullable().optional(),
    resolved_at: instant.nullable().optional(),
    closed_at: instant.nullable().optional(),
    on_hold_minutes: z.number().finite().min(0).nullable().optional(),
    satisfaction: z.number().int().min(1).max(5).nullable().optional(),
  })
  .strict();
export type TicketInput = z.infer<typeof ticketSchema>;
export const ticketFields = Object.keys(ticketSchema.shape) as (keyof TicketInput)[];

export const maxBatchItems = 10_000;

export const ticketBatchSchema = z.object({ tickets: z.array(ticketSchema).max(maxBatchItems, `at most ${maxBatchItems} tickets per batch`) }).strict();

export const metricSampleSchema = z
  .object({
    metric: z.string().trim().min(1).max(64),
    service: z.string().trim().min(1).max(64).nullable().optional(),
    at: instant,
    value: z.number().finite(),
    unit: z.string().max(32).nullable().optional(),
  })
  .strict();
export type MetricSampleInput = z.infer<typeof metricSampleSchema>;
export const metricBatchSchema = z.object({ samples: z.array(metricSampleSchema).max(maxBatchItems, `at most ${maxBatchItems} samples per batch`) }).strict();

export const builtInActivityTypes = [
  "emergency_drill",
  "emergency_plan_review",
  "incident_review",
  "training",
  "kb_update",
  "access_review",
  "backup_restore_test",
  "sla_review",
  "management_review",
  "internal_audit",
  "problem_review",
] as const;

export const activitySchema = z
  .object({
    id: z.string().min(1).max(64).optional(),
    type: z.string().regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, "must be lower_snake_case, e.g. emergency_drill").max(64),
    date: dateOrInstant,
    service: z.string().trim().min(1).max(64).nullable().optional(),
    title: nullableText,
    outcome: nullableText,
    score: z.number().finite().min(0).max(100).nullable().optional(),
    ticket_id: z.string().max(64).nullable().optional(),
  })
  .strict();
export type ActivityInput = z.infer<typeof activitySchema>;
export const activityBatchSchema = z.object({ activities: z.array(activitySchema).max(maxBatchItems, `at most ${maxBatchItems} activities per batch`) }).strict();

export const batchResultSchema = z.object({ received: z.number().int(), inserted: z.number().int(), updated: z.number().int() });
export type BatchResult = z.infer<typeof batchResultSchema>;

export const errorSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const deleteTicketSchema = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();

// ---------- plans ----------

export const isValidTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const periodSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("previous_month") }).strict(),
  z.object({ type: z.literal("previous_quarter") }).strict(),
  z.object({ type: z.literal("rolling_days"), days: z.number().int().min(1).max(3660) }).strict(),
  z
    .object({ type: z.literal("custom"), start: instant, end: instant })
    .strict()
    .refine((p) => parseInstant(p.start)! < parseInstant(p.end)!, { message: "start must be before end", path: ["end"] }),
]);

export const planSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    rulebook: z.string().default("iso20000-support"),
    rules: z.array(z.string().min(1).max(64)).nullable().optional(),
    thresholds: z.record(z.string(), z.number().finite()).default({}),
    services: z.array(z.string().min(1).max(64)).nullable().optional(),
    period: periodSchema.default({ type: "previous_month" }),
    schedule: z.string().trim().max(120).nullable().optional(),
    timezone: z.string().default("UTC").refine(isValidTimeZone, { message: "unknown IANA time zone" }),
    owner: z.string().max(254).nullable().optional(),
    /** the language of the plan's PDF reports: en, zh-CN or bilingual (both, Chinese first) */
    report_locale: z.enum(reportLocales).default("en"),
  })
  .strict();
export type PlanInput = z.infer<typeof planSchema>;
export const planPatchSchema = planSchema.partial().strict();

export const resultStatusValues = ["pass", "fail", "not_applicable", "waived", "pending", "error"] as const;

export const runResultSchema = z.object({
  rule_id: z.string(),
  status: z.enum(resultStatusValues),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  population: z.number().int(),
  evidence: z.object({ count: z.number().int(), ids: z.array(z.string()) }),
  message: z.string(),
});

export const runSchema = z.object({
  id: z.number().int(),
  plan_id: z.number().int(),
  status: z.enum(["queued", "running", "completed", "failed", "interrupted"]),
  period: z.object({ start: z.string(), end: z.string() }),
  score: z.number().nullable(),
  results: z.array(runResultSchema),
});

export const actionPatchSchema = z
  .object({
    status: z.enum(["open", "in_progress", "done", "verified"]).optional(),
    owner: z.string().trim().max(254).nullable().optional(),
    due_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
      .refine((v) => parseDateOrInstant(v) !== null, { message: "not a calendar date" })
      .nullable()
      .optional(),
    title: z.string().trim().min(1).max(500).optional(),
    description: z.string().max(10_000).optional(),
  })
  .strict();

// ---------- SLA policies ----------

const minutesTarget = z.number().finite().positive().max(525_600);
export const slaPolicySchema = z
  .object({
    service: z.string().trim().min(1).max(64),
    name: z.string().trim().min(1).max(200).optional(),
    effective_from: instant,
    /** why the version exists; required when effective_from lies in the past (a backdated version recomputes tickets) */
    reason: z.string().max(2000).nullish(),
    calendar: z
      .discriminatedUnion("type", [
        z.object({ type: z.literal("24x7") }).strict(),
        z
          .object({
            type: z.literal("business"),
            timezone: z.string().refine(isValidTimeZone, { message: "unknown IANA time zone" }),
            days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
            start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM"),
            end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM"),
            holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")).max(1000).default([]),
          })
          .strict()
          .refine((c) => c.start < c.end, { message: "start must be before end", path: ["end"] }),
      ])
      .default({ type: "24x7" }),
    targets: z
      .object({
        incident: z.object({
          urgent: z.object({ response: minutesTarget, resolution: minutesTarget }).strict(),
          important: z.object({ response: minutesTarget, resolution: minutesTarget }).strict(),
          general: z.object({ response: minutesTarget, resolution: minutesTarget }).strict(),
        }).strict(),
        request: z.object({ response: minutesTarget, urgent: minutesTarget, general: minutesTarget, complex: minutesTarget, feedback: minutesTarget }).strict(),
      })
      .strict(),
  })
  .strict();
export type SlaPolicyInput = z.infer<typeof slaPolicySchema>;
