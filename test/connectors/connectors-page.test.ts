// The Connectors page (admins): connectors and their syncs, Sync now behind the CSRF token, a failed sync's error in
// view, the page in Chinese; and a connector's schedule that the scheduler runs.
import cron from "node-cron";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnector } from "../../server/connectors/connectors.js";
import { connectorTaskName } from "../../server/connectors/schedule.js";
import { systemContext } from "../../server/context.js";
import { auditTrail, connectorSyncs } from "../../server/db/schema.js";
import { defaultConfig } from "../../server/config.js";
import { startScheduler } from "../../server/scheduler.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let id: number;

beforeAll(async () => {
  t = await buildTestApp();
  // nothing listens on port 9 of the loopback: every sync fails, saying so
  const created = await createConnector({
    ctx: systemContext({ database: t.database, clock: t.clock, config: defaultConfig }, "test"),
    input: { kind: "rt", name: "helpdesk", url: "http://127.0.0.1:9", queue: "Support", token_env: "RT_PAGE_TEST_TOKEN", schedule: "0 * * * *" },
  });
  id = created.id;
  process.env.RT_PAGE_TEST_TOKEN = "1-2-abc";
});
afterAll(() => {
  delete process.env.RT_PAGE_TEST_TOKEN;
  t.close();
});

const form = (csrf: string) => new URLSearchParams({ _csrf: csrf }).toString();

describe("Connectors page", () => {
  it("lists the connectors for admins only", async () => {
    const admin = await t.session("admin");
    const page = await t.app.request("/admin/connectors", { headers: { cookie: admin.cookie, accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("helpdesk");
    expect(html).toContain("environment variable RT_PAGE_TEST_TOKEN");
    expect(html).toContain("Sync now");
    expect(html).not.toContain("1-2-abc");
    const auditor = await t.session("auditor");
    expect((await t.app.request("/admin/connectors", { headers: { cookie: auditor.cookie, accept: "text/html" } })).status).toBe(403);
  });

  it("Sync now needs the CSRF token, then shows the failed sync in red with its error", async () => {
    const admin = await t.session("admin");
    const headers = { cookie: admin.cookie, accept: "text/html", "content-type": "application/x-www-form-urlencoded", "hx-request": "true" };
    const forged = await t.app.request(`/admin/connectors/${id}/sync`, { method: "POST", headers, body: form("wrong") });
    expect(forged.status).toBe(403);
    expect(await t.database.db.select().from(connectorSyncs)).toHaveLength(0);
    const res = await t.app.request(`/admin/connectors/${id}/sync`, { method: "POST", headers, body: form(admin.csrf) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<section id="connectors"/);
    expect(html).toContain('<span class="badge badge-failed">failed</span>');
    expect(html).toContain("Request Tracker at http://127.0.0.1:9/REST/2.0 cannot be reached");
    expect(html).toContain("Sync of helpdesk finished: failed.");
  });

  it("speaks Chinese to a Chinese reader", async () => {
    const admin = await t.session("admin");
    const html = await (await t.app.request("/admin/connectors", { headers: { cookie: admin.cookie, accept: "text/html", "accept-language": "zh-CN" } })).text();
    expect(html).toContain("立即同步");
    expect(html).toContain("最近的同步");
    expect(html).toContain("失败");
  });

  it("records who created a connector in the audit trail, without its token", async () => {
    const [row] = await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, "connector.create"));
    expect(row).toMatchObject({ actor: "test", entity: "connector", entityId: String(id) });
    expect(row.after).toContain('"token_env":"RT_PAGE_TEST_TOKEN"');
  });
});

/** node-cron's registry is keyed by task id; the scheduler names each connector's task */
const taskNamed = (name: string) => [...cron.getTasks().values()].find((task) => task.name === name);

describe("changing a connector", () => {
  it("PATCH changes its settings, keeps the cursor, and records before and after in the audit trail without the token", async () => {
    const json = { "content-type": "application/json" };
    const bad = await t.request(`/api/v1/connectors/${id}`, { method: "PATCH", role: "admin", headers: json, body: JSON.stringify({ schedule: "every minute" }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues[0].path).toBe("schedule");
    process.env.ASSAY_SECRET_KEY = "another-long-secret-for-tests";
    try {
      const res = await t.request(`/api/v1/connectors/${id}`, { method: "PATCH", role: "admin", headers: json, body: JSON.stringify({ schedule: "30 * * * *", token: "9-9-secret-token-value" }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ schedule: "30 * * * *", token_env: null, token_stored: true, queue: "Support" });
    } finally {
      delete process.env.ASSAY_SECRET_KEY;
    }
    const [row] = await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, "connector.update"));
    expect(JSON.parse(row.before!)).toMatchObject({ schedule: "0 * * * *", token_env: "RT_PAGE_TEST_TOKEN" });
    expect(JSON.parse(row.after!)).toMatchObject({ schedule: "30 * * * *", token_stored: true });
    expect(`${row.before}${row.after}`).not.toContain("secret-token-value");
    const denied = await t.request(`/api/v1/connectors/${id}`, { method: "PATCH", role: "auditor", headers: json, body: JSON.stringify({ schedule: "0 * * * *" }) });
    expect(denied.status).toBe(403);
    // back to the variable, for the scheduler's test below
    const back = await t.request(`/api/v1/connectors/${id}`, { method: "PATCH", role: "admin", headers: json, body: JSON.stringify({ token_env: "RT_PAGE_TEST_TOKEN" }) });
    expect(await back.json()).toMatchObject({ token_env: "RT_PAGE_TEST_TOKEN", token_stored: false });
  });
});

describe("scheduled syncs", () => {
  it("the scheduler runs each connector's sync on the connector's schedule", async () => {
    const scheduler = await startScheduler({ database: t.database, clock: t.clock, worker: "w1", storeReports: false });
    try {
      const task = taskNamed(connectorTaskName(id));
      expect(task).toBeDefined();
      const before = (await t.database.db.select().from(connectorSyncs)).length;
      // the occurrence node-cron would fire at the top of the hour
      await task!.execute();
      await scheduler.idle();
      const syncs = await t.database.db.select().from(connectorSyncs);
      expect(syncs).toHaveLength(before + 1);
      expect(syncs.at(-1)).toMatchObject({ actor: "schedule:w1", status: "failed" });
    } finally {
      scheduler.stop();
    }
    expect(taskNamed(connectorTaskName(id))).toBeUndefined();
  });
});
