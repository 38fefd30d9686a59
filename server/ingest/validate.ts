// Batch validation: every malformed field of every item is named by its path, and nothing is written.
import type { z } from "zod";
import { parseInstant, type TicketInput } from "../contract/index.js";
import { AppError, toIssues, type Issue } from "../errors.js";
import { yieldToEventLoop } from "../event-loop.js";

const maxIssues = 200;

/** Parses `{key: [...]}`; a batch with any malformed item throws with the path of every bad field. */
export function parseBatch<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = toIssues(parsed.error.issues);
    throw AppError.invalid(`${what} rejected: ${describe(issues)}; nothing was written`, issues.slice(0, maxIssues));
  }
  const issues = unstorableText(parsed.data);
  if (issues.length) throw AppError.invalid(`${what} rejected: ${describe(issues)}; nothing was written`, issues.slice(0, maxIssues));
  return parsed.data;
}

/**
 * parseBatch for `{ [key]: items }`, its items validated `every` at a time with a turn of the event loop between
 * (zod checks a 10,000-ticket batch in 100-200 ms, which every page request would otherwise wait for). The same
 * issues, in the same order, as parseBatch; any other shape of body, a list longer than `maxItems` or a short one
 * goes to parseBatch whole.
 */
export async function parseBatchInSlices<T extends z.ZodType>(
  schema: T,
  key: string,
  item: z.ZodType,
  maxItems: number,
  body: unknown,
  what: string,
  every = 1_000,
): Promise<z.infer<T>> {
  const list = body !== null && typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 1 ? (body as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(list) || list.length <= every || list.length > maxItems) return parseBatch(schema, body, what);
  const rejected = (issues: Issue[]) => AppError.invalid(`${what} rejected: ${describe(issues)}; nothing was written`, issues.slice(0, maxIssues));
  const items: unknown[] = [];
  const issues: Issue[] = [];
  for (let base = 0; base < list.length; base += every) {
    if (base > 0) await yieldToEventLoop();
    list.slice(base, base + every).forEach((value, i) => {
      const parsed = item.safeParse(value);
      if (parsed.success) items.push(parsed.data);
      else issues.push(...toIssues(parsed.error.issues, [key, base + i]));
    });
  }
  if (issues.length) throw rejected(issues);
  const unstorable: Issue[] = [];
  for (let base = 0; base < items.length && unstorable.length < maxIssues; base += every) {
    if (base > 0) await yieldToEventLoop();
    for (let i = base; i < Math.min(items.length, base + every); i++) unstorableText(items[i], [key, i], unstorable);
  }
  if (unstorable.length) throw rejected(unstorable);
  return { [key]: items } as z.infer<T>;
}

const maxDepth = 64;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Strings SQLite cannot give back as sent: a NUL ends the text when it is read (so "A\u0000B" would come back
 * as "A", and two ids would look the same), and an unpaired UTF-16 surrogate is stored as U+FFFD. Both are
 * rejected rather than silently altered.
 */
export function unstorableText(value: unknown, path: (string | number)[] = [], out: Issue[] = []): Issue[] {
  if (out.length >= maxIssues) return out;
  if (path.length > maxDepth) {
    // no body of the API nests this deep; walking on would only exhaust the stack
    out.push({ path: path.slice(0, 3).join(".") + ".…", message: `nested more than ${maxDepth} levels deep` });
    return out;
  }
  if (typeof value === "string") {
    if (value.includes("\u0000")) out.push({ path: path.join("."), message: "contains a NUL character (U+0000), which cannot be stored" });
    else if (loneSurrogate.test(value)) out.push({ path: path.join("."), message: "is not valid Unicode (an unpaired surrogate)" });
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      unstorableText(value[i], path, out);
      path.pop();
    }
  } else if (value !== null && typeof value === "object") {
    for (const k in value) {
      path.push(k);
      unstorableText((value as Record<string, unknown>)[k], path, out);
      path.pop();
    }
  }
  return out;
}

export function describe(issues: Issue[]): string {
  const first = issues.slice(0, 3).map((i) => `${i.path || "(body)"}: ${i.message}`).join("; ");
  return issues.length > 3 ? `${first}; and ${issues.length - 3} more` : first;
}

/**
 * What a ticket's own schema cannot check: a problem_id naming the ticket itself; on-hold time within the time
 * elapsed from opening to resolution, or to now while unresolved (an on-hold time longer than that, such as 1e308, would make a resolution time absurd).
 * `path` is the ticket's position, e.g. ["tickets", 3].
 */
export function ticketIssues(t: TicketInput, now: number, path: (string | number)[]): Issue[] {
  // a record cannot be its own problem record (a link to itself would count as a linked incident of itself)
  const hold = onHoldIssues(t, now, path);
  if (t.problem_id !== t.id) return hold;
  return [{ path: [...path, "problem_id"].join("."), message: "must not be the ticket's own id (a ticket cannot be its own problem record)" }, ...hold];
}

function onHoldIssues(t: TicketInput, now: number, path: (string | number)[]): Issue[] {
  if (t.on_hold_minutes === null || t.on_hold_minutes === undefined) return [];
  const opened = parseInstant(t.opened_at)!;
  const end = t.resolved_at ? parseInstant(t.resolved_at)! : now;
  const elapsed = Math.max(0, (end - opened) / 60_000);
  if (t.on_hold_minutes <= elapsed) return [];
  const to = t.resolved_at ? "resolved_at" : "now";
  return [{ path: [...path, "on_hold_minutes"].join("."), message: `must be at most the ${fmtMinutes(elapsed)} minutes from opened_at to ${to}` }];
}

const fmtMinutes = (m: number) => (Number.isInteger(m) ? String(m) : m.toFixed(3));
