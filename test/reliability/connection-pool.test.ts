// The embedded database's connection pool: @libsql/client opens a connection for every read that finds none idle, up
// to 20 by default, and each keeps its own SQLite page cache and statement cache (≈ 2.7 MB at 1,000,000 tickets,
// README, Performance). Reads run synchronously on the main thread, so more connections buy no speed.
import { readdirSync, readlinkSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedConnections } from "../../server/db/client.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** Open descriptors of this process on the database file itself (not its -wal or -shm). */
function openOnFile(path: string): number {
  let n = 0;
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

describe("the connection pool of an embedded database", () => {
  it(`opens at most ${embeddedConnections} connections for many simultaneous reads, and every read is answered`, async () => {
    const path = t.url.slice("file:".length);
    const before = openOnFile(path);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => t.database.client.execute({ sql: "SELECT ? AS n", args: [i] })));
    expect(answers.map((r) => r.rows[0].n)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // the pool's connections, the write gate's probe and the snapshot reader's worker (opened before)
    expect(openOnFile(path) - before).toBeLessThanOrEqual(embeddedConnections);
    expect(openOnFile(path)).toBeLessThanOrEqual(embeddedConnections + 2);
  });

  it("still runs a write while as many read snapshots as it has connections but one are open", async () => {
    const snapshots = await Promise.all(Array.from({ length: embeddedConnections - 1 }, () => t.database.client.transaction("read")));
    try {
      await t.database.client.execute("CREATE TABLE IF NOT EXISTS pool_probe (x INTEGER)");
      await t.database.client.execute("INSERT INTO pool_probe VALUES (1)");
      expect((await t.database.client.execute("SELECT count(*) AS n FROM pool_probe")).rows[0].n).toBe(1);
    } finally {
      for (const s of snapshots) s.close();
    }
  });
});
