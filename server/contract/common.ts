// Shared pieces of the public contract (../shared/domain/contract.md): instants and dates, the error body, the batch
// result, and the query-parameter types the API declares.
import { z } from "zod";

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
export const nullableText = z.string().max(10_000).nullable().optional();

export const isValidTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** A calendar day 'YYYY-MM-DD'. */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
  .refine((v) => parseDateOrInstant(v) !== null, { message: "not a calendar date" });

export const maxBatchItems = 10_000;

export const batchResultSchema = z.object({ received: z.number().int(), inserted: z.number().int(), updated: z.number().int() });
export type BatchResult = z.infer<typeof batchResultSchema>;

/** Every refusal: a code, a sentence, and for 400 the fields at fault (`path` is dotted; a query parameter's is its name). */
export const errorSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

// ---------- query parameters (strings on the wire) ----------

/** A whole number from min to max given as digits, e.g. `?limit=50`; `message` is the issue when it is not. */
export const queryInteger = (min: number, max: number, message: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message })
    .meta({ description: `a whole number from ${min} to ${max}` });

/** A database id given as digits, e.g. `?plan_id=3`. */
export const queryId = (message = "not an id") => queryInteger(1, Number.MAX_SAFE_INTEGER, message).meta({ description: "a positive whole number (an id)" });

/** An instant with an offset, read to epoch ms, e.g. `?since=2026-03-01T08:00:00%2B08:00`. */
export const queryInstant = z
  .string()
  .refine((v) => parseInstant(v) !== null, { message: "not an instant" })
  .transform((v) => parseInstant(v)!)
  .meta({ description: "an ISO 8601 instant with an offset" });
