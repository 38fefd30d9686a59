// A route's parameters for the engine's endpoints and pages: numeric ids (404 when malformed), page numbers (400),
// today's date in the organisation's time zone. Bodies are read in request-body.ts.
import type { Context } from "hono";
import { localDate } from "../../audits/period.js";
import type { AppEnv } from "../deps.js";
import { AppError } from "../errors.js";

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

/** Today in the organisation's time zone: decides overdue actions and active waivers. */
export function today(c: Context<AppEnv>): string {
  const { clock, config } = c.get("deps");
  return localDate(clock.now(), config.timezone);
}
