import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { fixedClock } from "../../server/clock.js";
import { openDatabase, type Database } from "../../server/db/client.js";
import { runCli } from "../support/cli.js";
import { tempDatabaseUrl } from "../support/app.js";

let dir: string;
let url: string;
let database: Database;

beforeAll(async () => {
  ({ dir, url } = await tempDatabaseUrl());
  expect(runCli(["migrate"], { databaseUrl: url }).status).toBe(0);
  database = await openDatabase(url);
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("assay command line", () => {
  it("token create prints the token alone on the last line, and the token works", async () => {
    const res = runCli(["token", "create", "--name", "feeder", "--role", "ingest"], { databaseUrl: url });
    expect(res.status).toBe(0);
    const token = res.stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^assay_[A-Za-z0-9_-]{32}$/);
    const app = createApp({ database, clock: fixedClock("2026-11-24T00:00:00Z") });
    const ok = await app.request("/api/v1/activities", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ activities: [{ type: "training", date: "2026-11-01", score: 90 }] }),
    });
    expect(ok.status).toBe(200);
    const rows = await database.client.execute("SELECT token_hash FROM api_tokens WHERE name = 'feeder'");
    const hash = createHash("sha256").update(token).digest("hex");
    expect(rows.rows[0].token_hash).toBe(hash);
    // the token itself is kept nowhere: not in the database file, not in its write-ahead log (where the hash is found,
    // so the bytes searched are the ones written)
    const file = join(dir, "assay.db");
    const stored = [file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path));
    expect(stored.some((bytes) => bytes.includes(hash))).toBe(true);
    for (const bytes of stored) expect(bytes.includes(token)).toBe(false);
  });

  it("user create reads the password from stdin and stores it hashed", async () => {
    const res = runCli(["user", "create", "--email", "Auditor@Example.com", "--role", "auditor"], { databaseUrl: url, input: "a long enough password\n" });
    expect(res.stdout).toContain("created user auditor@example.com (auditor)");
    const rows = await database.client.execute("SELECT password_hash FROM users WHERE email = 'auditor@example.com'");
    expect(String(rows.rows[0].password_hash)).toMatch(/^scrypt\$/);
  });

  it("user create names the bad field", () => {
    const res = runCli(["user", "create", "--email", "x@example.com", "--role", "boss"], { databaseUrl: url, input: "a long enough password" });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("--role must be one of");
  });

  it("imports a CSV file with a summary, and a repeated import changes nothing", () => {
    const file = join(dir, "tickets.csv");
    const lines = ["id,kind,service,priority,opened_at,resolved_at,summary"];
    for (let i = 0; i < 2500; i++) lines.push(`IT-2026-${String(i).padStart(5, "0")},incident,邮件,general,2026-10-01T08:00:00+08:00,2026-10-01T09:00:00+08:00,"打印机, 卡纸"`);
    writeFileSync(file, lines.join("\n") + "\n");
    const first = runCli(["import", "tickets", file], { databaseUrl: url });
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout.trim().split("\n").at(-1)!)).toEqual({ received: 2500, inserted: 2500, updated: 0 });
    const again = runCli(["import", "tickets", file], { databaseUrl: url });
    expect(JSON.parse(again.stdout.trim().split("\n").at(-1)!)).toEqual({ received: 2500, inserted: 0, updated: 0 });
  });

  it("rejects a CSV file with one bad row whole, naming the row", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, "id,kind,service,opened_at\nIT-2026-90001,incident,mail,2026-10-01T08:00:00Z\nIT-2026-90002,outage,mail,2026-10-01T08:00:00Z\n");
    const res = runCli(["import", "tickets", file], { databaseUrl: url });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("tickets.1.kind");
    const rows = await database.client.execute("SELECT count(*) AS n FROM tickets WHERE id LIKE 'IT-2026-9%'");
    expect(rows.rows[0].n).toBe(0);
  });

  it("refuses a 1,000,000-column header early, with a short message", async () => {
    const file = join(dir, "wide.csv");
    writeFileSync(file, `${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(",")}\nC-1\n`);
    const res = runCli(["import", "tickets", file], { databaseUrl: url });
    expect(res.status).toBe(1);
    expect(res.stderr).toBe("error: CSV header rejected: the header line is longer than 65536 characters; it must be one row of field names; nothing was written\n  header: longer than 65536 characters\n");
  });

  it("refuses a file with a header row and no tickets", async () => {
    const file = join(dir, "header-only.csv");
    writeFileSync(file, "id,kind,service,opened_at\n");
    const before = await database.client.execute("SELECT count(*) AS n FROM ingest_batches");
    const res = runCli(["import", "tickets", file], { databaseUrl: url });
    expect(res.status).toBe(1);
    expect(res.stderr).toBe("error: CSV rejected: the file has a header row but no tickets; nothing was written\n  tickets: no rows after the header\n");
    expect((await database.client.execute("SELECT count(*) AS n FROM ingest_batches")).rows[0].n).toBe(before.rows[0].n);
  });
});
