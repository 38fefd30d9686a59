// Webhook channels, managed by admins: add (the secret sealed with ASSAY_SECRET_KEY, or named by an env var),
// remove, list, and send a test message. Each change and its audit-trail row in one transaction.
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { recordChange } from "../audit-trail.js";
import type { Ctx } from "../context.js";
import { notificationChannels, notificationEvents, webhookKinds } from "../db/schema.js";
import { AppError, toIssues } from "../errors.js";
import { locales } from "../i18n/locales.js";
import type { NotifyConfig } from "./config.js";
import { sealSecret } from "./secret-box.js";
import { postToChannel } from "./worker.js";

export type NotificationChannel = typeof notificationChannels.$inferSelect;

const subscribable = notificationEvents.filter((e) => e !== "digest" && e !== "password.reset") as [string, ...string[]];

export const channelInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(webhookKinds),
    url: z
      .string()
      .trim()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL"),
    secret: z.string().trim().max(500).optional().transform((s) => s || undefined),
    secret_env: z
      .string()
      .trim()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name (A-Z, 0-9, _)")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    events: z.array(z.enum(subscribable as [string, ...string[]])).min(1),
    locale: z.enum(locales).default("en"),
  })
  .refine((c) => !(c.secret && c.secret_env), { path: ["secret_env"], message: "give the secret or the variable's name, not both" });

/** What pages and JSON show: never the secret. */
export function channelJson(ch: NotificationChannel) {
  return { id: ch.id, name: ch.name, kind: ch.kind, url: ch.url, signed: ch.secretEncrypted !== null || ch.secretEnv !== null, secret_env: ch.secretEnv, events: ch.events, locale: ch.locale };
}

export async function listChannels(ctx: Pick<Ctx, "db">) {
  return ctx.db.select().from(notificationChannels).orderBy(asc(notificationChannels.id));
}

export async function addChannel({ ctx, input, config }: { ctx: Ctx; input: unknown; config: Pick<NotifyConfig, "secretKey"> }) {
  const parsed = channelInputSchema.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid channel", toIssues(parsed.error.issues));
  const c = parsed.data;
  if (c.secret && !config.secretKey) throw AppError.invalid("ASSAY_SECRET_KEY is not set: a secret cannot be stored; name an environment variable instead", [{ path: "secret", message: "needs ASSAY_SECRET_KEY" }]);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notificationChannels)
      .values({
        name: c.name,
        kind: c.kind,
        url: c.url,
        secretEncrypted: c.secret ? sealSecret(config.secretKey!, c.secret) : null,
        secretEnv: c.secret_env ?? null,
        events: c.events as NotificationChannel["events"],
        locale: c.locale,
        createdBy: ctx.actor.name,
        createdAt: ctx.now,
      })
      .returning();
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "notification_channel.add", entity: "notification_channel", entityId: row.id, after: channelJson(row) });
    return row;
  });
}

export async function removeChannel({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(notificationChannels).where(eq(notificationChannels.id, input.id)).returning();
    if (!row) throw AppError.notFound(`channel ${input.id}`);
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "notification_channel.remove", entity: "notification_channel", entityId: row.id, before: channelJson(row) });
  });
}

/** Posts a test message now (not through the outbox): null when the receiver accepted it, else why not. */
export async function testChannel({ ctx, input, config }: { ctx: Ctx; input: { id: number }; config: NotifyConfig }): Promise<string | null> {
  const [ch] = await ctx.db.select().from(notificationChannels).where(eq(notificationChannels.id, input.id));
  if (!ch) throw AppError.notFound(`channel ${input.id}`);
  try {
    return await postToChannel(config, ch, { id: -ctx.now, event: "digest", payload: { date: "test", path: "/", items: [] } }, ctx.now);
  } catch (e) {
    return (e as Error).message;
  }
}
