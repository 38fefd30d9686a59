// Passwords changed after creation: by their owner (the account page) and by an operator (`assay user reset-password`).
// Either way every session of the user ends, in the same transaction as the new hash and its audit-trail row.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordChange } from "../audit-trail.js";
import type { Ctx } from "../context.js";
import { users } from "../db/schema.js";
import { AppError, toIssues } from "../errors.js";
import { passwordProblem } from "./password-policy.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import { openSession, revokeSessions } from "./sessions.js";

export const passwordChangeInput = z.object({
  currentPassword: z.string().min(1, "required").max(200),
  newPassword: z.string().min(1, "required").max(200),
  confirmPassword: z.string().max(200),
});

/**
 * The signed-in user's own new password. Their other sessions end (a stolen session must not survive the change
 * meant to stop it), and this browser gets a fresh session: returns its id for the cookie.
 */
export async function changeOwnPassword({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ sessionId: string; endedSessions: number }> {
  const parsed = passwordChangeInput.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid password change", toIssues(parsed.error.issues));
  const { currentPassword, newPassword, confirmPassword } = parsed.data;
  if (ctx.actor.kind !== "user" || ctx.actor.id === undefined) throw AppError.forbidden();
  const userId = ctx.actor.id;
  const [user] = await ctx.db.select({ id: users.id, email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user) throw AppError.notFound("user");
  if (!(await verifyPassword(currentPassword, user.passwordHash))) throw AppError.invalid("invalid password change", [{ path: "currentPassword", message: "is not your current password" }]);
  if (newPassword !== confirmPassword) throw AppError.invalid("invalid password change", [{ path: "confirmPassword", message: "does not match the new password" }]);
  if (newPassword === currentPassword) throw AppError.invalid("invalid password change", [{ path: "newPassword", message: "is your current password; choose a new one" }]);
  const weak = passwordProblem(newPassword, user.email);
  if (weak) throw AppError.invalid("invalid password change", [{ path: "newPassword", message: weak }]);
  const passwordHash = await hashPassword(newPassword);
  return ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    const endedSessions = await revokeSessions(tx, userId);
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "user.password_change", entity: "user", entityId: userId, after: { ended_sessions: endedSessions } });
    const sessionId = await openSession(tx, ctx.now, user, { via: "password_change" });
    return { sessionId, endedSessions };
  });
}

export const passwordResetInput = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1, "required").max(200),
});

/** An operator sets a user's password (the user forgot it); all of the user's sessions end. */
export async function resetPassword({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ userId: number; email: string; endedSessions: number }> {
  const parsed = passwordResetInput.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid password reset", toIssues(parsed.error.issues));
  const { email, password } = parsed.data;
  const weak = passwordProblem(password, email);
  if (weak) throw AppError.invalid("invalid password reset", [{ path: "password", message: weak }]);
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (!user) throw AppError.notFound(`user ${email}`);
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    const endedSessions = await revokeSessions(tx, user.id);
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "user.password_reset", entity: "user", entityId: user.id, after: { ended_sessions: endedSessions } });
    return { userId: user.id, email, endedSessions };
  });
}
