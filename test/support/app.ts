// Builds the real app on a fresh temporary database file, with helpers to create users, tokens and sessions.
import { testCtx } from "./ctx.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../server/app.js";
import { createApiToken, createUser } from "../../server/auth/users.js";
import { fixedClock } from "../../server/clock.js";
import { openDatabase, type Database } from "../../server/db/client.js";
import type { Role } from "../../server/db/schema.js";
import { prepareDatabase } from "../../server/startup.js";
import type { AppConfig } from "../../server/config.js";
import type { Logger } from "../../server/log.js";
import type { NotifyConfig } from "../../server/notifications/config.js";

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

export async function buildTestApp(opts: { now?: string; config?: Partial<AppConfig>; startRun?: (id: number) => void; logger?: Logger; notify?: NotifyConfig } = {}): Promise<TestApp> {
  const { dir, url } = await tempDatabaseUrl();
  // as the server opens it: runs read beside the main thread on the snapshot reader (server/main.ts)
  const database = await openDatabase(url, undefined, { snapshotReader: true });
  const clock = fixedClock(opts.now ?? "2026-11-24T12:00:00Z");
  // as the server does: the KPI rollups follow the organisation's zone
  await prepareDatabase(database, clock, { timezone: opts.config?.timezone });
  const app = createApp({ database, clock, config: opts.config, startRun: opts.startRun, logger: opts.logger, notify: opts.notify });
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
        tok = (await createApiToken({ ctx: testCtx(database.db, clock.now(), "test"), input: { data: { name: `test-${role}`, role } } })).token;
        tokens.set(role, tok);
      }
      return tok;
    },
    async session(role, opts = {}) {
      const email = `${role}-${++users}@example.test`;
      const password = "correct horse battery";
      await createUser({ ctx: testCtx(database.db, clock.now(), "test"), input: { email, role, password, ...(opts.name ? { name: opts.name } : {}) } });
      const res = await signIn(app, { email, password });
      const cookie = cookieOf(res, "assay_session") ?? "";
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

type RequestingApp = Pick<ReturnType<typeof createApp>, "request">;

/** `name=value` of the cookie a response sets, or null. */
export function cookieOf(res: Response, name: string): string | null {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(";")[0] ?? null;
}

/** The sign-in page as a browser gets it: the login CSRF cookie and the same token in the form's hidden field. */
export async function loginForm(app: RequestingApp, env?: unknown): Promise<{ cookie: string; csrf: string }> {
  const page = await app.request("/login", {}, env);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  return { cookie: cookieOf(page, "assay_login_csrf") ?? "", csrf };
}

/**
 * Signs in as a browser does: the sign-in page first, then its form posted with the token and cookie it came with.
 * `headers` are added to the post (a cookie there joins the login cookie); `env` carries the socket's address.
 */
export async function signIn(app: RequestingApp, fields: Record<string, string>, opts: { headers?: Record<string, string>; env?: unknown; url?: string } = {}): Promise<Response> {
  const { cookie, csrf } = await loginForm(app, opts.env);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", ...opts.headers };
  headers.cookie = [cookie, opts.headers?.cookie].filter(Boolean).join("; ");
  return app.request(opts.url ?? "/login", { method: "POST", body: new URLSearchParams({ _csrf: csrf, ...fields }), headers }, opts.env);
}
