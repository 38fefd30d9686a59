// Deactivating and reactivating a user: a deactivated user cannot sign in, and their sessions (and the API tokens
// they made) stop at once. The last active administrator stays, or nobody could manage Assay.
import { and, count, eq, ne, type SQL } from "drizzle-orm";
import { z } from "zod";
import { recordChange } from "../audit-trail.js";
import type { Ctx } from "../context.js";
import type { DbOrTx } from "../db/client.js";
import { users } from "../db/schema.js";
import { AppError, toIssues } from "../errors.js";
import { revokeSessions } from "./sessions.js";

/** The user, by id (the admin page) or by e-mail (the command line). */
export const userRefInput = z.union([z.object({ userId: z.number().int().positive() }), z.object({ email: z.string().trim().toLowerCase().email().max(254) })]);

function whereUser(ref: z.infer<typeof userRefInput>): SQL {
  return "userId" in ref ? eq(users.id, ref.userId) : eq(users.email, ref.email);
}

async function findUser(tx: DbOrTx, ref: z.infer<typeof userRefInput>) {
  const [user] = await tx.select({ id: users.id, email: users.email, role: users.role, disabled: users.disabled }).from(users).where(whereUser(ref));
  if (!user) throw AppError.notFound("email" in ref ? `user ${ref.email}` : "user");
  return user;
}

/** Whether no other active administrator than this user exists (call it inside the transaction that would change them). */
export async function isLastActiveAdmin(tx: DbOrTx, userId: number): Promise<boolean> {
  const [{ others }] = await tx.select({ others: count() }).from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, userId)));
  return others === 0;
}

export class LastAdminError extends AppError {
  constructor(readonly email: string) {
    super("conflict", 409, `${email} is the last active administrator: make another user an administrator first, so that someone can still manage Assay`);
  }
}

export async function deactivateUser({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ userId: number; email: string; endedSessions: number; changed: boolean }> {
  const parsed = userRefInput.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid user", toIssues(parsed.error.issues));
  return ctx.db.transaction(async (tx) => {
    const user = await findUser(tx, parsed.data);
    if (user.disabled) return { userId: user.id, email: user.email, endedSessions: 0, changed: false };
    // counted inside the write transaction: two admins deactivating each other at once cannot both pass
    if (user.role === "admin" && (await isLastActiveAdmin(tx, user.id))) throw new LastAdminError(user.email);
    await tx.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    const endedSessions = await revokeSessions(tx, user.id);
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "user.deactivate", entity: "user", entityId: user.id, before: { disabled: false }, after: { disabled: true, ended_sessions: endedSessions } });
    return { userId: user.id, email: user.email, endedSessions, changed: true };
  });
}

export async function reactivateUser({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ userId: number; email: string; changed: boolean }> {
  const parsed = userRefInput.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid user", toIssues(parsed.error.issues));
  return ctx.db.transaction(async (tx) => {
    const user = await findUser(tx, parsed.data);
    if (!user.disabled) return { userId: user.id, email: user.email, changed: false };
    await tx.update(users).set({ disabled: false }).where(eq(users.id, user.id));
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "user.reactivate", entity: "user", entityId: user.id, before: { disabled: true }, after: { disabled: false } });
    return { userId: user.id, email: user.email, changed: true };
  });
}
