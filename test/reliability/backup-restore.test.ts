// Backup while the server is writing, restore with the server stopped, and the retention purge that refuses to
// touch records younger than three years.
import { testCtx } from "../support/ctx.js";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { verifyAuditTrail } from "../../server/audit-trail.js";
import { fixedClock } from "../../server/clock.js";
import { openDatabase, type Database } from "../../server/db/client.js";
import { purgeDeletedTickets, retentionLimit } from "../../server/operations/retention.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { repoRoot, runCli } from "../support/cli.js";
import { fingerprint, listen, type RunningServer } from "./support.js";

/** The CLI without blocking this process, whose event loop serves the HTTP requests meanwhile. */
async function cliAsync(args: string[], databaseUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "server", "cli.ts"), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const [status] = await once(child, "exit");
  return { status: status as number | null, stdout, stderr };
}

async function withDatabase<T>(url: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(url);
  try {
    return await fn(database);
  } finally {
    database.close();
  }
}

const one = async (database: Database, query: string) => Number((await database.client.execute(query)).rows[0][0]);

describe("backup while the server runs, then restore", () => {
  let t: TestApp;
  let http: RunningServer;
  let backupFile: string;
  let backupFingerprint: string;
  let ticketsAtEnd: number;

  beforeAll(async () => {
    t = await buildTestApp();
    http = await listen(t);
    backupFile = join(t.dir, "backup.db");
  });
  afterAll(async () => {
    await http.close();
    t.close();
  });

  it("assay backup FILE writes a consistent copy while batches keep arriving", async () => {
    const token = await t.token("ingest");
    let writing = true;
    let batches = 0;
    const writer = (async () => {
      // keeps writing until the backup is done, then five more batches so the live database moves on
      for (let extra = 0; writing || extra < 5; batches++) {
        if (!writing) extra++;
        const res = await fetch(`${http.base}/api/v1/tickets`, {
          ...jsonBody({ tickets: Array.from({ length: 50 }, (_, i) => ticket(batches * 50 + i)) }),
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        });
        expect(res.status).toBe(200);
      }
    })();
    while (batches < 3) await new Promise((r) => setTimeout(r, 20));
    const res = await cliAsync(["backup", backupFile], t.url);
    writing = false;
    await writer;
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain(`backup written to ${backupFile}`);

    ticketsAtEnd = await one(t.database, "SELECT count(*) FROM tickets");
    expect(ticketsAtEnd).toBe(batches * 50);
    await withDatabase(`file:${backupFile}`, async (backup) => {
      expect((await backup.client.execute("PRAGMA integrity_check")).rows.map((r) => r[0])).toEqual(["ok"]);
      const tickets = await one(backup, "SELECT count(*) FROM tickets");
      // consistent: every batch is there with its ingest record and audit entry, or none of it is
      expect(tickets % 50).toBe(0);
      expect(tickets).toBeGreaterThanOrEqual(150);
      expect(tickets).toBeLessThan(ticketsAtEnd);
      expect(await one(backup, "SELECT count(*) FROM ingest_batches")).toBe(tickets / 50);
      expect(await one(backup, "SELECT count(*) FROM audit_trail WHERE action = 'tickets.upsert'")).toBe(tickets / 50);
      expect(await one(backup, "SELECT sum(opened) FROM ticket_daily_rollup")).toBe(tickets);
      expect((await verifyAuditTrail(backup.db)).ok).toBe(true);
      backupFingerprint = (await fingerprint(backup)).hash;
    });
  });

  it("refuses to overwrite an existing file", async () => {
    const res = runCli(["backup", backupFile], { databaseUrl: t.url });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("already exists; choose a new file");
  });

  it("assay restore FILE, with the server stopped, brings back exactly the backup and keeps the replaced database", async () => {
    await http.close();
    t.database.close();
    const res = runCli(["restore", backupFile], { databaseUrl: t.url });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/restored .*assay\.db from .*backup\.db: [\d,]+ tickets?, audit trail intact/);
    const kept = readdirSync(t.dir).filter((f) => f.startsWith("assay.db.before-restore-"));
    expect(kept.length).toBe(1);
    expect(res.stdout).toContain(`the replaced database was kept as ${join(t.dir, kept[0])}`);

    await withDatabase(t.url, async (restored) => {
      expect((await restored.client.execute("PRAGMA integrity_check")).rows.map((r) => r[0])).toEqual(["ok"]);
      expect((await fingerprint(restored)).hash).toBe(backupFingerprint);
      expect((await verifyAuditTrail(restored.db)).ok).toBe(true);
    });
    await withDatabase(`file:${join(t.dir, kept[0])}`, async (previous) => {
      expect(await one(previous, "SELECT count(*) FROM tickets")).toBe(ticketsAtEnd);
    });

    // the restored database serves again and takes writes
    const database = await openDatabase(t.url);
    try {
      const app = createApp({ database, clock: fixedClock("2026-11-24T12:00:00Z") });
      const restoredTickets = await one(database, "SELECT count(*) FROM tickets");
      const { createApiToken } = await import("../../server/auth/users.js");
      const { token } = await createApiToken({ ctx: testCtx(database.db, Date.parse("2026-11-24T12:00:00Z"), "test"), input: { data: { name: "after-restore", role: "ingest" } } });
      const post = await app.request("/api/v1/tickets", { ...jsonBody({ tickets: [ticket(900_000)] }), headers: { "content-type": "application/json", authorization: `Bearer ${token}` } });
      expect(await post.json()).toEqual({ received: 1, inserted: 1, updated: 0 });
      expect(await one(database, "SELECT count(*) FROM tickets")).toBe(restoredTickets + 1);
      expect((await verifyAuditTrail(database.db)).ok).toBe(true);
    } finally {
      database.close();
    }
  });

  it("refuses a backup whose audit trail was tampered with, a file that is not a database, and a missing file", async () => {
    // changed through the app's own client: the change may sit in forged.db-wal, and restore must still see it
    const forged = join(t.dir, "forged.db");
    await withDatabase(`file:${backupFile}`, (b) => b.client.execute({ sql: "VACUUM INTO ?", args: [forged] }));
    await withDatabase(`file:${forged}`, (f) => f.client.execute("UPDATE audit_trail SET actor = 'mallory' WHERE id = 2"));
    const before = await withDatabase(t.url, async (d) => (await fingerprint(d)).hash);

    const tamperedRes = runCli(["restore", forged], { databaseUrl: t.url });
    expect(tamperedRes.status).toBe(1);
    expect(tamperedRes.stderr).toContain("the backup's audit trail is broken at entry 2");

    const junk = join(t.dir, "junk.db");
    writeFileSync(junk, "this is not a database\n".repeat(200));
    const junkRes = runCli(["restore", junk], { databaseUrl: t.url });
    expect(junkRes.status).toBe(1);
    expect(junkRes.stderr).toMatch(/error: .*(not a database|damaged|file is not)/i);

    const missing = runCli(["restore", join(t.dir, "nope.db")], { databaseUrl: t.url });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("not found");

    expect(await withDatabase(t.url, async (d) => (await fingerprint(d)).hash)).toBe(before);
    expect(readdirSync(t.dir).filter((f) => f.includes(".restoring-"))).toEqual([]);
    expect(existsSync(join(t.dir, "assay.db"))).toBe(true);
  });
});

