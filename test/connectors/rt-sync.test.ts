// The Request Tracker connector against a real RT 5 (Debian's package, started privately): first sync, incremental
// sync, a refused ticket, a sync stopped mid-way, the token at rest, and the command line.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncConnector } from "../../server/connectors/rt/sync.js";
import { systemContext } from "../../server/context.js";
import { auditTrail, connectors, connectorSyncs, ingestBatches, notifications, ticketHistory, tickets } from "../../server/db/schema.js";
import { defaultConfig } from "../../server/config.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { repoRoot, runCli } from "../support/cli.js";
import { forgetPreparedDatabase, requestTrackerMissing, startRequestTracker, type RequestTracker } from "../support/request-tracker.js";

const missing = requestTrackerMissing();
if (missing) console.warn(`skipping the Request Tracker connector tests: ${missing}`);

interface Sync {
  status: string;
  tickets_read: number;
  tickets_changed: number;
  error: string | null;
}

describe.skipIf(missing !== null)("Request Tracker 5 connector", () => {
  let rt: RequestTracker;
  let t: TestApp;
  let connectorId: number;
  const env = { RT_TEST_TOKEN: "" };

  const api = async (path: string, init: RequestInit = {}) => t.request(`/api/v1${path}`, { role: "admin", ...init, headers: { "content-type": "application/json", ...init.headers } });
  const sync = async (id = connectorId): Promise<Sync> => {
    const res = await api(`/connectors/${id}/sync`, { method: "POST" });
    expect(res.status).toBe(200);
    return (await res.json()) as Sync;
  };
  const ticket = async (id: string) => {
    const res = await api(`/tickets/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown> & { history: unknown[] };
  };
  const ticketCount = async () => (await t.database.db.select({ n: count() }).from(tickets))[0].n;
  const cursorOf = async (id = connectorId) => (await t.database.db.select({ cursor: connectors.cursor }).from(connectors).where(eq(connectors.id, id)))[0].cursor;

  /** the command line as a child process that this process's event loop keeps serving while it runs */
  const cli = (args: string[]) =>
    spawn(process.execPath, ["--import", "tsx", join(repoRoot, "server", "cli.ts"), ...args], { cwd: repoRoot, env: { ...process.env, ...env, DATABASE_URL: t.url, ASSAY_LOCALE: "en" } });
  const cliAsync = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = cli(args);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.once("close", (status) => resolve({ status, stdout, stderr }));
    });

  /** a ticket in the Support queue, created at `time` (RT's clock) */
  const create = async (time: string, fields: Record<string, unknown>) => {
    rt.at(time);
    const made = await rt.call<{ id: string }>("POST", "/ticket", { Queue: "Support", Requestor: "alice@example.com", Content: "please help", ...fields });
    return made.id;
  };
  const correspond = (time: string, id: string) => {
    rt.at(time);
    return rt.call("POST", `/ticket/${id}/correspond`, { Content: "we are on it", ContentType: "text/plain" });
  };
  const comment = (time: string, id: string) => {
    rt.at(time);
    return rt.call("POST", `/ticket/${id}/comment`, { Content: "internal note", ContentType: "text/plain" });
  };
  const status = (time: string, id: string, value: string) => {
    rt.at(time);
    return rt.call("PUT", `/ticket/${id}`, { Status: value });
  };

  beforeAll(async () => {
    rt = await startRequestTracker();
    env.RT_TEST_TOKEN = rt.token;
    process.env.RT_TEST_TOKEN = rt.token;
    t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
    rt.at("2026-03-06 15:00:00");
    await rt.call("POST", "/queue", { Name: "Support" });
    // RT-1: answered after 25 minutes, two hours on hold, resolved
    const one = await create("2026-03-06 16:05:00", { Subject: "Mail is down", Priority: 80, CustomFields: { Satisfaction: "4", Category: "system_failure" } });
    await correspond("2026-03-06 16:30:00", one);
    await status("2026-03-06 17:00:00", one, "stalled");
    await status("2026-03-06 19:00:00", one, "open");
    await status("2026-03-06 20:00:00", one, "resolved");
    // RT-2: a comment is no response; the reply is
    const two = await create("2026-03-07 09:00:00", { Subject: "VPN slow", Priority: 40 });
    await comment("2026-03-07 09:10:00", two);
    await correspond("2026-03-07 09:45:00", two);
    // RT-3: resolved, reopened, resolved again: the last resolution counts; no reply at all
    const three = await create("2026-03-07 09:30:00", { Subject: "Password reset", Priority: 0 });
    await status("2026-03-07 11:00:00", three, "resolved");
    await status("2026-03-07 12:00:00", three, "open");
    await status("2026-03-07 13:00:00", three, "resolved");
  }, 240_000);

  afterAll(async () => {
    delete process.env.RT_TEST_TOKEN;
    t?.close();
    await rt?.stop();
    forgetPreparedDatabase();
  });

  it("creates a connector (admins only) and answers it without any token", async () => {
    const body = {
      kind: "rt",
      name: "helpdesk",
      url: rt.url,
      queue: "Support",
      service: "it-support",
      token_env: "RT_TEST_TOKEN",
      mapping: { custom_fields: { satisfaction: "Satisfaction", category: "Category" } },
    };
    const denied = await t.request("/api/v1/connectors", { method: "POST", role: "auditor", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(denied.status).toBe(403);
    const res = await api("/connectors", { method: "POST", body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number; token_env: string; token_stored: boolean; schedule: string; cursor: null };
    expect(created).toMatchObject({ name: "helpdesk", token_env: "RT_TEST_TOKEN", token_stored: false, schedule: "*/15 * * * *", cursor: null });
    connectorId = created.id;
    const [trail] = await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, "connector.create"));
    expect(trail.entityId).toBe(String(connectorId));
    const again = await api("/connectors", { method: "POST", body: JSON.stringify(body) });
    expect(again.status).toBe(409);
  });

  it("a first sync imports every ticket with first response, on-hold time, resolution and priority derived from RT", async () => {
    const s = await sync();
    expect(s).toMatchObject({ status: "succeeded", tickets_read: 3, tickets_changed: 3, error: null });
    const one = await ticket("RT-1");
    expect(one).toMatchObject({
      kind: "incident",
      service: "it-support",
      priority: "urgent",
      summary: "Mail is down",
      opened_at: "2026-03-06T16:05:00.000Z",
      first_response_at: "2026-03-06T16:30:00.000Z",
      on_hold_minutes: 120,
      resolved_at: "2026-03-06T20:00:00.000Z",
      satisfaction: 4,
      category: "system_failure",
      assignee: null,
    });
    expect(await ticket("RT-2")).toMatchObject({ priority: "important", first_response_at: "2026-03-07T09:45:00.000Z", on_hold_minutes: 0, resolved_at: null });
    expect(await ticket("RT-3")).toMatchObject({ priority: "general", first_response_at: null, resolved_at: "2026-03-07T13:00:00.000Z" });
    // the cursor is RT's greatest LastUpdated, in TicketSQL's form
    expect(await cursorOf()).toBe("2026-03-07 13:00:00");
    // the same ingest path as the API: a batch record with its audit-trail entry
    const [batch] = await t.database.db.select().from(ingestBatches).where(eq(ingestBatches.source, "connector:helpdesk"));
    expect(batch).toMatchObject({ received: 3, inserted: 3, updated: 0 });
  });

  it("a second sync reads only the window since the cursor and changes only what changed in RT", async () => {
    await status("2026-03-08 10:00:00", "2", "resolved");
    const s = await sync();
    // RT-3 is read again (inside the overlap before the cursor) but unchanged; RT-1 is outside the window
    expect(s).toMatchObject({ status: "succeeded", tickets_read: 2, tickets_changed: 1 });
    const two = await ticket("RT-2");
    expect(two.resolved_at).toBe("2026-03-08T10:00:00.000Z");
    expect(two.history).toHaveLength(2);
    expect((await ticket("RT-1")).history).toHaveLength(1);
    expect((await ticket("RT-3")).history).toHaveLength(1);
    expect(await cursorOf()).toBe("2026-03-08 10:00:00");
  });

  it("a ticket Assay refuses fails the whole sync: nothing is written, the cursor stays, the error is shown", async () => {
    await status("2026-03-09 08:00:00", "1", "open");
    await create("2026-03-09 09:00:00", { Subject: "Bad survey", Priority: 50, CustomFields: { Satisfaction: "9" } });
    await t.session("admin"); // an administrator, who is told of the failure
    const told = async () => (await t.database.db.select({ n: count() }).from(notifications).where(eq(notifications.event, "ingest.failed")))[0].n;
    const toldBefore = await told();
    const before = { count: await ticketCount(), cursor: await cursorOf(), history: (await t.database.db.select({ n: count() }).from(ticketHistory))[0].n };
    const s = await sync();
    expect(s.status).toBe("failed");
    expect(await told()).toBe(toldBefore + 1);
    expect(s.error).toContain("RT-4.satisfaction");
    expect(await ticketCount()).toBe(before.count);
    expect(await cursorOf()).toBe(before.cursor);
    expect((await t.database.db.select({ n: count() }).from(ticketHistory))[0].n).toBe(before.history);
    // RT-1 was reopened in RT, but the failed sync wrote none of it
    expect((await ticket("RT-1")).resolved_at).toBe("2026-03-06T20:00:00.000Z");
    const listed = (await (await api("/connectors")).json()) as { connectors: { last_sync: Sync }[] };
    expect(listed.connectors[0].last_sync).toMatchObject({ status: "failed", tickets_changed: 0 });
    expect(listed.connectors[0].last_sync.error).toContain("RT-4.satisfaction");

    // fixed in RT, the next sync takes both changes
    rt.at("2026-03-09 09:30:00");
    await rt.call("PUT", "/ticket/4", { CustomFields: { Satisfaction: "5" } });
    const fixed = await sync();
    // RT-2 again (at the cursor, unchanged), RT-1 and RT-4
    expect(fixed).toMatchObject({ status: "succeeded", tickets_read: 3, tickets_changed: 2 });
    expect(await ticket("RT-4")).toMatchObject({ satisfaction: 5, priority: "important" });
    expect((await ticket("RT-1")).resolved_at).toBeNull();
  });

  it("a sync stopped mid-way (after its first page, or before its commit) then a new sync loses and duplicates nothing", async () => {
    await create("2026-03-10 09:00:00", { Subject: "Laptop", Priority: 10 });
    await create("2026-03-10 09:05:00", { Subject: "Phone", Priority: 90 });
    await status("2026-03-10 09:10:00", "2", "open");
    const ctx = () => systemContext({ database: t.database, clock: t.clock, config: defaultConfig }, "test");
    const before = { count: await ticketCount(), cursor: await cursorOf(), history: (await t.database.db.select({ n: count() }).from(ticketHistory))[0].n };
    const pages: number[] = [];
    const crashed = await syncConnector(
      { ctx: ctx(), input: { connector: "helpdesk" } },
      {
        pageSize: 1,
        afterPage: (page) => {
          pages.push(page);
          if (page === 1) throw new Error("process killed after the first page");
        },
      },
    );
    expect(pages).toEqual([1]);
    expect(crashed).toMatchObject({ status: "failed", error: "process killed after the first page" });
    const died = await syncConnector({ ctx: ctx(), input: { connector: "helpdesk" } }, { pageSize: 1, beforeCommit: () => Promise.reject(new Error("process killed before commit")) });
    expect(died).toMatchObject({ status: "failed", error: "process killed before commit" });
    expect(await ticketCount()).toBe(before.count);
    expect(await cursorOf()).toBe(before.cursor);
    expect((await t.database.db.select({ n: count() }).from(ticketHistory))[0].n).toBe(before.history);

    // the restart: paged one ticket at a time, every page is read, nothing twice
    const seen: number[] = [];
    const after = await syncConnector({ ctx: ctx(), input: { connector: "helpdesk" } }, { pageSize: 1, afterPage: (p) => void seen.push(p) });
    // RT-4 (at the cursor, unchanged), RT-5 and RT-6 (new), RT-2 (reopened)
    expect(after).toMatchObject({ status: "succeeded", tickets_read: 4, tickets_changed: 3 });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(await ticketCount()).toBe(before.count + 2);
    const ids = await t.database.db.all<{ id: string; n: number }>(sql`SELECT ticket_id AS id, count(*) AS n FROM ticket_history GROUP BY ticket_id HAVING n > 2`);
    expect(ids).toEqual([]);
    expect(await ticket("RT-6")).toMatchObject({ priority: "urgent", opened_at: "2026-03-10T09:05:00.000Z" });
    expect(await cursorOf()).toBe("2026-03-10 09:10:00");
    // a sync left running by a process that died is closed as failed when it is stale; a live one refuses a second
    await t.database.db.insert(connectorSyncs).values({ connectorId, startedAt: t.clock.now() - 60_000, status: "running", actor: "dead-process" });
    const busy = await api(`/connectors/${connectorId}/sync`, { method: "POST" });
    expect(busy.status).toBe(409);
    await t.database.db.update(connectorSyncs).set({ startedAt: t.clock.now() - 3_600_000 }).where(eq(connectorSyncs.actor, "dead-process"));
    expect((await sync()).status).toBe("succeeded");
    const [stale] = await t.database.db.select().from(connectorSyncs).where(eq(connectorSyncs.actor, "dead-process"));
    expect(stale.status).toBe("failed");
    expect(stale.error).toMatch(/interrupted/);
  });

  it("a sync process killed mid-way (SIGKILL while it reads a history) writes nothing; the next sync closes its record and loses and duplicates nothing", async () => {
    // a real proxy in front of RT: it holds the second history request, and the test kills the process then
    let histories = 0;
    let held!: () => void;
    const reached = new Promise<void>((resolve) => (held = resolve));
    let holding = true;
    const proxy = createServer(async (req, res) => {
      if (req.url?.includes("/history") && ++histories === 2 && holding) {
        held();
        return; // never answered: the process dies waiting
      }
      const upstream = await fetch(`${rt.url}${req.url}`, { headers: { authorization: req.headers.authorization ?? "", accept: "application/json" } });
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
      res.end(await upstream.text());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const created = await api("/connectors", {
        method: "POST",
        body: JSON.stringify({ kind: "rt", name: "proxied", url: proxyUrl, queue: "Support", service: "it-support", token_env: "RT_TEST_TOKEN", mapping: { custom_fields: { satisfaction: "Satisfaction", category: "Category" } } }),
      });
      const proxied = ((await created.json()) as { id: number }).id;
      await create("2026-03-11 09:00:00", { Subject: "Monitor", Priority: 60 });
      await status("2026-03-11 10:00:00", "3", "open");
      const before = { count: await ticketCount(), history: (await t.database.db.select({ n: count() }).from(ticketHistory))[0].n };

      const child = cli(["connector", "sync", "proxied"]);
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      await reached;
      child.kill("SIGKILL");
      await exited;
      const [left] = await t.database.db.select().from(connectorSyncs).where(eq(connectorSyncs.connectorId, proxied));
      expect(left.status).toBe("running");
      expect(await ticketCount()).toBe(before.count);
      expect((await t.database.db.select({ n: count() }).from(ticketHistory))[0].n).toBe(before.history);
      expect(await cursorOf(proxied)).toBeNull();

      holding = false;
      // spawned, not spawnSync: the proxy answering it runs on this test's event loop
      const again = await cliAsync(["connector", "sync", "proxied"]);
      expect(again.stderr).toBe("");
      expect(again.status).toBe(0);
      // all seven read; RT-7 is new and RT-3 was reopened, the rest as the helpdesk connector wrote them
      expect(again.stdout).toContain("connector proxied synced: 7 tickets read, 2 changed");
      const [closed] = await t.database.db.select().from(connectorSyncs).where(eq(connectorSyncs.id, left.id));
      expect(closed).toMatchObject({ status: "failed" });
      expect(closed.error).toMatch(/interrupted/);
      expect(await ticketCount()).toBe(before.count + 1);
      expect(await ticket("RT-7")).toMatchObject({ priority: "important", opened_at: "2026-03-11T09:00:00.000Z" });
      expect((await ticket("RT-3")).resolved_at).toBeNull();
      const twice = await t.database.db.all<{ id: string }>(sql`SELECT ticket_id AS id FROM ticket_history GROUP BY ticket_id, revision HAVING count(*) > 1`);
      expect(twice).toEqual([]);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("a token given itself is stored encrypted under ASSAY_SECRET_KEY, never in clear, and still syncs", async () => {
    process.env.ASSAY_SECRET_KEY = "a-long-random-secret-for-the-tests";
    try {
      const res = await api("/connectors", { method: "POST", body: JSON.stringify({ kind: "rt", name: "stored-token", url: rt.url, queue: "Support", token: rt.token }) });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { id: number; token_stored: boolean };
      expect(created.token_stored).toBe(true);
      expect(JSON.stringify(created)).not.toContain(rt.token);
      const [row] = await t.database.db.select().from(connectors).where(eq(connectors.id, created.id));
      expect(row.tokenEncrypted).toBeTruthy();
      expect(row.tokenEncrypted).not.toContain(rt.token);
      const s = await sync(created.id);
      expect(s).toMatchObject({ status: "succeeded", tickets_read: 7 });
      await t.database.db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
      const bytes = readFileSync(join(t.dir, "assay.db")).toString("latin1");
      expect(bytes).not.toContain(rt.token);
      expect(bytes).not.toContain(rt.token.split("-").pop()!);
    } finally {
      delete process.env.ASSAY_SECRET_KEY;
    }
    // without the key, a token cannot be stored at all
    const refused = await api("/connectors", { method: "POST", body: JSON.stringify({ kind: "rt", name: "no-key", url: rt.url, queue: "Support", token: "x" }) });
    expect(refused.status).toBe(400);
  });

  it("the command line adds a connector and syncs it", () => {
    const add = runCli(["connector", "add", "rt", "--name", "cli-desk", "--url", rt.url, "--token-env", "RT_TEST_TOKEN", "--queue", "Support"], {
      databaseUrl: t.url,
      env: { ...env, ASSAY_LOCALE: "en" },
    });
    expect(add.stderr).toBe("");
    expect(add.status).toBe(0);
    expect(add.stdout).toContain("connector cli-desk added");
    const run = runCli(["connector", "sync", "cli-desk"], { databaseUrl: t.url, env: { ...env, ASSAY_LOCALE: "en" } });
    expect(run.status).toBe(0);
    // the same queue, service and mapping as the stored-token connector's: every ticket read, none changed
    expect(run.stdout).toContain("connector cli-desk synced: 7 tickets read, 0 changed");
    const unset = runCli(["connector", "sync", "cli-desk"], { databaseUrl: t.url, env: { RT_TEST_TOKEN: "", ASSAY_LOCALE: "en" } });
    expect(unset.status).toBe(1);
    expect(unset.stderr).toContain("RT_TEST_TOKEN");
  });
});
