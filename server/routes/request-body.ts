// Request bodies: one size cap for every route, counted as the body streams in; each route's own cap (declared on its
// endpoint); and the readers that refuse text which would be stored altered (bytes that are not UTF-8, a NUL, an
// unpaired surrogate): forms (readForm) and JSON (jsonInput), each the one reader of its kind.
import type { Context, MiddlewareHandler } from "hono";
import type { BodyData, ParseBodyOptions } from "hono/utils/body";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../deps.js";
import { AppError } from "../errors.js";
import { describe, unstorableText } from "../ingest/validate.js";

/** A route that reads its body whole can never be made to buffer more than `maxBytes`; routes set tighter caps. */
export function capBodies(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError("too_large", 413, `request body too large (at most ${Math.round(maxBytes / 1024 / 1024)} MB)`);
    },
  });
  // A GET or HEAD request carries no body a route reads (@hono/node-server gives it none), and bodyLimit's first
  // question, `c.req.raw.body`, makes the node server build a whole fetch Request (headers, an AbortController) for
  // it: ≈ 110 µs of every page (a CPU profile of the KPI pages under 16 connections).
  return (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limit(c, next));
}

/** A form's fields, decoded strictly: URLSearchParams would turn a malformed %-sequence into U+FFFD silently. */
function formFields(text: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const at = pair.indexOf("=");
    const [k, v] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    (fields[decode(k)] ??= []).push(decode(v));
  }
  return fields;
}

/** The body as text; bytes that are not UTF-8 would otherwise be stored as U+FFFD. Hono keeps the bytes for a second read. */
export async function bodyText(c: Context<AppEnv>): Promise<string> {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(await c.req.arrayBuffer());
  } catch {
    throw AppError.invalid("the body is not UTF-8 text; nothing was written", [{ path: "", message: "not UTF-8" }]);
  }
}

/** Refuses a value whose strings SQLite would not give back as sent (a NUL, an unpaired surrogate), naming each path. */
export function refuseUnstorable(value: unknown): void {
  const issues = unstorableText(value);
  if (issues.length) throw AppError.invalid(`request rejected: ${describe(issues)}; nothing was written`, issues);
}

/** An urlencoded form's text, decoded strictly and checked like a JSON body before hono parses it. */
async function checkUrlencoded(c: Context<AppEnv>): Promise<void> {
  const text = await bodyText(c);
  let fields: Record<string, string[]>;
  try {
    fields = formFields(text);
  } catch {
    throw AppError.invalid("the form is not UTF-8 text; nothing was written", [{ path: "", message: "not UTF-8" }]);
  }
  refuseUnstorable(fields);
}

/**
 * A form's fields (urlencoded or multipart), as hono's parseBody gives them. A body that is not what its Content-Type
 * says (a multipart body without its boundaries, say) makes the platform's FormData parser throw a TypeError: that is
 * the sender's mistake, a 400 naming it, not a 500. Every route reads its form through here.
 */
export async function readForm<T extends Partial<ParseBodyOptions>>(c: Context<AppEnv>, options?: T): Promise<BodyData<T>> {
  if ((c.req.header("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) await checkUrlencoded(c);
  try {
    return await c.req.parseBody(options);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase() || "form data";
    throw AppError.invalid(`the form could not be read: the body is not valid ${type}; nothing was written`, [{ path: "", message: `not valid ${type}` }]);
  }
}

/**
 * The one JSON body reader: 415 unless JSON, 400 for text that is not UTF-8 or not JSON, and 400 naming each string
 * SQLite would alter, unless the route checks every item of its batch itself (`itemsCheckedByRoute`, naming each item's
 * path in one pass). The size was capped before, by the endpoint's declared limit (endpoint.ts).
 */
export async function jsonInput(c: Context<AppEnv>, opts: { accepted?: string; itemsCheckedByRoute?: boolean } = {}): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/json")) throw new AppError("unsupported_media_type", 415, `send Content-Type: ${opts.accepted ?? "application/json"}`);
  const text = await bodyText(c);
  // the value is what a JSON route reads, never the bytes again: hono would keep them until the answer is sent (4.7 MB
  // for a 10,000-ticket batch, held while the batch waits for the write lock and is written)
  delete c.req.bodyCache.arrayBuffer;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw AppError.invalid(`malformed JSON: ${(e as Error).message}`, [{ path: "", message: "body is not valid JSON" }]);
  }
  if (!opts.itemsCheckedByRoute) refuseUnstorable(value);
  return value;
}