describe("retention purge", () => {
  const now = Date.parse("2026-11-24T12:00:00Z");
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
    const old = (n: number, opened: string, overrides = {}) => ticket(n, { opened_at: opened, first_response_at: null, resolved_at: null, ...overrides });
    const batch = [
      old(1, "2021-03-01T08:00:00Z"), // deleted, old: purgeable
      old(2, "2022-06-01T08:00:00Z"), // deleted, old: purgeable
      old(3, "2021-05-01T08:00:00Z"), // old but live: kept
      old(4, "2022-01-10T08:00:00Z", { resolved_at: "2024-02-01T08:00:00Z" }), // deleted, opened long ago but resolved within 3 years: kept
      old(5, "2025-01-10T08:00:00Z"), // deleted, young: kept
    ];
    expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets: batch }), role: "ingest" })).status).toBe(200);
    for (const n of [1, 2, 4, 5]) {
      expect((await t.request(`/api/v1/tickets/IT-2026-00000${n}?reason=duplicate`, { method: "DELETE", role: "ingest" })).status).toBe(200);
    }
  });
  afterAll(() => t.close());

  const ids = async () => (await t.database.db.all<{ id: string }>(sql`SELECT id FROM tickets ORDER BY id`)).map((r) => r.id);
  const rollups = async () => JSON.stringify(await t.database.db.all(sql`SELECT * FROM ticket_daily_rollup ORDER BY rowid`));

  it("the limit is three calendar years before now", () => {
    expect(new Date(retentionLimit(now)).toISOString()).toBe("2023-11-24T12:00:00.000Z");
  });

  it("refuses a cutoff that reaches into the last three years, and changes nothing", async () => {
    const before = (await fingerprint(t.database)).hash;
    for (const cutoff of ["2023-11-25", "2024-06-01", "2026-11-24T00:00:00Z", "2023-11-24T12:00:00.001Z"]) {
      await expect(purgeDeletedTickets(t.database.db, now, "test", { before: cutoff })).rejects.toThrow(/records younger than 3 years cannot be purged: --before must be on or before 2023-11-24T12:00:00.000Z/);
    }
    await expect(purgeDeletedTickets(t.database.db, now, "test", { before: "2023-02-30" })).rejects.toThrow(/--before must be a date/);
    expect((await fingerprint(t.database)).hash).toBe(before);
  });

  it("a dry run names what would go and deletes nothing", async () => {
    const before = (await fingerprint(t.database)).hash;
    const result = await purgeDeletedTickets(t.database.db, now, "test", { before: "2023-11-24", dryRun: true });
    expect(result).toEqual({ cutoff: "2023-11-24T00:00:00.000Z", purged: 2, ids: ["IT-2026-000001", "IT-2026-000002"], dryRun: true });
    expect((await fingerprint(t.database)).hash).toBe(before);
  });

  it("hard-deletes only soft-deleted tickets last active before the cutoff, recorded in the audit trail", async () => {
    const rollupsBefore = await rollups();
    const result = await purgeDeletedTickets(t.database.db, now, "ops@example.test", { before: "2023-11-24T12:00:00Z" });
    expect(result).toEqual({ cutoff: "2023-11-24T12:00:00.000Z", purged: 2, ids: ["IT-2026-000001", "IT-2026-000002"], dryRun: false });
    expect(await ids()).toEqual(["IT-2026-000003", "IT-2026-000004", "IT-2026-000005"]);
    expect(await rollups()).toBe(rollupsBefore);
    const [entry] = await t.database.db.all<{ actor: string; action: string; after: string }>(sql`SELECT actor, action, after FROM audit_trail ORDER BY id DESC LIMIT 1`);
    expect(entry.actor).toBe("ops@example.test");
    expect(entry.action).toBe("ticket.purge");
    expect(JSON.parse(entry.after)).toEqual({ before: "2023-11-24T12:00:00.000Z", purged: 2, ids: ["IT-2026-000001", "IT-2026-000002"] });
    expect((await verifyAuditTrail(t.database.db)).ok).toBe(true);
  });

  it("the assay purge command refuses young records and purges old ones", async () => {
    // the CLI runs on the system clock; these dates are older or younger than three years at any time the suite runs
    const young = runCli(["purge", "--before", new Date().toISOString().slice(0, 10)], { databaseUrl: t.url });
    expect(young.status).toBe(1);
    expect(young.stderr).toContain("records younger than 3 years cannot be purged");
    const post = await t.request("/api/v1/tickets", { ...jsonBody({ tickets: [ticket(6, { opened_at: "2020-02-03T08:00:00Z", first_response_at: null, resolved_at: null })] }), role: "ingest" });
    expect(post.status).toBe(200);
    expect((await t.request("/api/v1/tickets/IT-2026-000006?reason=test%20data", { method: "DELETE", role: "ingest" })).status).toBe(200);
    const dry = runCli(["purge", "--before", "2023-01-01", "--dry-run"], { databaseUrl: t.url });
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout.trim().split("\n").at(-1)!)).toEqual({ purged: 1, cutoff: "2023-01-01T00:00:00.000Z", dry_run: true });
    expect(await ids()).toContain("IT-2026-000006");
    const real = runCli(["purge", "--before", "2023-01-01"], { databaseUrl: t.url });
    expect(real.stdout).toContain("purged 1 soft-deleted ticket last active before 2023-01-01T00:00:00.000Z");
    expect(await ids()).toEqual(["IT-2026-000003", "IT-2026-000004", "IT-2026-000005"]);
  });
});
