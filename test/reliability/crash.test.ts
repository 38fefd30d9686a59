// A process killed with SIGKILL in the middle of a CSV import leaves no partial batch: after a restart the
// tickets are all there or none are, the database passes PRAGMA integrity_check, and it takes writes again.
import { spawn } from "node:child_process";
import { createWriteStream, rmSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../server/db/client.js";
import { verifyAuditTrail } from "../../server/audit-trail.js";
import { tempDatabaseUrl } from "../support/app.js";
import { repoRoot, runCli } from "../support/cli.js";

const rows = 120_000;
let dir: string;
let url: string;
let file: string;

async function writeBigCsv(path: string) {
  const out = createWriteStream(path);
  out.write("id,kind,service,priority,opened_at,first_response_at,resolved_at,assignee,satisfaction,summary\n");
  const start = Date.parse("2025-01-01T00:00:00Z");
  for (let i = 0; i < rows; i++) {
    const opened = start + i * 137_000;
    const line = `CRASH-${i},incident,svc-${i % 7},general,${new Date(opened).toISOString()},${new Date(opened + 600_000).toISOString()},${new Date(opened + 7_200_000).toISOString()},agent-${i % 40},${1 + (i % 5)},"row ${i}, generated"\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

beforeAll(async () => {
  ({ dir, url } = await tempDatabaseUrl());
  file = join(dir, "big.csv");
  await writeBigCsv(file);
  expect(runCli(["migrate"], { databaseUrl: url }).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function inspect(fn: (database: Database) => Promise<void>) {
  const database = await openDatabase(url);
  try {
    await fn(database);
  } finally {
    database.close();
  }
}

describe("kill -9 during a CSV import", () => {
  it("leaves either none or all of the file's tickets, and an intact database", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "server", "cli.ts"), "import", "tickets", file], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = once(child, "exit");
    // the CLI reports progress every 100,000 rows: by then 100,000 rows sit in the open transaction
    let progress = "";
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (d: Buffer) => {
        progress += String(d);
        if (/100,000 rows/.test(progress)) resolve();
      });
      child.once("exit", (code) => reject(new Error(`the import ended (${code}) before it could be killed: ${progress}`)));
    });
    child.kill("SIGKILL");
    const [code, signal] = await exited;
    expect([code, signal]).toEqual([null, "SIGKILL"]);

    await inspect(async (database) => {
      const integrity = await database.client.execute("PRAGMA integrity_check");
      expect(integrity.rows.map((r) => r[0])).toEqual(["ok"]);
      const tickets = Number((await database.client.execute("SELECT count(*) AS n FROM tickets")).rows[0].n);
      expect([0, rows]).toContain(tickets);
      // it was killed mid-way, so in fact none
      expect(tickets).toBe(0);
      const rollup = await database.client.execute("SELECT coalesce(sum(opened), 0) AS n FROM ticket_daily_rollup");
      expect(rollup.rows[0].n).toBe(0);
      const batches = await database.client.execute("SELECT count(*) AS n FROM ingest_batches");
      expect(batches.rows[0].n).toBe(0);
      expect((await verifyAuditTrail(database.db)).ok).toBe(true);
    });
  });

  it("after the restart the same import runs to completion", async () => {
    const res = runCli(["import", "tickets", file], { databaseUrl: url });
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout.trim().split("\n").at(-1)!)).toEqual({ received: rows, inserted: rows, updated: 0 });
    await inspect(async (database) => {
      const integrity = await database.client.execute("PRAGMA integrity_check");
      expect(integrity.rows.map((r) => r[0])).toEqual(["ok"]);
      expect((await database.client.execute("SELECT count(*) AS n FROM tickets")).rows[0].n).toBe(rows);
      expect((await database.client.execute("SELECT sum(opened) AS n FROM ticket_daily_rollup")).rows[0].n).toBe(rows);
    });
  });
});
