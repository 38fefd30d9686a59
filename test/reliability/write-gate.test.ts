// The write gate of the embedded database: writers of one process queue instead of blocking the event loop in
// SQLite's busy handler (which froze the process and failed all but one with SQLITE_BUSY), readers never wait.
import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../server/db/client.js";
import { tempDatabaseUrl } from "../support/app.js";

let database: Database;
let dir: string;
beforeAll(async () => {
  const temp = await tempDatabaseUrl();
  dir = temp.dir;
  database = await openDatabase(temp.url);
  await database.db.run(sql`CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)`);
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the write gate", () => {
  it("commits eight transactions of one process that each wait between their statements", async () => {
    const order: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        database.db.transaction(async (tx) => {
          order.push(`begin ${i}`);
          await tx.run(sql`INSERT INTO t VALUES (${i}, 1)`);
          await new Promise((r) => setTimeout(r, 10));
          await tx.run(sql`INSERT INTO t VALUES (${100 + i}, 1)`);
          order.push(`commit ${i}`);
        }),
      ),
    );
    const [{ n }] = await database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM t`);
    expect(n).toBe(16);
    // one at a time, in the order they asked
    expect(order).toEqual(Array.from({ length: 8 }, (_, i) => [`begin ${i}`, `commit ${i}`]).flat());
  });

  it("lets reads (plain, CTE, PRAGMA) through while a write transaction is open, and queues plain writes behind it", async () => {
    let finish!: () => void;
    const open = new Promise<void>((resolve) => (finish = resolve));
    const writer = database.db.transaction(async (tx) => {
      await tx.run(sql`UPDATE t SET v = 2 WHERE k = 0`);
      await open;
    });
    await new Promise((r) => setTimeout(r, 20));
    // reads see the last committed state and do not wait for the writer
    expect(await database.db.all(sql`SELECT v FROM t WHERE k = 0`)).toEqual([{ v: 1 }]);
    expect(await database.db.all(sql`WITH x AS (SELECT v FROM t WHERE k = 0) SELECT v FROM x`)).toEqual([{ v: 1 }]);
    expect((await database.client.execute("PRAGMA integrity_check")).rows.map((r) => r[0])).toEqual(["ok"]);
    let plainWriteDone = false;
    const plainWrite = database.db.run(sql`UPDATE t SET v = 3 WHERE k = 1`).then(() => (plainWriteDone = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(plainWriteDone).toBe(false);
    finish();
    await writer;
    await plainWrite;
    expect(await database.db.all(sql`SELECT k, v FROM t WHERE k IN (0, 1) ORDER BY k`)).toEqual([
      { k: 0, v: 2 },
      { k: 1, v: 3 },
    ]);
  });

  it("a failed transaction gives its turn to the next writer", async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.run(sql`INSERT INTO t VALUES (500, 1)`);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await database.db.run(sql`INSERT INTO t VALUES (501, 1)`);
    expect(await database.db.all(sql`SELECT k FROM t WHERE k >= 500`)).toEqual([{ k: 501 }]);
  });
});
