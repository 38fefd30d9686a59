// The outbox's sending side (`assay notify --now`, and the scheduler every 5 minutes). Each due row is claimed by
// one conditional UPDATE (its status and attempt count as read), so two workers never both send it; the claim
// holds a lease. Delivery is at-least-once at the edge: a process that dies after the receiver got the message
// but before the row was marked sent leaves the row in `sending`, and it is sent again once the lease expires —
// with the same Message-ID (e-mail) and Idempotency-Key (webhooks), so a receiver can drop the repeat.
import { createRequire } from "node:module";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { Clock } from "../clock.js";
import type { Database } from "../db/client.js";
import { notificationChannels, notifications, users } from "../db/schema.js";
import { isLocale } from "../i18n/locales.js";
import { logger } from "../log.js";
import type { NotifyConfig } from "./config.js";
import { renderMessage } from "./message-text.js";
import { openSecret } from "./secret-box.js";
import { buildWebhookRequest, idempotencyKeyOf, refusalOf } from "./webhook-request.js";

export type Notification = typeof notifications.$inferSelect;
type Channel = typeof notificationChannels.$inferSelect;

export interface NotifyDeps {
  database: Database;
  clock: Clock;
  config: NotifyConfig;
}

export interface DeliverOptions {
  /** rows per call (the rest waits for the next call) */
  limit?: number;
  /** only these rows (a password-reset link is sent at once, alone) */
  ids?: number[];
  /** after this many failed attempts a row is `failed` and no longer tried */
  maxAttempts?: number;
  /** the first retry waits this long; each next one twice as long, up to 6 hours */
  backoffMs?: number;
  /** how long a claim holds a row before another worker may take it again */
  leaseMs?: number;
  /** tests stop a worker between the send and its mark here */
  afterSend?: (row: Notification) => Promise<void>;
}

export interface DeliverResult {
  sent: number;
  retried: number;
  failed: number;
}

export const defaultMaxAttempts = 8;
const defaultBackoffMs = 60_000;
const maxBackoffMs = 6 * 3_600_000;
const defaultLeaseMs = 10 * 60_000;
const webhookTimeoutMs = 15_000;

