// The request context every domain verb takes: `verb({ ctx, input })`. One place builds it from a Hono request
// (`contextOf`), one from a process with no request (the scheduler, the CLI, the notification worker: `systemContext`).
// A verb validates `input` itself, first, and runs its writes and their audit-trail rows in one transaction on `ctx.db`.
import type { Context } from "hono";
import { localDate } from "../audits/period.js";
import type { Db } from "./db/client.js";
import type { Role } from "./db/schema.js";
import type { AppEnv, Deps } from "./deps.js";
import { AppError } from "./errors.js";
import type { Locale } from "./i18n/locales.js";
import { logger as processLogger, type Logger } from "./log.js";

/** Who acts: what the audit trail records, and what the role table allows. */
export interface Actor {
  /** the audit trail's actor: the user's email, "token:NAME", "scheduler", "cli" … */
  name: string;
  role: Role;
  kind: "user" | "token" | "system";
  /** the user's or token's id (absent for the system) */
  id?: number;
  /** the name shown where a person signs (a sign-off): the account's or token's name; `name` when absent */
  displayName?: string;
}

export interface Ctx {
  db: Db;
  /** the instant of the request, in epoch milliseconds: one value for every row the verb writes */
  now: number;
  actor: Actor;
  /** the organisation's IANA time zone (ASSAY_TIMEZONE) */
  timezone: string;
  /** today's date (YYYY-MM-DD) in `timezone`: decides overdue actions and active waivers */
  today: string;
  /** the language of whoever reads what the verb produces (pages, e-mails); JSON errors stay English */
  locale: Locale;
  log: Logger;
}

/** A domain verb: validate `input`, then act on `ctx`. */
export type Verb<I, O> = (args: { ctx: Ctx; input: I }) => Promise<O>;

/** The context of a signed-in request (401 without a principal). */
export function contextOf(c: Context<AppEnv>): Ctx {
  const principal = c.get("principal");
  if (!principal) throw AppError.unauthorized();
  const { database, clock, config } = c.get("deps");
  const now = clock.now();
  const presentation = c.get("presentation");
  return {
    db: database.db,
    now,
    actor: { name: principal.actor, role: principal.role, kind: principal.kind, id: principal.id, displayName: principal.name },
    timezone: config.timezone,
    today: localDate(now, config.timezone),
    locale: presentation?.locale ?? config.defaultLocale,
    log: c.get("log") ?? processLogger,
  };
}

/** The context of work no person started (a schedule, a worker, the command line acting as `name`). */
export function systemContext(deps: Pick<Deps, "database" | "clock" | "config" | "logger">, name = "system", role: Role = "admin"): Ctx {
  const now = deps.clock.now();
  return {
    db: deps.database.db,
    now,
    actor: { name, role, kind: "system" },
    timezone: deps.config.timezone,
    today: localDate(now, deps.config.timezone),
    locale: deps.config.defaultLocale,
    log: deps.logger ?? processLogger,
  };
}
