// Helpers of the reliability and security tests: the real HTTP server on a free port, and a fingerprint of
// the stored data that tells whether a rejected request changed anything.
import { serve, type ServerType } from "@hono/node-server";
import { createHash } from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
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

export type RequestBody = string | Uint8Array | ReadableStream<Uint8Array> | FormData | undefined;

/** Resolves when the request may take more bytes, or has closed (a destroyed request never drains). */
const drainedOrClosed = (req: import("node:http").ClientRequest) =>
  new Promise<void>((resolve) => {
    const done = () => {
      req.off("drain", done);
      req.off("close", done);
      resolve();
    };
    req.once("drain", done);
    req.once("close", done);
  });

/**
 * A request over a connection of its own that reads the answer as soon as it comes, and stops sending then. A server
 * that refuses a large body early (413) drains the rest for a while and then closes the connection: fetch, still
 * sending its 50 MB, then reported "other side closed" instead of the answer when the machine was slow (a race of
 * the test client, seen once in a full run).
 */
export function sendEarlyAnswered(base: string, method: string, path: string, headers: Record<string, string>, body: RequestBody): Promise<{ status: number; text: string }> {
  const sent: Record<string, string> = { ...headers };
  let payload: Exclude<RequestBody, FormData> = body instanceof FormData ? undefined : body;
  if (body instanceof FormData) {
    const encoded = new Response(body);
    sent["content-type"] = encoded.headers.get("content-type")!;
    payload = encoded.body!;
  }
  const bytes = typeof payload === "string" ? Buffer.from(payload) : payload instanceof Uint8Array ? Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength) : null;
  if (bytes) sent["content-length"] = String(bytes.length);
  // node sends a DELETE's body unframed unless told: a stream goes chunked, as fetch sends it
  else if (payload instanceof ReadableStream) sent["transfer-encoding"] = "chunked";
  // keep-alive, as fetch asks: with "Connection: close" the server ends the connection right after its early answer,
  // and the next write's EPIPE could come before the answer was read
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    let answered = false;
    const req = httpRequest(new URL(path, base), { method, headers: sent, agent }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
        req.destroy();
      });
      res.on("error", reject);
    });
    // once the answer is in, a write the server no longer reads may fail: that is not the request's outcome
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    const pump = async () => {
      if (bytes) {
        for (let at = 0; at < bytes.length && !answered && !req.destroyed; at += 1 << 20) {
          if (!req.write(bytes.subarray(at, at + (1 << 20)))) await drainedOrClosed(req);
        }
      } else if (payload instanceof ReadableStream) {
        const reader = payload.getReader();
        for (;;) {
          if (answered || req.destroyed) {
            await reader.cancel();
            break;
          }
          const next = await reader.read();
          if (next.done) break;
          if (!req.write(next.value)) await drainedOrClosed(req);
        }
      }
      if (!req.destroyed) req.end();
    };
    pump().catch((e) => {
      if (!answered) reject(e);
    });
  }).finally(() => agent.destroy());
}
