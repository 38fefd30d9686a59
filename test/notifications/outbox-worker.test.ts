// The outbox worker against real receivers: exactly-once delivery across a restart, a crash between sending and
// marking (at-least-once at that edge, with the same idempotency key), retries with exponential back-off, the
// generic webhook's HMAC signature, two workers at once, the daily digest, and nothing enqueued by a rolled-back
// transaction.
import { testCtx } from "../support/ctx.js";
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/users.js";
import { systemContext } from "../../server/context.js";
import { openDatabase, type Database } from "../../server/db/client.js";
import { notificationChannels, notifications } from "../../server/db/schema.js";
import { defaultConfig } from "../../server/config.js";
import { addChannel } from "../../server/notifications/channels.js";
import { notifyConfigFromEnv } from "../../server/notifications/config.js";
import { collectDigests } from "../../server/notifications/daily-digest.js";
import { enqueueIngestFailure } from "../../server/notifications/enqueue.js";
import { setPreferences } from "../../server/notifications/preferences.js";
import { deliverDue } from "../../server/notifications/worker.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "../support/mail-receivers.js";

let t: TestApp;
let smtp: SmtpReceiver;
let hook: HttpReceiver;
let adminId: number;
const secret = "generic-signing-secret";
let env: Record<string, string>;

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-02T06:00:00Z" });
  smtp = await startSmtpReceiver();
  hook = await startHttpReceiver();
  env = { SMTP_URL: smtp.url, ASSAY_BASE_URL: "https://assay.example.test", ASSAY_SECRET_KEY: "0".repeat(64) };
  adminId = (await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "admin@example.test", role: "admin", password: "correct horse battery" } })).id;
  const ctx = systemContext({ database: t.database, clock: t.clock, config: defaultConfig });
  await addChannel({ ctx, config: notifyConfigFromEnv(env), input: { name: "generic", kind: "generic", url: `${hook.url}/hook`, secret, events: ["ingest.failed"] } });
});

afterAll(async () => {
  await smtp.close();
  await hook.close();
  t.close();
});

beforeEach(async () => {
  await t.database.db.delete(notifications).where(eq(notifications.status, "sent"));
  smtp.mails.length = 0;
  hook.requests.length = 0;
  hook.answer = () => ({ status: 200, body: "{}" });
});

const deps = (database: Database = t.database) => ({ database, clock: t.clock, config: notifyConfigFromEnv(env) });
const fail = (source: string) => t.database.db.transaction((tx) => enqueueIngestFailure(tx, source, "the CSV had no header", t.clock.now()));

