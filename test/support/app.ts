// Builds the real app on a fresh temporary database file, with helpers to create users, tokens and sessions.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../server/app.js";
import { createApiToken, createUser } from "../../server/auth/users.js";
import { fixedClock } from "../../server/clock.js";
import { openDatabase, type Database } from "../../server/db/client.js";
import type { Role } from "../../server/db/schema.js";
import { prepareDatabase } from "../../server/startup.js";
import type { AppConfig } from "../../server/env.js";

export interface TestApp {
  app: ReturnType<typeof createApp>;
  database: Database;
  clock: ReturnType<typeof fixedClock>;
  dir: string;
  url: string;
  /** a bearer token for the role */
  token(role: Role): Promise<string>;
  /** a signed-in browser session for the role: cookie header and CSRF token */
  session(role: Role, opts?: { name?: string }): Promise<{ cookie: string; csrf: string; email: string }>;
  request(path: string, init?: RequestInit & { role?: Role }): Promise<Response>;
  close(): void;
}

export async function tempDatabaseUrl(): Promise<{ dir: string; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), "assay-test-"));
  return { dir, url: `file:${join(dir, "assay.db")}` };
}

export async function buildTestApp(opts: { now?: string; config?: Partial<AppConfig>; startRun?: (id: number) => void } = {}): Promise<TestApp> {
  const { dir, url } = await tempDatabaseUrl();
  const database = await openDatabase(url);
  const clock = fixedClock(opts.now ?? "2026-11-24T12:00:00Z");
  await prepareDatabase(database, clock);
  const app = createApp({ database, clock, config: opts.config, startRun: opts.startRun });
  const tokens = new Map<Role, string>();
  let users = 0;
  const t: TestApp = {
    app,
    database,
    clock,
    dir,
    url,
    async token(role) {
      let tok = tokens.get(role);
      if (!tok) {
        tok = (await createApiToken(database.db, clock.now(), "test", { name: `test-${role}`, role })).token;
        tokens.set(role, tok);
      }
      return tok;
    },
    async session(role, opts = {}) {
      const email = `${role}-${++users}@example.test`;
      const password = "correct horse battery";
      await createUser(database.db, clock.now(), "test", { email, role, password, ...(opts.name ? { name: opts.name } : {}) });
      const res = await app.request("/login", {
        method: "POST",
        body: new URLSearchParams({ email, password }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      const setCookie = res.headers.get("set-cookie") ?? "";
      const cookie = setCookie.split(";")[0];
      const page = await app.request("/", { headers: { cookie, accept: "text/html" } });
      const html = await page.text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
      return { cookie, csrf, email };
    },
    async request(path, init = {}) {
      const { role, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (role) headers.set("authorization", `Bearer ${await t.token(role)}`);
      return app.request(path, { ...rest, headers });
    },
    close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

export function jsonBody(body: unknown): RequestInit {
  return { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}