export function backoffDelay(attempts: number, baseMs = defaultBackoffMs): number {
  return Math.min(maxBackoffMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Claims one row as read: wins only if nobody changed it since. */
async function claim(deps: NotifyDeps, row: Notification, leaseMs: number): Promise<Notification | null> {
  const now = deps.clock.now();
  const [claimed] = await deps.database.db
    .update(notifications)
    .set({ status: "sending", attempts: row.attempts + 1, nextAttemptAt: now + leaseMs })
    .where(and(eq(notifications.id, row.id), eq(notifications.status, row.status), eq(notifications.attempts, row.attempts), lte(notifications.nextAttemptAt, now)))
    .returning();
  return claimed ?? null;
}

/** What must not stay in the database once sent: a reset link's token. */
function scrubbed(row: Notification): Record<string, unknown> {
  if (row.event !== "password.reset") return row.payload;
  const { token: _token, ...rest } = row.payload;
  return { ...rest, token: null };
}

async function mark(deps: NotifyDeps, row: Notification, error: string | null, opts: Required<Pick<DeliverOptions, "maxAttempts" | "backoffMs">>): Promise<"sent" | "retried" | "failed"> {
  const now = deps.clock.now();
  const mine = and(eq(notifications.id, row.id), eq(notifications.status, "sending"), eq(notifications.attempts, row.attempts));
  if (error === null) {
    await deps.database.db.update(notifications).set({ status: "sent", sentAt: now, lastError: null, payload: scrubbed(row) }).where(mine);
    return "sent";
  }
  if (row.attempts >= opts.maxAttempts) {
    await deps.database.db.update(notifications).set({ status: "failed", lastError: error.slice(0, 1000), payload: scrubbed(row) }).where(mine);
    return "failed";
  }
  await deps.database.db
    .update(notifications)
    .set({ status: "pending", lastError: error.slice(0, 1000), nextAttemptAt: now + backoffDelay(row.attempts, opts.backoffMs) })
    .where(mine);
  return "retried";
}

function channelSecret(config: NotifyConfig, ch: Channel): string | null {
  if (ch.secretEnv) {
    const value = config.env[ch.secretEnv];
    if (!value) throw new Error(`environment variable ${ch.secretEnv} (the secret of channel ${ch.name}) is not set`);
    return value;
  }
  if (ch.secretEncrypted) {
    if (!config.secretKey) throw new Error("ASSAY_SECRET_KEY is not set; the channel's stored secret cannot be opened");
    return openSecret(config.secretKey, ch.secretEncrypted);
  }
  return null;
}

/** Posts one message to a channel; resolves to null when accepted, else the reason. */
export async function postToChannel(config: NotifyConfig, ch: Channel, row: Pick<Notification, "id" | "event" | "payload">, now: number): Promise<string | null> {
  const message = renderMessage(row.event, row.payload, ch.locale, config.baseUrl);
  const req = buildWebhookRequest(ch.kind, ch.url, channelSecret(config, ch), { id: row.id, event: row.event, payload: row.payload, message }, now);
  const res = await fetch(req.url, { method: "POST", headers: req.headers, body: req.body, signal: AbortSignal.timeout(webhookTimeoutMs), redirect: "error" });
  return refusalOf(ch.kind, res.status, await res.text());
}

async function sendEmail(deps: NotifyDeps, transport: () => Transporter, row: Notification): Promise<void> {
  let to = row.address;
  let locale = deps.config.defaultLocale;
  if (row.userId !== null) {
    const [u] = await deps.database.db.select({ email: users.email, locale: users.locale, disabled: users.disabled }).from(users).where(eq(users.id, row.userId));
    if (!u || (u.disabled && row.event !== "password.reset")) throw new Error("the recipient's account is gone or disabled");
    to = u.email;
    if (isLocale(u.locale)) locale = u.locale;
  }
  if (!to) throw new Error("no address");
  const m = renderMessage(row.event, row.payload, locale, deps.config.baseUrl);
  const host = new URL(deps.config.baseUrl).hostname || "assay.local";
  await transport().sendMail({
    from: deps.config.mailFrom,
    to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    // the same id on a redelivery: mail systems that deduplicate by Message-ID drop the repeat
    messageId: `<${idempotencyKeyOf(row.id)}@${host}>`,
    headers: { "X-Assay-Notification": idempotencyKeyOf(row.id), "X-Assay-Event": row.event },
  });
}

async function sendOne(deps: NotifyDeps, transport: () => Transporter, row: Notification): Promise<void> {
  if (row.channel === "email") return sendEmail(deps, transport, row);
  const [ch] = await deps.database.db.select().from(notificationChannels).where(eq(notificationChannels.id, row.channelId ?? -1));
  if (!ch) throw new Error("the channel was removed");
  const refusal = await postToChannel(deps.config, ch, row, deps.clock.now());
  if (refusal) throw new Error(refusal);
}

export function smtpTransport(config: NotifyConfig): Transporter {
  if (!config.smtpUrl) throw new Error("SMTP_URL is not set");
  // loaded by the first mail, not by every process (about 16 MB); nodemailer is CommonJS, so require keeps this synchronous
  const nodemailer = createRequire(import.meta.url)("nodemailer") as typeof import("nodemailer");
  return nodemailer.createTransport(config.smtpUrl);
}

/** Sends every immediate notification that is due (pending and due, or sending with an expired lease). */
export async function deliverDue(deps: NotifyDeps, opts: DeliverOptions = {}): Promise<DeliverResult> {
  const limits = { maxAttempts: opts.maxAttempts ?? defaultMaxAttempts, backoffMs: opts.backoffMs ?? defaultBackoffMs };
  const leaseMs = opts.leaseMs ?? defaultLeaseMs;
  const now = deps.clock.now();
  const due = await deps.database.db
    .select()
    .from(notifications)
    .where(
      and(
        inArray(notifications.status, ["pending", "sending"]),
        lte(notifications.nextAttemptAt, now),
        eq(notifications.delivery, "immediately"),
        // without an SMTP server e-mails wait in the outbox (and go out once SMTP_URL is set) instead of failing
        deps.config.smtpUrl ? undefined : eq(notifications.channel, "webhook"),
        opts.ids ? inArray(notifications.id, opts.ids) : undefined,
      ),
    )
    .orderBy(asc(notifications.nextAttemptAt), asc(notifications.id))
    .limit(opts.limit ?? 200);
  const result: DeliverResult = { sent: 0, retried: 0, failed: 0 };
  let transporter: Transporter | null = null;
  const transport = () => (transporter ??= smtpTransport(deps.config));
  try {
    for (const candidate of due) {
      const row = await claim(deps, candidate, leaseMs);
      if (!row) continue;
      // a lease that expired on the last allowed attempt: the process died mid-send every time
      if (candidate.status === "sending" && candidate.attempts >= limits.maxAttempts) {
        result[await mark(deps, { ...row, attempts: row.attempts }, candidate.lastError ?? "lease expired on the last attempt", { ...limits, maxAttempts: 0 })]++;
        continue;
      }
      let error: string | null = null;
      try {
        await sendOne(deps, transport, row);
      } catch (e) {
        error = (e as Error).message || String(e);
      }
      if (opts.afterSend) await opts.afterSend(row);
      const outcome = await mark(deps, row, error, limits);
      if (outcome !== "sent") logger.warn({ notification: row.id, event: row.event, attempts: row.attempts, error }, `notification ${outcome === "failed" ? "failed" : "will be retried"}`);
      result[outcome]++;
    }
  } finally {
    (transporter as Transporter | null)?.close();
  }
  return result;
}

/** How many rows wait, by status (the admin page's header and the CLI). */
export async function outboxCounts(database: Database): Promise<Record<string, number>> {
  const rows = await database.db.select({ status: notifications.status, n: sql<number>`count(*)` }).from(notifications).groupBy(notifications.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * A reset link not sent within its hour (no SMTP server, or it kept failing) is useless: the row fails and its
 * token leaves the database, which otherwise keeps only the token's hash.
 */
export async function expireResetLinks(database: Database, now: number, ttlMs: number): Promise<number> {
  const rows = await database.db
    .update(notifications)
    .set({ status: "failed", lastError: "the link expired before it could be sent", payload: sql`json_set(${notifications.payload}, '$.token', json('null'))` })
    .where(and(eq(notifications.event, "password.reset"), inArray(notifications.status, ["pending", "sending"]), lte(notifications.createdAt, now - ttlMs)))
    .returning({ id: notifications.id });
  return rows.length;
}

