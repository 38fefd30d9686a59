// Each user's choice per channel: every notification at once, one daily digest, or none (default: at once).
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordChange } from "../audit-trail.js";
import type { Ctx } from "../context.js";
import type { DbOrTx } from "../db/client.js";
import { deliveryModes, notificationPreferences, users, type DeliveryMode } from "../db/schema.js";
import { AppError, toIssues } from "../errors.js";

export const preferenceInputSchema = z.object({ user_id: z.coerce.number().int().positive(), email: z.enum(deliveryModes) });

export async function preferencesOf(db: DbOrTx, userId: number): Promise<{ email: DeliveryMode }> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return { email: rows.find((r) => r.channel === "email")?.mode ?? "immediately" };
}

/** Everyone's e-mail choice (the admin page). */
export async function allPreferences(ctx: Pick<Ctx, "db">) {
  return ctx.db
    .select({ id: users.id, email: users.email, name: users.name, disabled: users.disabled, mode: notificationPreferences.mode })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .orderBy(users.email);
}

/** A user sets their own; an admin anyone's. */
export async function setPreferences({ ctx, input }: { ctx: Ctx; input: unknown }) {
  const parsed = preferenceInputSchema.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid preferences", toIssues(parsed.error.issues));
  const { user_id: userId, email } = parsed.data;
  if (ctx.actor.role !== "admin" && !(ctx.actor.kind === "user" && ctx.actor.id === userId)) throw AppError.forbidden("you may only change your own notifications");
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!u) throw AppError.notFound(`user ${userId}`);
    const before = await preferencesOf(tx, userId);
    await tx
      .insert(notificationPreferences)
      .values({ userId, channel: "email", mode: email, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.channel], set: { mode: email, updatedAt: ctx.now } });
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "notification_preferences.set", entity: "user", entityId: userId, before, after: { email } });
    return { email };
  });
}