describe("the outbox worker", () => {
  it("sends each row once across a restart in the middle of a batch", async () => {
    for (let i = 1; i <= 5; i++) expect(await fail(`import-${i}`)).toBe(2); // the admin's e-mail and the channel
    expect(await fail("import-1")).toBe(0); // the same event again: deduplicated

    // the first process sends 4 of the 10 rows and stops
    expect(await deliverDue(deps(), { limit: 4 })).toEqual({ sent: 4, retried: 0, failed: 0 });
    // a new process on the same database file
    const reopened = await openDatabase(t.url);
    try {
      expect(await deliverDue(deps(reopened))).toEqual({ sent: 6, retried: 0, failed: 0 });
      expect(await deliverDue(deps(reopened))).toEqual({ sent: 0, retried: 0, failed: 0 });
    } finally {
      reopened.close();
    }
    expect(smtp.mails.map((m) => m.subject).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `Import failed: import-${i}`));
    expect(hook.requests.map((r) => JSON.parse(r.body).data.source).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `import-${i}`));
  });

  it("signs generic webhooks with HMAC-SHA256 over timestamp.body", async () => {
    await fail("signed");
    await deliverDue(deps());
    const [req] = hook.requests;
    const ts = req.headers["x-assay-timestamp"] as string;
    expect(ts).toBe(String(t.clock.now() / 1000));
    expect(req.headers["x-assay-signature"]).toBe("sha256=" + createHmac("sha256", secret).update(`${ts}.${req.body}`).digest("hex"));
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ event: "ingest.failed", title: "Import failed: signed", url: "https://assay.example.test/data", data: { source: "signed", error: "the CSV had no header" } });
    expect(req.headers["idempotency-key"]).toBe(body.id);
  });

  it("a crash between sending and marking leaves the row sending; it is sent again, with the same key, once the lease expires", async () => {
    await fail("crash");
    const crash = new Error("process died");
    await expect(deliverDue(deps(), { afterSend: () => Promise.reject(crash) })).rejects.toBe(crash);
    const rows = await t.database.db.select().from(notifications).where(eq(notifications.status, "sending"));
    expect(rows).toHaveLength(1); // the first row claimed; the other was never touched
    expect(hook.requests.length + smtp.mails.length).toBe(1);
    // within the lease nobody takes it again
    t.clock.set(t.clock.now() + 9 * 60_000);
    expect(await deliverDue(deps())).toEqual({ sent: 1, retried: 0, failed: 0 }); // only the untouched one
    t.clock.set(t.clock.now() + 60_000);
    expect(await deliverDue(deps())).toEqual({ sent: 1, retried: 0, failed: 0 });
    const keys = [...hook.requests.map((r) => r.headers["idempotency-key"]), ...smtp.mails.map((m) => m.headers.get("x-assay-notification"))];
    // three deliveries of two rows: the crashed one twice, under one key
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(2);
  });

  it("retries a failing receiver with exponential back-off, then gives up after the last attempt", async () => {
    await t.database.db.delete(notifications);
    let refusals = 2;
    hook.answer = () => (refusals-- > 0 ? { status: 503, body: "busy" } : { status: 200, body: "{}" });
    await t.database.db.transaction((tx) => enqueueIngestFailure(tx, "flaky", "timeout", t.clock.now()));
    const start = t.clock.now();
    const opts = { backoffMs: 60_000, maxAttempts: 3 };
    expect(await deliverDue(deps(), opts)).toEqual({ sent: 1, retried: 1, failed: 0 }); // the e-mail goes, the webhook waits 1 min
    let [row] = await t.database.db.select().from(notifications).where(eq(notifications.channel, "webhook"));
    expect(row).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: start + 60_000, lastError: "HTTP 503: busy" });
    t.clock.set(start + 59_999);
    expect(await deliverDue(deps(), opts)).toEqual({ sent: 0, retried: 0, failed: 0 });
    t.clock.set(start + 60_000);
    expect(await deliverDue(deps(), opts)).toEqual({ sent: 0, retried: 1, failed: 0 });
    [row] = await t.database.db.select().from(notifications).where(eq(notifications.channel, "webhook"));
    expect(row).toMatchObject({ attempts: 2, nextAttemptAt: start + 60_000 + 120_000 });
    t.clock.set(start + 180_000);
    expect(await deliverDue(deps(), opts)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(hook.requests).toHaveLength(3);

    // a receiver that never accepts: failed after maxAttempts
    hook.answer = () => ({ status: 500, body: "down" });
    await t.database.db.transaction((tx) => enqueueIngestFailure(tx, "down", "x", t.clock.now()));
    for (let i = 0; i < 3; i++) {
      await deliverDue(deps(), opts);
      t.clock.set(t.clock.now() + 3_600_000);
    }
    [row] = await t.database.db.select().from(notifications).where(eq(notifications.dedupeKey, `ingest.failed:down:${start + 180_000}|channel:1`));
    expect(row).toMatchObject({ status: "failed", attempts: 3, lastError: "HTTP 500: down" });
  });

  it("two workers at once send each row once", async () => {
    for (let i = 1; i <= 6; i++) await fail(`parallel-${i}`);
    const other = await openDatabase(t.url);
    try {
      const [a, b] = await Promise.all([deliverDue(deps()), deliverDue(deps(other))]);
      expect(a.sent + b.sent).toBe(12);
    } finally {
      other.close();
    }
    expect(smtp.mails).toHaveLength(6);
    expect(hook.requests).toHaveLength(6);
  });

  it("nothing is enqueued when the event's transaction rolls back", async () => {
    const before = (await t.database.db.select().from(notifications)).length;
    await expect(
      t.database.db.transaction(async (tx) => {
        await enqueueIngestFailure(tx, "rolled-back", "x", t.clock.now());
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect((await t.database.db.select().from(notifications)).length).toBe(before);
  });

  it("a user who chose the daily digest gets one e-mail a day with what was kept for it", async () => {
    const ctx = { ...systemContext({ database: t.database, clock: t.clock, config: defaultConfig }) };
    await setPreferences({ ctx, input: { user_id: adminId, email: "daily_digest" } });
    t.clock.set("2026-11-10T06:00:00Z");
    await fail("digest-1");
    await fail("digest-2");
    expect(await deliverDue(deps())).toEqual({ sent: 2, retried: 0, failed: 0 }); // the channel's two; the e-mails wait
    expect(smtp.mails).toHaveLength(0);
    expect(await collectDigests(t.database.db, t.clock.now(), "UTC", 8)).toBe(0); // before 08:00
    t.clock.set("2026-11-10T08:00:00Z");
    expect(await collectDigests(t.database.db, t.clock.now(), "UTC", 8)).toBe(1);
    expect(await collectDigests(t.database.db, t.clock.now(), "UTC", 8)).toBe(0);
    expect(await deliverDue(deps())).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.mails.map((m) => m.subject)).toEqual(["Assay: 2 notifications of 2026-11-10"]);
    expect(smtp.mails[0].text).toContain("Import failed: digest-1");
    expect(smtp.mails[0].text).toContain("Import failed: digest-2");
    // off: nothing is written for the user at all
    await setPreferences({ ctx, input: { user_id: adminId, email: "off" } });
    const before = (await t.database.db.select().from(notifications)).length;
    expect(await fail("silent")).toBe(1); // the channel only
    expect((await t.database.db.select().from(notifications)).length).toBe(before + 1);
  });

  it("stores a channel's secret sealed, never in the clear", async () => {
    const [ch] = await t.database.db.select().from(notificationChannels);
    expect(ch.secretEncrypted).toMatch(/^v1:/);
    expect(ch.secretEncrypted).not.toContain(secret);
  });
});
