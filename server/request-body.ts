// Request bodies, for every route at once: one size cap counted as the body streams in, and JSON or form text that
// would be stored altered (bytes that are not UTF-8, a NUL, an unpaired surrogate) refused before a route reads it.
import type { Context, MiddlewareHandler } from "hono";
import type { BodyData, ParseBodyOptions } from "hono/utils/body";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./env.js";
import { AppError } from "./errors.js";
import { describe, unstorableText } from "./ingest/validate.js";

/** A route that reads its body whole can never be made to buffer more than `maxBytes`; routes set tighter caps. */
export function capBodies(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError("too_large", 413, `request body too large (at most ${Math.round(maxBytes / 1024 / 1024)} MB)`);
    },
  });
}

/** The batch endpoints check their items themselves, naming each item's path, in one pass over the batch. */
const checkedByRoute = /^\/api\/v1\/(tickets|metrics|activities)$/;
const writeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

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

/**
 * Refuses a JSON body or a form whose strings SQLite would not give back as sent. Malformed JSON passes through: the route
 * names that problem itself. Callers without credentials pass through too: the route answers 401 first.
 */
export const refuseUnstorableText: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header("content-type") ?? "";
  const form = type.startsWith("application/x-www-form-urlencoded");
  if (!writeMethods.has(c.req.method) || !(form || type.startsWith("application/json")) || !c.get("principal") || checkedByRoute.test(c.req.path)) return next();
  // read once; hono keeps the bytes, so the route's own c.req.text() or c.req.json() reads them again, and a fresh
  // stream of the same bytes replaces the consumed one for middleware that wraps the raw body (a route's bodyLimit)
  const bytes = await c.req.arrayBuffer();
  c.req.raw = new Request(c.req.raw, { body: bytes, duplex: "half" } as RequestInit);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw AppError.invalid("the body is not UTF-8 text; nothing was written", [{ path: "", message: "not UTF-8" }]);
  }
  let value: unknown;
  try {
    value = form ? formFields(text) : JSON.parse(text);
  } catch {
    if (form) throw AppError.invalid("the form is not UTF-8 text; nothing was written", [{ path: "", message: "not UTF-8" }]);
    return next();
  }
  const issues = unstorableText(value);
  if (issues.length) throw AppError.invalid(`request rejected: ${describe(issues)}; nothing was written`, issues);
  return next();
};

/**
 * A form's fields (urlencoded or multipart), as hono's parseBody gives them. A body that is not what its Content-Type
 * says (a multipart body without its boundaries, say) makes the platform's FormData parser throw a TypeError: that is
 * the sender's mistake, a 400 naming it, not a 500. Every route reads its form through here.
 */
export async function readForm<T extends Partial<ParseBodyOptions>>(c: Context<AppEnv>, options?: T): Promise<BodyData<T>> {
  try {
    return await c.req.parseBody(options);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase() || "form data";
    throw AppError.invalid(`the form could not be read: the body is not valid ${type}; nothing was written`, [{ path: "", message: `not valid ${type}` }]);
  }
}
