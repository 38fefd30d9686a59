// "Forgot password?": a request always gets the same answer (no account enumeration) and is rate-limited per
// address and per e-mail; for an enabled account it creates a single-use token, valid one hour, stored only as
// SHA-256, and puts the link into the outbox in the same transaction (sent at once, the token then scrubbed from
// the outbox row). Redeeming the token sets the new password (the password policy applies), spends every open
// link of the account, ends all its sessions and writes the audit trail, in one transaction.
import { and, count, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordChange } from "../audit-trail.js";
import type { Db } from "../db/client.js";
import { notifications, passwordResets, sessions, users } from "../db/schema.js";
import { AppError, toIssues } from "../errors.js";
import { minPasswordLength, passwordProblem } from "./password-policy.js";
import { hashPassword } from "./passwords.js";
import { newSecret, sha256 } from "./secrets.js";

export const resetLinkTtlMs = 60 * 60_000;
const windowMs = 60 * 60_000;
/** per hour: requests from one address, and requests for one e-mail */
export const maxRequestsPerAddress = 10;
export const maxRequestsPerEmail = 3;

const requestSchema = z.object({ email: z.string().trim().toLowerCase().max(254) });

/** Answers the outbox row to send now (null when no account has the address): the caller must not reveal which. */
export async function requestPasswordReset(db: Db, now: number, address: string, input: unknown): Promise<{ notificationId: number | null }> {
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid request", toIssues(parsed.error.issues));
  const { email } = parsed.data;
  return db.transaction(async (tx) => {
    const since = gt(passwordResets.createdAt, now - windowMs);
    const [[byAddress], [byEmail]] = await Promise.all([
      tx.select({ n: count() }).from(passwordResets).where(and(eq(passwordResets.address, address), since)),
      tx.select({ n: count() }).from(passwordResets).where(and(eq(passwordResets.email, email), since)),
    ]);
    if (byAddress.n >= maxRequestsPerAddress || byEmail.n >= maxRequestsPerEmail) {
      throw new AppError("too_many_requests", 429, "too many password reset requests; try again in an hour", [], windowMs / 1000);
    }
    const [user] = email ? await tx.select().from(users).where(eq(users.email, email)) : [];
    if (!user || user.disabled) {
      await tx.insert(passwordResets).values({ email, address, expiresAt: now, createdAt: now });
      return { notificationId: null };
    }
    const token = newSecret();
    const [reset] = await tx
      .insert(passwordResets)
      .values({ email, address, userId: user.id, tokenHash: sha256(token), expiresAt: now + resetLinkTtlMs, createdAt: now })
      .returning({ id: passwordResets.id });
    // the reset link ignores notification preferences: it is the answer to the user's own request
    const [row] = await tx
      .insert(notifications)
      .values({
        event: "password.reset",
        dedupeKey: `password.reset:${reset.id}|user:${user.id}`,
        channel: "email",
        userId: user.id,
        address: user.email,
        payload: { email: user.email, token, path: "/login" },
        nextAttemptAt: now,
        createdAt: now,
      })
      .returning({ id: notifications.id });
    await recordChange(tx, now, { actor: user.email, action: "user.password_reset_request", entity: "user", entityId: user.id, after: { address, expiresAt: now + resetLinkTtlMs } });
    return { notificationId: row.id };
  });
}

/** The account a token would reset, or null (unknown, used or expired). */
export async function resetTokenAccount(db: Db, now: number, token: string): Promise<{ email: string } | null> {
  if (!token) return null;
  const [row] = await db
    .select({ email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, sha256(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now), eq(users.disabled, false)));
  return row ?? null;
}

const resetSchema = z
  .object({ token: z.string().min(1), password: z.string().min(minPasswordLength, `at least ${minPasswordLength} characters`).max(200), confirm: z.string() })
  .refine((r) => r.password === r.confirm, { path: ["confirm"], message: "the two passwords differ" });

export async function resetPassword(db: Db, now: number, address: string, input: unknown): Promise<{ email: string }> {
  const parsed = resetSchema.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid password", toIssues(parsed.error.issues));
  const { token, password } = parsed.data;
  const account = await resetTokenAccount(db, now, token);
  if (!account) throw new AppError("not_found", 404, "the link is invalid, used or expired");
  const weak = passwordProblem(password, account.email);
  if (weak) throw AppError.invalid("invalid password", [{ path: "password", message: weak }]);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // spending the token is the condition: of two posts of one link, one wins
    const [spent] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tokenHash, sha256(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning({ userId: passwordResets.userId });
    if (!spent?.userId) throw new AppError("not_found", 404, "the link is invalid, used or expired");
    const userId = spent.userId;
    await tx.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.idHash });
    await recordChange(tx, now, { actor: account.email, action: "user.password_reset", entity: "user", entityId: userId, after: { address, sessionsEnded: ended.length } });
    return { email: account.email };
  });
}
