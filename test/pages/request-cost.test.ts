// What a page request costs besides its own work, counted over the real HTTP server: a CPU profile of the KPI pages
// under 16 connections (README, Performance) found three fixed costs on every request, each about a tenth of the
// page's CPU: a time-zone formatter built for the footer, a whole fetch Request (with an AbortController) built by
// the node server for the body-size check of a GET, and drizzle building the SQL of the sign-in look-up again.
import { serve, type ServerType } from "@hono/node-server";
import { SQLiteSelectBase } from "drizzle-orm/sqlite-core";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let server: ServerType;
let base: string;

beforeAll(async () => {
  t = await buildTestApp();
  server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  t.close();
});

/** Calls of `fn` while `work` runs, counted by wrapping `owner[key]`. */
async function counting<O extends object>(owner: O, key: keyof O, work: () => Promise<unknown>): Promise<number> {
  const original = owner[key] as unknown as (...args: unknown[]) => unknown;
  let calls = 0;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    calls++;
    return new.target ? Reflect.construct(original, args, new.target) : original.apply(this, args);
  };
  Object.setPrototypeOf(wrapped, original);
  wrapped.prototype = original.prototype;
  owner[key] = wrapped as unknown as O[keyof O];
  try {
    await work();
  } finally {
    owner[key] = original as unknown as O[keyof O];
  }
  return calls;
}

describe("fixed costs of a page request", () => {
  const pages = ["/", "/kpis", "/kpis?partial=1"];

  // node:http, not fetch: the client's fetch would build Requests and AbortControllers of its own in this process
  const get = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(base + path, { headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });

  async function readPages(headers: Record<string, string>) {
    for (const path of pages) {
      const res = await get(path, { accept: "text/html", ...headers });
      expect(res.status, path).toBe(200);
      expect(res.body).toContain("</");
    }
  }

  it("builds no time-zone formatter once the first page has been served", async () => {
    const auth = { authorization: `Bearer ${await t.token("viewer")}` };
    await readPages(auth);
    expect(await counting(Intl, "DateTimeFormat", () => readPages(auth))).toBe(0);
  });

  it("builds no fetch Request (nor its AbortController) for a GET", async () => {
    const auth = { authorization: `Bearer ${await t.token("viewer")}` };
    await readPages(auth);
    expect(await counting(globalThis, "AbortController", () => readPages(auth))).toBe(0);
  });

  it("builds the SQL of the token and session look-ups once, not per request", async () => {
    const auth = { authorization: `Bearer ${await t.token("viewer")}` };
    const { cookie } = await t.session("viewer");
    await readPages(auth);
    await readPages({ cookie });
    const built = await counting(SQLiteSelectBase.prototype as unknown as { _prepare: unknown }, "_prepare", async () => {
      await readPages(auth);
      await readPages({ cookie });
    });
    expect(built).toBe(0);
  });

  it("still refuses a body over the cap on the methods that carry one", async () => {
    const big = "x".repeat(1024);
    const small = await buildTestApp({ config: { maxBodyBytes: 100 } });
    try {
      const res = await small.request("/api/v1/tickets", { method: "POST", role: "ingest", body: big, headers: { "content-type": "application/json" } });
      expect(res.status).toBe(413);
    } finally {
      small.close();
    }
  });
});
