// Helpers of the reliability and security tests: the real HTTP server on a free port, and a fingerprint of
// the stored data that tells whether a rejected request changed anything.
import { serve, type ServerType } from "@hono/node-server";
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Database } from "../../server/db/client.js";
import type { TestApp } from "../support/app.js";

export interface RunningServer {
  base: string;
  server: ServerType;
  close(): Promise<void>;
}

/** Serves the test app over real HTTP (@hono/node-server) on a port the OS picks. */
export async function listen(t: Pick<TestApp, "app">): Promise<RunningServer> {
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
  // no idle timeout: otherwise the server may close a kept-alive socket just as the client reuses it after a
  // long pause, and a streamed upload on it fails with "other side closed" (a race of the test client)
  (server as import("node:http").Server).keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Tables whose rows change on reads (token last use, sessions, login attempts) or that hold no data. */
const volatileTables = new Set(["api_tokens", "sessions", "login_attempts", "__drizzle_migrations"]);

/** SHA-256 over every row of every data table, rows in a stable order. */
export async function fingerprint(database: Database): Promise<{ hash: string; counts: Record<string, number> }> {
  const tables = await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  const digest = createHash("sha256");
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const table = String(name);
    if (volatileTables.has(table)) continue;
    // table names come from sqlite_master, not from input
    // some tables are WITHOUT ROWID: read them whole and order the serialised rows instead
    const rows = await database.client.execute(`SELECT * FROM "${table}"`);
    counts[table] = rows.rows.length;
    digest.update(table);
    for (const row of rows.rows.map((r) => JSON.stringify(r)).sort()) digest.update(row);
  }
  return { hash: digest.digest("hex"), counts };
}

export async function count(database: Database, table: string, where = "1 = 1"): Promise<number> {
  const res = await database.client.execute(`SELECT count(*) AS n FROM ${table} WHERE ${where}`);
  return Number(res.rows[0].n);
}
