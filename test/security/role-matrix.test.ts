// The role matrix: every route of the app (read from the Hono app itself, so routes added later are covered
// too) × every role, against the role table of the contract: 401 without credentials, 403 for a role the table
// does not grant, and no 401/403 for a role it grants.
import { testCtx } from "../support/ctx.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roles, type Role } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  for (const role of roles) await t.token(role);
});
afterAll(() => t.close());

interface Route {
  method: string;
  path: string;
}

/** Every distinct method and path the app answers; ALL entries are middleware (auth, headers, limits). */
function appRoutes(): Route[] {
  const seen = new Map<string, Route>();
  for (const r of t.app.routes) {
    if (r.method === "ALL" || r.path.includes("*")) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

const readers: Role[] = ["viewer", "manager", "auditor", "compliance_officer", "admin"];
const everyone = "public";

/**
 * What the contract's role table grants for a route: the roles that may, "public", or null when the route is a
 * write the table below cannot place (then only the rules that hold for every write are checked).
 */
function granted({ method, path }: Route): Role[] | typeof everyone | null {
  const p = path.toLowerCase();
  // /login/forgot and /login/reset: the e-mailed password reset, for whoever cannot sign in
  if (p === "/healthz" || p.startsWith("/assets/") || p === "/login" || p.startsWith("/login/") || p === "/logout" || p === "/locale" || p.startsWith("/auth/oidc/") || p.startsWith("/schemas/")) return everyone;
  // a person's own account: signed-in people only, so no API token whatever its role (the matrix calls with tokens)
  if (p.startsWith("/account/")) return [];
  // one's own e-mail settings: everyone who is told of something (a viewer writes nothing; an admin sets theirs)
  if (p === "/notifications/preferences") return ["manager", "auditor", "compliance_officer", "admin"];
  if (/^\/(api\/v1\/)?(admin|users|tokens|settings|audit-trail|connectors)(\/|$)/.test(p)) return ["admin"];
  if (method === "GET" || method === "HEAD") {
    // the form of a write is granted like the write itself
    if (/\/(new|edit)$/.test(p)) return granted({ method: "POST", path: p.replace(/\/(new|edit)$/, "") });
    // downloading reports: the reports page and the PDFs
    if (p === "/reports" || p.endsWith(".pdf")) return ["compliance_officer", "admin"];
    return readers;
  }
  if (/^\/api\/v1\/(tickets|metrics|activities)(\/|$)/.test(p)) return ["ingest", "admin"];
  // importing a version of an organisation's rulebook
  if (/^\/(api\/v1\/)?rulebooks(\/|$)/.test(p)) return ["admin"];
  if (/sla-policies/.test(p)) return ["admin"];
  if (/sign-?off|reopen/.test(p)) return ["compliance_officer", "admin"];
  if (/waivers?\b.*(approve|reject|decision|decide)/.test(p)) return ["compliance_officer", "admin"];
  if (/waivers?\b/.test(p)) return ["auditor", "admin"];
  if (/\/actions?\b/.test(p)) return ["manager", "auditor", "admin"];
  if (/\/(plans|runs|findings|answers|manual|questions|attachments)\b/.test(p)) return ["auditor", "admin"];
  return null;
}

/** A concrete URL for a route pattern: parameters become ids that do not exist. */
function concrete(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => (name === "name" ? "app.css" : "999999"));
}

async function call(route: Route, role: Role | null) {
  const init: RequestInit & { role?: Role } = { method: route.method };
  if (role) init.role = role;
  if (route.method !== "GET" && route.method !== "HEAD") {
    init.body = "{}";
    init.headers = { "content-type": "application/json" };
  }
  return t.request(concrete(route.path), init);
}

const routes = () => appRoutes();

describe("the role matrix", () => {
  it("knows the routes of the app, including the contract's ingest endpoints", () => {
    const names = routes().map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(expect.arrayContaining(["POST /api/v1/tickets", "POST /api/v1/metrics", "POST /api/v1/activities", "DELETE /api/v1/tickets/:id", "GET /healthz", "GET /login", "GET /"]));
    expect(names.length).toBeGreaterThanOrEqual(12);
  });

  it("answers 401 to every non-public route without credentials", async () => {
    const wrong: string[] = [];
    for (const route of routes()) {
      if (granted(route) === everyone) continue;
      const res = await call(route, null);
      if (res.status !== 401) wrong.push(`${route.method} ${route.path}: ${res.status}`);
      else expect((await res.json()).error).toBe("unauthorized");
    }
    expect(wrong).toEqual([]);
  });

  it("answers 403 to the ingest role on every read page and endpoint", async () => {
    const wrong: string[] = [];
    for (const route of routes()) {
      if (route.method !== "GET" || granted(route) === everyone) continue;
      const res = await call(route, "ingest");
      if (res.status !== 403) wrong.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 403 to the viewer on every write", async () => {
    const wrong: string[] = [];
    for (const route of routes()) {
      if (route.method === "GET" || granted(route) === everyone) continue;
      const res = await call(route, "viewer");
      if (res.status !== 403) wrong.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 403 to the ingest role on every write but tickets, metrics and activities", async () => {
    const wrong: string[] = [];
    for (const route of routes()) {
      if (route.method === "GET" || granted(route) === everyone) continue;
      const ingestPath = /^\/api\/v1\/(tickets|metrics|activities)(\/|$)/.test(route.path);
      const res = await call(route, "ingest");
      if (ingestPath ? res.status === 401 || res.status === 403 : res.status !== 403) wrong.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("grants and denies every other role as the contract's table says", async () => {
    const wrong: string[] = [];
    for (const route of routes()) {
      const allowed = granted(route);
      if (allowed === everyone) continue;
      for (const role of roles) {
        if (allowed === null) {
          // a write the table cannot place: admin may do everything, and viewer and ingest are checked above
          if (role !== "admin") continue;
        }
        const res = await call(route, role);
        const may = allowed === null ? role === "admin" : allowed.includes(role);
        const denied = res.status === 401 || res.status === 403;
        if (may === denied) wrong.push(`${role} ${route.method} ${route.path}: ${res.status} (${may ? "granted" : "not granted"})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("leaves the public routes open", async () => {
    for (const path of ["/healthz", "/login", "/assets/app.css"]) {
      expect((await t.request(path)).status, path).toBe(200);
    }
  });

  it("sends a browser without a session to the login page, keeping where it wanted to go", async () => {
    for (const route of routes()) {
      if (route.method !== "GET" || route.path.startsWith("/api/") || granted(route) === everyone) continue;
      const url = concrete(route.path);
      const res = await t.request(url, { headers: { accept: "text/html" } });
      expect(res.status, url).toBe(302);
      expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
  });

  it("refuses a revoked token, a made-up token and a disabled user's session", async () => {
    const { createApiToken, revokeApiToken, setUserRole } = await import("../../server/auth/users.js");
    const made = await createApiToken({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { data: { name: "short-lived", role: "admin" } } });
    const ok = await t.app.request("/api/v1/services", { headers: { authorization: `Bearer ${made.token}` } });
    expect(ok.status).toBe(200);
    await revokeApiToken({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { id: made.id } });
    expect((await t.app.request("/api/v1/services", { headers: { authorization: `Bearer ${made.token}` } })).status).toBe(401);
    expect((await t.app.request("/api/v1/services", { headers: { authorization: "Bearer assay_made-up-token-000000000000000" } })).status).toBe(401);
    expect((await t.app.request("/api/v1/services", { headers: { authorization: "Bearer " } })).status).toBe(401);

    const session = await t.session("admin");
    await t.session("admin"); // another enabled admin: the last one cannot be disabled
    expect((await t.app.request("/api/v1/services", { headers: { cookie: session.cookie } })).status).toBe(200);
    const [user] = (await t.database.client.execute({ sql: "SELECT id FROM users WHERE email = ?", args: [session.email] })).rows;
    await setUserRole({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { userId: Number(user.id), data: { role: "admin", disabled: true } } });
    expect((await t.app.request("/api/v1/services", { headers: { cookie: session.cookie } })).status).toBe(401);
  });
});
