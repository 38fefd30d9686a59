// Concurrent writers over real HTTP: 8 clients × 50 batches with overlapping ids end with exactly the rows that
// applying the same batches one by one (in the order they committed) gives, and no client sees a busy database.
import { testCtx } from "../support/ctx.js";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TicketInput } from "../../server/contract/index.js";
import { Random } from "../../server/demo/random.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { fingerprint, listen, type RunningServer } from "./support.js";

const clients = 8;
const batchesPerClient = 50;
const ticketsPerBatch = 60;
const idPool = 400;
const services = ["email", "erp", "network", "desktop"];

/**
 * Batch `b` of client `c`: distinct ids (a batch repeating an id is refused) drawn from a shared pool, so clients
 * overwrite each other; content unique to (c, b).
 */
function batchOf(c: number, b: number): TicketInput[] {
  const random = new Random(c * 1000 + b + 1);
  const ids = new Set<number>();
  while (ids.size < ticketsPerBatch) ids.add(random.int(0, idPool - 1));
  return [...ids].map((n) => {
    return ticket(n, {
      service: services[n % services.length],
      priority: random.pick(["urgent", "important", "general"] as const),
      assignee: `client-${c}`,
      summary: `batch ${c}/${b}`,
      satisfaction: random.int(1, 5),
      resolved_at: new Date(Date.parse("2026-10-01T00:00:00Z") + n * 60_000 + random.int(30, 630) * 60_000).toISOString(),
    });
  });
}

/** Tables whose content must match the one-by-one replay: the tickets and everything derived from them. */
const comparedTables = ["tickets", "services", "ticket_daily_rollup", "ticket_duration_hist", "ticket_daily_flow", "ingest_batches"];

async function tablesFingerprint(t: TestApp) {
  const out: Record<string, string> = {};
  for (const table of comparedTables) {
    const exists = await t.database.client.execute({ sql: "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?", args: [table] });
    if (!exists.rows[0].n) continue;
    const rows = await t.database.client.execute(`SELECT * FROM "${table}" ORDER BY ${table === "tickets" ? "id" : "rowid"}`);
    // created_at columns take the wall clock (a schema default), not the injected clock
    out[table] = JSON.stringify(rows.rows.map((r) => ({ ...r, created_at: undefined })));
  }
  return out;
}

let t: TestApp;
let http: RunningServer;
const tokens: string[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  http = await listen(t);
  for (let c = 0; c < clients; c++) tokens.push((await createToken(t, `client-${c}`)).token);
});
afterAll(async () => {
  await http.close();
  t.close();
});

async function createToken(app: TestApp, name: string) {
  const { createApiToken } = await import("../../server/auth/users.js");
  return createApiToken({ ctx: testCtx(app.database.db, app.clock.now(), "test"), input: { data: { name, role: "ingest" } } });
}

