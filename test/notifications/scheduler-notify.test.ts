// The server's scheduler runs the notification pass on its own: a due notification reaches a real SMTP server
// without anyone running `assay notify`.
import { testCtx } from "../support/ctx.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/users.js";
import { notifyConfigFromEnv } from "../../server/notifications/config.js";
import { notifyIngestFailure } from "../../server/notifications/enqueue.js";
import { startScheduler, type Scheduler } from "../../server/scheduler.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { startSmtpReceiver, type SmtpReceiver } from "../support/mail-receivers.js";

let t: TestApp;
let smtp: SmtpReceiver;
let scheduler: Scheduler;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await buildTestApp();
  await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "ops@example.test", role: "admin", password: "correct horse battery" } });
});
afterAll(async () => {
  scheduler?.stop();
  await smtp.close();
  t.close();
});

describe("the scheduler", () => {
  it("sends due notifications every interval", async () => {
    const config = notifyConfigFromEnv({ SMTP_URL: smtp.url });
    scheduler = await startScheduler({ database: t.database, clock: t.clock, worker: "test:notify", notify: { config, timezone: "UTC", everyMs: 100 } });
    await notifyIngestFailure(t.database.db, "rt sync", "timeout", t.clock.now());
    for (let i = 0; i < 100 && smtp.mails.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await scheduler.idle();
    expect(smtp.mails.map((m) => m.subject)).toEqual(["Import failed: rt sync"]);
  });
});
