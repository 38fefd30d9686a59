// Sessions and API-token authentication, login throttling, and the middleware that enforces the role table.
import { and, asc, count, eq, gt, isNull, max, ne, sql } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Db, DbOrTx } from "../db/client.js";
import { apiTokens, loginAttempts, sessions, users } from "../db/schema.js";
import { AppError } from "../errors.js";
import type { AppEnv, Principal } from "../deps.js";
import { recordChange } from "../audit-trail.js";
import { dummyPasswordHash, verifyPassword } from "./passwords.js";
import { can, type Permission } from "./roles.js";
import { newSecret, sha256 } from "./secrets.js";
import { readForm } from "../routes/request-body.js";
import { logger } from "../log.js";

export const sessionCookie = "assay_session";
const sessionTtlMs = 12 * 60 * 60 * 1000;
/**
 * Login throttling. Failures are counted per account AND address, so a guesser slows down only their own guesses
 * at that account: nobody can lock an account (the admin's) for its owner signing in from elsewhere. After
 * `freeFailures` the pair waits, doubling from `firstWaitMs` up to `maxWaitMs`; a success starts the count again,
 * and failures older than `failureMemoryMs` are forgotten (longer than the longest wait, or the count would reset).
 * One address failing across many accounts (password spraying) is throttled too, that address only; behind a load
 * balancer the address is the real client's (TRUST_PROXY), else everyone behind it would share one count.
 */
const freeFailures = 5;
const firstWaitMs = 60 * 1000;
const maxWaitMs = 30 * 60 * 1000;
const failureMemoryMs = 24 * 60 * 60 * 1000;
const addressWindowMs = 15 * 60 * 1000;
const maxFailuresPerAddress = 20;

/** How long an (account, address) pair waits after `failures` failures in a row. */
function pairWaitMs(failures: number): number {
  return failures < freeFailures ? 0 : Math.min(maxWaitMs, firstWaitMs * 2 ** (failures - freeFailures));
}

/**
 * The two look-ups every request makes, built by drizzle once per database instead of per request: building a
 * select's SQL cost ≈ 180 µs, a tenth of a KPI page's CPU under 16 connections (README, Performance).
 */
const preparedLookups = new WeakMap<Db, ReturnType<typeof prepareLookups>>();

function prepareLookups(db: Db) {
  return {
    token: db
      .select({ token: apiTokens, creatorDisabled: users.disabled })
      .from(apiTokens)
      .leftJoin(users, eq(users.id, apiTokens.createdBy))
      .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), isNull(apiTokens.revokedAt)))
      .prepare(),
    session: db
      .select({ userId: users.id, email: users.email, name: users.name, role: users.role, disabled: users.disabled, locale: users.locale, csrf: sessions.csrfToken })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.idHash, sql.placeholder("hash")), gt(sessions.expiresAt, sql.placeholder("now"))))
      .prepare(),
  };
}

function lookups(db: Db) {
  let found = preparedLookups.get(db);
  if (!found) preparedLookups.set(db, (found = prepareLookups(db)));
  return found;
}

export async function principalFromToken(db: Db, token: string, now: number): Promise<Principal | null> {
  const [found] = await lookups(db).token.all({ hash: sha256(token) });
  // a deactivated user's tokens stop with them (a departed admin's token must not outlive the account); they work
  // again on reactivation, and a token made on the command line (no creator) is unaffected
  if (!found || found.creatorDisabled) return null;
  const row = found.token;
  // last use is informational: updated at most once a minute, and not waited for, so that a read never queues
  // behind a long write (an import) just to note the time
  if (!row.lastUsedAt || now - row.lastUsedAt > 60_000) {
    void db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(eq(apiTokens.id, row.id))
      .catch((e: unknown) => logger.warn({ err: e, token: row.id }, "last use of token not recorded"));
  }
  return { kind: "token", id: row.id, actor: `token:${row.name}`, name: row.name, role: row.role };
}

export async function principalFromSession(db: Db, sessionId: string, now: number): Promise<Principal | null> {
  const [row] = await lookups(db).session.all({ hash: sha256(sessionId), now });
  if (!row || row.disabled) return null;
  return { kind: "user", id: row.userId, actor: row.email, name: row.name, role: row.role, csrf: row.csrf, locale: row.locale };
}

/** A deactivated account's sign-in (the password was right, or single sign-on vouched for the user). */
export class AccountDeactivatedError extends AppError {
  constructor() {
    super("forbidden", 403, "this account is deactivated; ask an administrator to reactivate it");
  }
}