describe("8 clients × 50 batches in parallel", () => {
  const answers: { status: number; body: unknown }[][] = Array.from({ length: clients }, () => []);

  it("every request succeeds: no busy-database error reaches a client", async () => {
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let b = 0; b < batchesPerClient; b++) {
          const res = await fetch(`${http.base}/api/v1/tickets`, {
            ...jsonBody({ tickets: batchOf(c, b) }),
            headers: { "content-type": "application/json", authorization: `Bearer ${tokens[c]}` },
          });
          answers[c].push({ status: res.status, body: await res.json() });
        }
      }),
    );
    const failures = answers.flat().filter((a) => a.status !== 200);
    expect(failures).toEqual([]);
    expect(answers.flat().length).toBe(clients * batchesPerClient);
  });

  it("ends with exactly the rows of applying the batches one by one in commit order", async () => {
    // the ingest record of each batch is written in its transaction, so its id is the commit order
    const order = await t.database.client.execute("SELECT actor FROM ingest_batches ORDER BY id");
    expect(order.rows.length).toBe(clients * batchesPerClient);
    const next = Array.from({ length: clients }, () => 0);
    const sequence = order.rows.map((r) => {
      const c = Number(String(r.actor).replace("token:client-", ""));
      return { c, b: next[c]++ };
    });
    // the batches of several clients really interleaved
    expect(new Set(sequence.slice(0, clients * 5).map((s) => s.c)).size).toBeGreaterThan(1);

    const replay = await buildTestApp();
    try {
      const replayTokens: string[] = [];
      for (let c = 0; c < clients; c++) replayTokens.push((await createToken(replay, `client-${c}`)).token);
      for (const { c, b } of sequence) {
        const res = await replay.app.request("/api/v1/tickets", {
          ...jsonBody({ tickets: batchOf(c, b) }),
          headers: { "content-type": "application/json", authorization: `Bearer ${replayTokens[c]}` },
        });
        expect(res.status).toBe(200);
        // each concurrent answer (inserted/updated counts) equals the answer of the same batch replayed in turn
        expect(await res.json()).toEqual(answers[c][b].body);
      }
      const concurrent = await tablesFingerprint(t);
      const sequential = await tablesFingerprint(replay);
      expect(Object.keys(concurrent)).toEqual(Object.keys(sequential));
      expect(Object.keys(concurrent)).toContain("ticket_daily_rollup");
      for (const table of Object.keys(sequential)) expect(concurrent[table], table).toBe(sequential[table]);
      const [{ n }] = (await t.database.client.execute("SELECT count(*) AS n FROM tickets")).rows;
      expect(n).toBe(idPool);
    } finally {
      replay.close();
    }
  });

  it("the audit trail of the concurrent writes is one intact chain", async () => {
    const { verifyAuditTrail } = await import("../../server/audit-trail.js");
    const check = await verifyAuditTrail(t.database.db);
    expect(check.ok).toBe(true);
  });

  it("a CSV upload that arrives slowly holds up no other writer", async () => {
    let finishUpload!: () => void;
    const uploadMayFinish = new Promise<void>((resolve) => (finishUpload = resolve));
    const encoder = new TextEncoder();
    let step = 0;
    const slowBody = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (step === 0) controller.enqueue(encoder.encode("id,kind,service,opened_at\nSLOW-1,incident,email,2026-10-05T08:00:00Z\n"));
        else if (step === 1) {
          // the rest of the file comes only after another client's batch has been answered
          await uploadMayFinish;
          controller.enqueue(encoder.encode("SLOW-2,incident,email,2026-10-05T09:00:00Z\n"));
        } else controller.close();
        step++;
      },
    });
    const upload = fetch(`${http.base}/api/v1/tickets`, {
      method: "POST",
      body: slowBody,
      headers: { "content-type": "text/csv", authorization: `Bearer ${tokens[1]}` },
      duplex: "half",
    } as RequestInit);
    while (step < 1) await new Promise((r) => setTimeout(r, 5));
    const batch = await fetch(`${http.base}/api/v1/tickets`, {
      ...jsonBody({ tickets: [ticket(idPool + 2, { service: "email" })] }),
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens[2]}` },
    });
    expect([batch.status, await batch.json()]).toEqual([200, { received: 1, inserted: 1, updated: 0 }]);
    finishUpload();
    const uploaded = await upload;
    expect([uploaded.status, await uploaded.json()]).toEqual([200, { received: 2, inserted: 2, updated: 0 }]);
  });

  it("a writer that waits longer than its limit gets 503 busy, writes nothing, and succeeds on retry", async () => {
    const { createClient } = await import("@libsql/client");
    const { openDatabase } = await import("../../server/db/client.js");
    const { createApp } = await import("../../server/app.js");
    // a second app process on the same file, whose writers wait at most 200 ms
    const impatient = await openDatabase(t.url, undefined, { writeWaitMs: 200 });
    const app = createApp({ database: impatient, clock: t.clock });
    const other = createClient({ url: t.url });
    try {
      const before = (await fingerprint(t.database)).hash;
      const held = await other.transaction("write");
      const post = () => app.request("/api/v1/tickets", { ...jsonBody({ tickets: [ticket(idPool + 3)] }), headers: { "content-type": "application/json", authorization: `Bearer ${tokens[3]}` } });
      const busy = await post();
      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe("5");
      expect(await busy.json()).toEqual({ error: "busy", message: "the database is busy with another writer; nothing was written, retry in a moment" });
      await held.rollback();
      expect((await fingerprint(t.database)).hash).toBe(before);
      const retried = await post();
      expect([retried.status, await retried.json()]).toEqual([200, { received: 1, inserted: 1, updated: 0 }]);
    } finally {
      other.close();
      impatient.close();
    }
  });

  it("a writer in another process holding the lock is waited for, not reported as busy", async () => {
    const before = (await fingerprint(t.database)).counts.tickets;
    const path = t.url.slice("file:".length);
    // sqlite3 takes the write lock, says so, holds it while the app's batch arrives, then commits
    const holder = spawn("sqlite3", [path], { stdio: ["pipe", "pipe", "inherit"] });
    const exited = new Promise<number | null>((resolve) => holder.once("exit", resolve));
    const locked = new Promise<void>((resolve) => holder.stdout.on("data", (d) => String(d).includes("locked") && resolve()));
    holder.stdin.write(".timeout 5000\nBEGIN IMMEDIATE;\nUPDATE services SET name = name;\nSELECT 'locked';\n.shell sleep 1\nCOMMIT;\n.quit\n");
    holder.stdin.end();
    await locked;
    const res = await fetch(`${http.base}/api/v1/tickets`, {
      ...jsonBody({ tickets: [ticket(idPool + 1, { service: "email" })] }),
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens[0]}` },
    });
    expect(await exited).toBe(0);
    expect([res.status, await res.json()]).toEqual([200, { received: 1, inserted: 1, updated: 0 }]);
    expect((await fingerprint(t.database)).counts.tickets).toBe(before + 1);
  });
});
