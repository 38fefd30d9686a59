// Reading route input for the engine's endpoints: numeric ids (404 when malformed), JSON bodies (415/400), today's date.
import type { Context } from "hono";
import { localDate } from "../../../audits/period.js";
import type { AppEnv } from "../../env.js";
import { AppError } from "../../errors.js";

export function idParam(c: Context<AppEnv>, name: string, what: string): number {
  const raw = c.req.param(name) ?? "";
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw AppError.notFound(`${what} ${raw}`);
  return id;
}

export async function jsonInput(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/json")) throw new AppError("unsupported_media_type", 415, "send Content-Type: application/json");
  const text = await c.req.text();
  if (text.length > 1_000_000) throw new AppError("too_large", 413, "request body too large");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw AppError.invalid(`malformed JSON: ${(e as Error).message}`, [{ path: "", message: "body is not valid JSON" }]);
  }
}

/** Today in the organisation's time zone: decides overdue actions and active waivers. */
export function today(c: Context<AppEnv>): string {
  const { clock, config } = c.get("deps");
  return localDate(clock.now(), config.timezone);
}
