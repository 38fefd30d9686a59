// Reading route input for the engine's endpoints and pages: numeric ids (404 when malformed), page numbers (400), JSON
// bodies (415/400; their size is capped by each endpoint's declaration), today's date.
import type { Context } from "hono";
import { localDate } from "../../../audits/period.js";
import type { AppEnv } from "../../env.js";
import { AppError } from "../../errors.js";
import { bodyText, refuseUnstorable } from "../../request-body.js";

export function idParam(c: Context<AppEnv>, name: string, what: string): number {
  const raw = c.req.param(name) ?? "";
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw AppError.notFound(`${what} ${raw}`);
  return id;
}

/** Pages past this are refused: an offset beyond it is no listing anyone reads, and 1e20 once reached SQLite as a float. */
export const maxPage = 1_000_000;

/** `?page=`: absent or empty is page 1; anything but a whole number from 1 to maxPage is a 400 naming `page`. */
export function pageParam(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 1;
  const page = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(page >= 1 && page <= maxPage)) {
    throw AppError.invalid(`page must be a whole number from 1 to ${maxPage}, not "${raw.slice(0, 40)}"`, [{ path: "page", message: `a whole number from 1 to ${maxPage}` }]);
  }
  return page;
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw AppError.invalid(`malformed JSON: ${(e as Error).message}`, [{ path: "", message: "body is not valid JSON" }]);
  }
  if (!opts.itemsCheckedByRoute) refuseUnstorable(value);
  return value;
}

/** Today in the organisation's time zone: decides overdue actions and active waivers. */
export function today(c: Context<AppEnv>): string {
  const { clock, config } = c.get("deps");
  return localDate(clock.now(), config.timezone);
}