/** Checks credentials with throttling per account and address, and per address; a new session id on every login. */
export async function login(db: Db, now: number, email: string, password: string, address: string) {
  const normalised = email.trim().toLowerCase();
  // the attempt is recorded as a failure before the password is checked, and the limits count it: attempts that
  // arrive together each see the others, so 30 parallel guesses cannot all pass a count taken before any was
  // recorded. A refused attempt takes its row back, so hammering a throttled pair does not extend the wait.
  const [attempt] = await db.insert(loginAttempts).values({ email: normalised, address, at: now, ok: false }).returning({ id: loginAttempts.id });
  const a = loginAttempts;
  const lastSuccess = sql`coalesce((SELECT max(${a.id}) FROM ${a} WHERE ${a.email} = ${normalised} AND ${a.address} = ${address} AND ${a.ok} = 1), 0)`;
  const addressSince = now - addressWindowMs;
  const [[pair], [byAddress]] = await Promise.all([
    db
      .select({ n: count(), last: max(a.at) })
      .from(a)
      .where(and(eq(a.email, normalised), eq(a.address, address), eq(a.ok, false), ne(a.id, attempt.id), gt(a.at, now - failureMemoryMs), gt(a.id, lastSuccess))),
    db.select({ n: count() }).from(a).where(and(eq(a.address, address), eq(a.ok, false), ne(a.id, attempt.id), gt(a.at, addressSince))),
  ]);
  const pairFreeAt = (pair.last ?? 0) + pairWaitMs(pair.n);
  let retryAt = pair.n >= freeFailures && now < pairFreeAt ? pairFreeAt : 0;
  if (byAddress.n >= maxFailuresPerAddress) {
    // the address is free again once enough of its failures have aged out of the window
    const [oldest] = await db
      .select({ at: a.at })
      .from(a)
      .where(and(eq(a.address, address), eq(a.ok, false), ne(a.id, attempt.id), gt(a.at, addressSince)))
      .orderBy(asc(a.at))
      .limit(1)
      .offset(byAddress.n - maxFailuresPerAddress);
    retryAt = Math.max(retryAt, (oldest?.at ?? now) + addressWindowMs);
  }
  if (retryAt > now) {
    await db.delete(loginAttempts).where(eq(loginAttempts.id, attempt.id));
    const seconds = Math.ceil((retryAt - now) / 1000);
    throw new AppError("too_many_requests", 429, `too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} min`, [], seconds);
  }
  const [user] = await db.select().from(users).where(eq(users.email, normalised));
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(password, await dummyPasswordHash()), false);
  if (!ok || !user) throw new AppError("unauthorized", 401, "wrong email or password");
  // said only to someone who knows the password: a guesser learns nothing about which accounts exist or are off
  if (user.disabled) throw new AccountDeactivatedError();
  await db.update(loginAttempts).set({ ok: true }).where(eq(loginAttempts.id, attempt.id));
  const sessionId = await db.transaction((tx) => openSession(tx, now, user, { address }));
  return { sessionId, user };
}

/**
 * A new session for a user who has proved who they are (password, single sign-on, a changed password), with its
 * audit-trail row; returns the id for the cookie (only its hash is stored).
 */
export async function openSession(tx: DbOrTx, now: number, user: { id: number; email: string }, details: Record<string, unknown>): Promise<string> {
  const sessionId = newSecret();
  await tx.insert(sessions).values({ idHash: sha256(sessionId), userId: user.id, csrfToken: newSecret(24), expiresAt: now + sessionTtlMs });
  await recordChange(tx, now, { actor: user.email, action: "session.login", entity: "user", entityId: user.id, after: details });
  return sessionId;
}

/** Ends every session of a user (a new password, a deactivation): returns how many there were. */
export async function revokeSessions(tx: DbOrTx, userId: number): Promise<number> {
  const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ idHash: sessions.idHash });
  return ended.length;
}

export async function logout(db: Db, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.idHash, sha256(sessionId)));
}

/** Cookies get the Secure flag when configured, and on requests that arrived over HTTPS. */
export function cookiesSecure(c: Context<AppEnv>): boolean {
  const { config } = c.get("deps");
  return config.secureCookies || new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

export function setSessionCookie(c: Context<AppEnv>, sessionId: string) {
  setCookie(c, sessionCookie, sessionId, { httpOnly: true, sameSite: "Lax", secure: cookiesSecure(c), path: "/", maxAge: sessionTtlMs / 1000 });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, sessionCookie, { path: "/" });
}

/** Resolves the caller from a Bearer token or the session cookie; never rejects by itself. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { database, clock } = c.get("deps");
  const header = c.req.header("authorization");
  let principal: Principal | null = null;
  if (header?.toLowerCase().startsWith("bearer ")) {
    principal = await principalFromToken(database.db, header.slice(7).trim(), clock.now());
  } else {
    const sid = getCookie(c, sessionCookie);
    if (sid) principal = await principalFromSession(database.db, sid, clock.now());
  }
  c.set("principal", principal);
  await next();
};

/**
 * A page rendered for a signed-in user holds what their role may see: no browser or proxy cache may keep it, or
 * Back after sign-out (or the next person at a shared computer) would show it again.
 */
export const noStoreForSessions: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.get("principal")?.kind === "user" && (c.res.headers.get("content-type") ?? "").startsWith("text/html")) c.res.headers.set("Cache-Control", "no-store");
};

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Denies unless the role table grants `permission`; unsafe requests on a session need the CSRF token. */
export function requires(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get("principal");
    if (!principal) throw AppError.unauthorized();
    if (!can(principal.role, permission)) throw AppError.forbidden();
    if (principal.kind === "user" && unsafeMethods.has(c.req.method)) {
      await checkCsrf(c, principal);
    }
    await next();
  };
}

async function checkCsrf(c: Context<AppEnv>, principal: Principal) {
  let token = c.req.header("x-csrf-token");
  if (!token) {
    const type = c.req.header("content-type") ?? "";
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      const body = await readForm(c);
      const field = body["_csrf"];
      token = typeof field === "string" ? field : undefined;
    }
  }
  if (!token || token !== principal.csrf) throw new AppError("forbidden", 403, "missing or wrong CSRF token");
}

export function currentPrincipal(c: Context<AppEnv>): Principal {
  const p = c.get("principal");
  if (!p) throw AppError.unauthorized();
  return p;
}
