// Sessions and browsers: CSRF on every write, a new session id at each login, login throttling per account and
// per address, secure headers and cookie flags, hostile strings escaped in HTML, secrets stored only hashed.
import { testCtx } from "../support/ctx.js";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { createUser } from "../../server/auth/users.js";
import { parseTrustProxy } from "../../server/config.js";
import { buildTestApp, jsonBody, signIn, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

const password = "correct horse battery";
const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  body: new URLSearchParams(fields),
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
});
const sessionCookie = (res: Response) => /assay_session=([^;]*)/.exec(res.headers.get("set-cookie") ?? "")?.[1] ?? null;
/** The Set-Cookie line of the session cookie alone (a sign-in also clears its CSRF cookie). */
const cookieLine = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith("assay_session=")) ?? "";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function writeRoutes(t: TestApp) {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of t.app.routes) {
    if (r.method === "ALL" || r.method === "GET" || r.path.includes("*") || r.path === "/login") continue;
    seen.set(`${r.method} ${r.path}`, r);
  }
  return [...seen.values()];
}
function pageRoutes(t: TestApp) {
  const seen = new Set<string>();
  for (const r of t.app.routes) {
    if (r.method !== "GET" || r.path.startsWith("/api/") || r.path.startsWith("/assets") || r.path.includes("*")) continue;
    seen.add(r.path);
  }
  return [...seen];
}
const concrete = (path: string, id = "999999") => path.replace(/:(\w+)(\{[^}]*\})?/g, id);

describe("CSRF", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it("refuses every write on a session without its CSRF token, or with a wrong one", async () => {
    const admin = await t.session("admin");
    expect(admin.csrf.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const route of writeRoutes(t)) {
      for (const token of [undefined, "forged-token", admin.csrf.slice(0, -1)]) {
        const headers: Record<string, string> = { cookie: admin.cookie, "content-type": "application/json" };
        if (token) headers["x-csrf-token"] = token;
        const res = await t.app.request(concrete(route.path), { method: route.method, headers, body: "{}" });
        if (res.status !== 403) wrong.push(`${route.method} ${route.path} (${token ?? "no token"}): ${res.status}`);
      }
      // a cross-site form post carries the cookie but cannot know the token
      const res = await t.app.request(concrete(route.path), { ...form({ reason: "x" }, { cookie: admin.cookie }), method: route.method });
      if (res.status !== 403) wrong.push(`${route.method} ${route.path} (form without _csrf): ${res.status}`);
    }
    expect(wrong).toEqual([]);
    expect(writeRoutes(t).length).toBeGreaterThanOrEqual(5);
  });

  it("names the problem, and accepts the right token as a header or a form field", async () => {
    const admin = await t.session("admin");
    const refused = await t.app.request("/api/v1/tickets", { ...jsonBody({ tickets: [ticket(1)] }), headers: { cookie: admin.cookie, "content-type": "application/json" } });
    expect(await refused.json()).toEqual({ error: "forbidden", message: "missing or wrong CSRF token" });
    const ok = await t.app.request("/api/v1/tickets", { ...jsonBody({ tickets: [ticket(1)] }), headers: { cookie: admin.cookie, "content-type": "application/json", "x-csrf-token": admin.csrf } });
    expect([ok.status, await ok.json()]).toEqual([200, { received: 1, inserted: 1, updated: 0 }]);
    const out = await t.app.request("/logout", form({ _csrf: admin.csrf }, { cookie: admin.cookie }));
    expect(out.status).toBe(303);
  });

  it("guards the sign-in form too: a post without its token is refused 403 and the form comes back", async () => {
    const email = "login-csrf@example.test";
    await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email, role: "viewer", password } });
    const page = await t.app.request("/login");
    const cookie = page.headers.getSetCookie().find((c) => c.startsWith("assay_login_csrf="))!;
    expect(cookie).toMatch(/^assay_login_csrf=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/login; HttpOnly; SameSite=Strict$/);
    const token = /assay_login_csrf=([^;]+)/.exec(cookie)![1];
    expect(await page.text()).toContain(`<input type="hidden" name="_csrf" value="${token}"/>`);
    expect(page.headers.get("cache-control")).toBe("no-store");

    const attempts = async () => (await t.database.client.execute({ sql: "SELECT count(*) AS n FROM login_attempts WHERE email = ?", args: [email] })).rows[0].n;
    // a cross-site form: no cookie of ours and no token; or a token the attacker made up
    for (const [fields, headers] of [
      [{ email, password }, {}],
      [{ email, password, _csrf: token }, {}],
      [{ email, password }, { cookie: `assay_login_csrf=${token}` }],
      [{ email, password, _csrf: "made-up-token-made-up-token-made-up-token-00" }, { cookie: `assay_login_csrf=${token}` }],
    ] as [Record<string, string>, Record<string, string>][]) {
      const res = await t.app.request("/login", form(fields, headers));
      expect(res.status).toBe(403);
      expect(sessionCookie(res)).toBeNull();
      const html = await res.text();
      expect(html).toContain("This sign-in form has expired or was sent from another site. Sign in again.");
      // the form comes back with a fresh token, and its cookie
      const fresh = /assay_login_csrf=([^;]+)/.exec(res.headers.getSetCookie().join("\n"))![1];
      expect(html).toContain(`name="_csrf" value="${fresh}"`);
      expect(html).toContain(`value="${email}"`);
    }
    // refused before any password was checked: no attempt counted against the account
    expect(await attempts()).toBe(0);

    const ok = await t.app.request("/login", form({ email, password, _csrf: token }, { cookie: `assay_login_csrf=${token}` }));
    expect(ok.status).toBe(303);
    expect(sessionCookie(ok)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // the login token is spent with the sign-in
    expect(ok.headers.getSetCookie().find((c) => c.startsWith("assay_login_csrf="))).toMatch(/^assay_login_csrf=; Max-Age=0; Path=\/login/);
  });

  it("needs no CSRF token with a bearer token, which a browser never sends by itself", async () => {
    const res = await t.request("/api/v1/tickets", { ...jsonBody({ tickets: [ticket(2)] }), role: "ingest" });
    expect(res.status).toBe(200);
  });
});

describe("sessions", () => {
  let t: TestApp;
  const email = "rotation@example.test";
  beforeAll(async () => {
    t = await buildTestApp();
    await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email, role: "auditor", password } });
  });
  afterAll(() => t.close());

  const login = (cookie?: string) => signIn(t.app, { email, password }, { headers: cookie ? { cookie: `assay_session=${cookie}` } : {} });
  const works = async (sid: string) => (await t.app.request("/api/v1/plans", { headers: { cookie: `assay_session=${sid}` } })).status === 200;

  it("issues a new session id at every login and ends the session it replaces", async () => {
    const first = sessionCookie(await login());
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await works(first!)).toBe(true);
    const second = sessionCookie(await login(first!));
    expect(second).not.toBe(first);
    expect(await works(second!)).toBe(true);
    expect(await works(first!)).toBe(false);
  });

  it("ignores a session id planted before login (no session fixation)", async () => {
    const planted = "attacker-chosen-session-id-0000000000000000";
    expect(await works(planted)).toBe(false);
    const issued = sessionCookie(await login(planted));
    expect(issued).not.toBe(planted);
    expect(await works(planted)).toBe(false);
  });

  it("ends the session on the server at logout", async () => {
    const sid = sessionCookie(await login())!;
    const page = await t.app.request("/", { headers: { cookie: `assay_session=${sid}`, accept: "text/html" } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    expect((await t.app.request("/logout", form({ _csrf: csrf }, { cookie: `assay_session=${sid}` }))).status).toBe(303);
    expect(await works(sid)).toBe(false);
  });
});

describe("login throttling", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
    for (const name of ["victim", "bystander", "other", "owner"]) await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: `${name}@example.test`, role: "viewer", password } });
    await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "root@example.test", role: "admin", password } });
  });
  afterAll(() => t.close());

  /** A sign-in as the real server sees it: the socket's address (the client, or the load balancer in front). */
  const attempt = (email: string, pw: string, opts: { headers?: Record<string, string>; from?: string; app?: TestApp["app"] } = {}) =>
    signIn(opts.app ?? t.app, { email, password: pw }, { headers: opts.headers, env: opts.from ? { incoming: { socket: { remoteAddress: opts.from } } } : undefined });

  it("answers a wrong password and an unknown account alike", async () => {
    const wrong = await attempt("other@example.test", "wrong password!");
    const unknown = await attempt("nobody@example.test", "wrong password!");
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    // alike but for the e-mail typed and the forms' own CSRF token (sign-in and language switcher)
    const text = async (r: Response) => (await r.text()).replace(/value="[^"]*@example.test"/, "").replace(/name="_csrf" value="[^"]*"/g, "");
    expect(await text(wrong)).toBe(await text(unknown));
  });

  it("backs off an account at one address after 5 failures, even for the right password, doubling the wait", async () => {
    t.clock.set("2026-11-24T13:00:00Z");
    const from = "192.0.2.10";
    for (let i = 0; i < 5; i++) expect((await attempt("victim@example.test", `guess ${i}`, { from })).status).toBe(401);
    const locked = await attempt("victim@example.test", password, { from });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe("60");
    expect(sessionCookie(locked)).toBeNull();
    expect(await locked.text()).toContain("Too many failed sign-ins. Try again in 1 min.");
    // the back-off is per account and address: another account signs in from the same address
    expect((await attempt("bystander@example.test", password, { from })).status).toBe(303);
    t.clock.set("2026-11-24T13:00:59Z");
    expect((await attempt("victim@example.test", password, { from })).status).toBe(429);
    // after the wait, one more guess; a wrong one doubles the wait
    t.clock.set("2026-11-24T13:01:00Z");
    expect((await attempt("victim@example.test", "guess 5", { from })).status).toBe(401);
    t.clock.set("2026-11-24T13:02:59Z");
    const doubled = await attempt("victim@example.test", password, { from });
    expect([doubled.status, doubled.headers.get("retry-after")]).toEqual([429, "1"]);
    t.clock.set("2026-11-24T13:03:00Z");
    expect((await attempt("victim@example.test", password, { from })).status).toBe(303);
    // a successful sign-in starts the count again
    for (let i = 0; i < 5; i++) expect((await attempt("victim@example.test", `again ${i}`, { from })).status).toBe(401);
    expect((await attempt("victim@example.test", password, { from })).status).toBe(429);
  });

  it("caps the wait at 30 minutes", async () => {
    t.clock.set("2026-11-24T16:00:00Z");
    const from = "192.0.2.11";
    for (let i = 0; i < 4; i++) expect((await attempt("owner@example.test", `guess ${i}`, { from })).status).toBe(401);
    let now = t.clock.now();
    const waits: (string | null)[] = [];
    for (let i = 4; i < 12; i++) {
      expect((await attempt("owner@example.test", `guess ${i}`, { from })).status).toBe(401);
      // the right password, refused while the wait lasts (a refused attempt does not count)
      const refused = await attempt("owner@example.test", password, { from });
      expect(refused.status).toBe(429);
      waits.push(refused.headers.get("retry-after"));
      now += Number(refused.headers.get("retry-after")) * 1000;
      t.clock.set(new Date(now).toISOString());
    }
    expect(waits).toEqual(["60", "120", "240", "480", "960", "1800", "1800", "1800"]);
    expect((await attempt("owner@example.test", password, { from })).status).toBe(303);
  });

  it("does not let a guesser at one address lock the admin out at another", async () => {
    t.clock.set("2026-11-24T17:00:00Z");
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await attempt("root@example.test", `admin guess ${i}`, { from: "203.0.113.66" })).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    expect((await attempt("root@example.test", password, { from: "198.51.100.20" })).status).toBe(303);
    expect((await attempt("root@example.test", password, { from: "203.0.113.66" })).status).toBe(429);
  });

  it("lets no more than 5 guesses through when 30 arrive at once", async () => {
    t.clock.set("2026-11-24T14:00:00Z");
    const from = "192.0.2.30";
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt("other@example.test", `parallel guess ${i}`, { from })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // in all, exactly 5 wrong passwords are checked before the back-off starts
    let checked = statuses.filter((s) => s === 401).length;
    for (let i = 0; (await attempt("other@example.test", `one more guess ${i}`, { from })).status === 401; i++) checked++;
    expect(checked).toBe(5);
    expect((await attempt("other@example.test", password, { from })).status).toBe(429);
  });

  it("throttles an address after 20 failures across accounts, whatever X-Forwarded-For claims", async () => {
    t.clock.set("2026-11-24T15:00:00Z");
    for (let i = 0; i < 20; i++) {
      const res = await attempt(`sprayed-${i}@example.test`, "Winter2026!", { headers: { "x-forwarded-for": `203.0.113.${i}` }, from: "192.0.2.50" });
      expect(res.status).toBe(401);
    }
    const res = await attempt("bystander@example.test", password, { headers: { "x-forwarded-for": "198.51.100.7" }, from: "192.0.2.50" });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("900");
    // only that address
    expect((await attempt("bystander@example.test", password, { from: "192.0.2.51" })).status).toBe(303);
    t.clock.set("2026-11-24T15:15:01Z");
    expect((await attempt("bystander@example.test", password, { from: "192.0.2.50" })).status).toBe(303);
  });

  describe("behind a load balancer (TRUST_PROXY)", () => {
    const balancer = "10.0.0.2";
    const behind = (trustProxy: string) => createApp({ database: t.database, clock: t.clock, config: { trustProxy: parseTrustProxy(trustProxy) } });

    it("throttles the client that sprays guesses, not everyone behind the same balancer", async () => {
      t.clock.set("2026-11-24T18:00:00Z");
      const app = behind("1");
      for (let i = 0; i < 20; i++) {
        // the client writes its own X-Forwarded-For; the balancer appends the address it saw
        const res = await attempt(`lb-sprayed-${i}@example.test`, "Winter2026!", { app, from: balancer, headers: { "x-forwarded-for": `198.18.0.${i}, 203.0.113.9` } });
        expect(res.status).toBe(401);
      }
      expect((await attempt("bystander@example.test", password, { app, from: balancer, headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(429);
      expect((await attempt("bystander@example.test", password, { app, from: balancer, headers: { "x-forwarded-for": "198.51.100.7" } })).status).toBe(303);
      // without TRUST_PROXY the balancer's address is the client, and the header counts for nothing
      const blind = createApp({ database: t.database, clock: t.clock });
      expect((await attempt("owner@example.test", password, { app: blind, from: balancer, headers: { "x-forwarded-for": "198.51.100.8" } })).status).toBe(303);
    });

    it("keys the back-off on the real client, so the owner of an account still signs in", async () => {
      t.clock.set("2026-11-24T19:00:00Z");
      const app = behind("10.0.0.0/8");
      for (let i = 0; i < 12; i++) await attempt("root@example.test", `lb guess ${i}`, { app, from: balancer, headers: { "x-forwarded-for": "203.0.113.77, 10.1.1.1" } });
      expect((await attempt("root@example.test", password, { app, from: balancer, headers: { "x-forwarded-for": "203.0.113.77, 10.1.1.1" } })).status).toBe(429);
      expect((await attempt("root@example.test", password, { app, from: balancer, headers: { "x-forwarded-for": "198.51.100.30, 10.1.1.1" } })).status).toBe(303);
    });
  });
});

describe("headers and cookies", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "cookie@example.test", role: "viewer", password } });
  });
  afterAll(() => t.close());

  function expectSecureHeaders(res: Response, what: string) {
    const csp = res.headers.get("content-security-policy") ?? "";
    const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v] as const));
    expect(directives.get("default-src"), what).toEqual(["'self'"]);
    expect(directives.get("script-src"), what).toEqual(["'self'"]);
    expect(directives.get("frame-ancestors"), what).toEqual(["'none'"]);
    expect(directives.get("object-src"), what).toEqual(["'none'"]);
    expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
    expect(res.headers.get("x-frame-options"), what).toBe("DENY");
    expect(res.headers.get("referrer-policy"), what).toBe("same-origin");
  }

  it("sends a self-only CSP with frame-ancestors 'none' and nosniff on pages, API answers, errors and assets", async () => {
    const admin = await t.session("admin");
    expectSecureHeaders(await t.app.request("/login"), "login");
    expectSecureHeaders(await t.app.request("/healthz"), "healthz");
    expectSecureHeaders(await t.app.request("/assets/app.js"), "asset");
    expectSecureHeaders(await t.app.request("/api/v1/plans"), "401");
    expectSecureHeaders(await t.request("/api/v1/plans", { role: "viewer" }), "api");
    expectSecureHeaders(await t.app.request("/no/such/page", { headers: { cookie: admin.cookie, accept: "text/html" } }), "404 page");
    for (const path of pageRoutes(t)) {
      expectSecureHeaders(await t.app.request(concrete(path), { headers: { cookie: admin.cookie, accept: "text/html" } }), path);
    }
  });

  it("sends Cache-Control: no-store on every page and partial for a signed-in user", async () => {
    const admin = await t.session("admin");
    const wrong: string[] = [];
    for (const path of pageRoutes(t)) {
      for (const headers of [{ accept: "text/html" }, { accept: "text/html", "hx-request": "true" }] as Record<string, string>[]) {
        const res = await t.app.request(concrete(path, "1"), { headers: { cookie: admin.cookie, ...headers } });
        if ((res.headers.get("content-type") ?? "").startsWith("text/html") && res.headers.get("cache-control") !== "no-store") wrong.push(`${path} ${res.status}: ${res.headers.get("cache-control")}`);
      }
    }
    expect(wrong).toEqual([]);
    // the error page a signed-in user sees holds their name too
    expect((await t.app.request("/no/such/page", { headers: { cookie: admin.cookie, accept: "text/html" } })).headers.get("cache-control")).toBe("no-store");
  });

  it("serves pages with no inline script, no inline event handler and no javascript: URL", async () => {
    const admin = await t.session("admin");
    const pages = pageRoutes(t);
    expect(pages).toEqual(expect.arrayContaining(["/", "/login"]));
    for (const path of pages) {
      const html = await (await t.app.request(concrete(path), { headers: { cookie: admin.cookie, accept: "text/html" } })).text();
      for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
        expect(/\bsrc="\/assets\/[^"]+"/.test(tag) || /type="application\/json"/.test(tag), `${path}: ${tag}`).toBe(true);
      }
      expect(html, path).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html, path).not.toMatch(/javascript:/i);
    }
  });

  it("marks the session cookie HttpOnly, SameSite=Lax, and Secure behind HTTPS", async () => {
    const creds = { email: "cookie@example.test", password };
    const plain = cookieLine(await signIn(t.app, creds));
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).toMatch(/Path=\//);
    expect(plain).not.toMatch(/Secure/);
    const proxied = cookieLine(await signIn(t.app, creds, { headers: { "x-forwarded-proto": "https" } }));
    expect(proxied).toMatch(/; Secure/);
    expect(proxied).toMatch(/HttpOnly/);
    const direct = cookieLine(await signIn(t.app, creds, { url: "https://assay.example/login" }));
    expect(direct).toMatch(/; Secure/);
    const { createApp } = await import("../../server/app.js");
    const configured = createApp({ database: t.database, clock: t.clock, config: { secureCookies: true } });
    expect(cookieLine(await signIn(configured, creds))).toMatch(/; Secure/);
  });
});

describe("hostile strings in HTML", () => {
  let t: TestApp;
  const marker = (n: number) => `<script>alert("xss-${n}")</script>`;
  const breakout = `</script><script>alert("xss-json")</script>`;
  beforeAll(async () => {
    t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  });
  afterAll(() => t.close());

  it("escapes what a visitor types into the login page", async () => {
    const res = await signIn(t.app, { email: `"><script>alert(1)</script>`, password: "x", next: `/"><img src=x onerror=alert(2)>` });
    const html = await res.text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    for (const next of ["javascript:alert(1)", "//evil.example", "/\\evil.example", "https://evil.example"]) {
      const page = await (await t.app.request(`/login?next=${encodeURIComponent(next)}`)).text();
      expect(page).toContain('name="next" value="/"');
    }
  });

  it("escapes a hostile path on the not-found page", async () => {
    const admin = await t.session("admin");
    const html = await (await t.app.request("/nope/%3Cscript%3Ealert(3)%3C%2Fscript%3E", { headers: { cookie: admin.cookie, accept: "text/html" } })).text();
    expect(html).not.toContain("<script>alert(3)</script>");
  });

  it("escapes ingested and entered data on every page", async () => {
    const services = [`svc-${marker(1)}`.slice(0, 64), `svc-${breakout}`.slice(0, 64)];
    const items = services.map((service, i) => ticket(i, { service, summary: marker(2), assignee: marker(3), category: marker(4).slice(0, 64), resolution: breakout }));
    expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets: items }), role: "ingest" })).status).toBe(200);
    const activities = [{ type: "emergency_drill", date: "2026-10-10", service: services[0], title: marker(5), outcome: breakout }];
    expect((await t.request("/api/v1/activities", { ...jsonBody({ activities }), role: "ingest" })).status).toBe(200);
    const metrics = [{ metric: `m-${marker(6)}`.slice(0, 64), service: services[1], at: "2026-10-10T00:00:00Z", value: 1, unit: "<b>" }];
    expect((await t.request("/api/v1/metrics", { ...jsonBody({ samples: metrics }), role: "ingest" })).status).toBe(200);
    const plan = await t.request("/api/v1/plans", { ...jsonBody({ name: `plan ${marker(7)}`, owner: breakout }), role: "auditor" });
    expect(plan.status).toBe(201);
    const planId = String(((await plan.json()) as { id: number }).id);

    const admin = await t.session("admin");
    let escapedSomewhere = 0;
    for (const path of pageRoutes(t)) {
      for (const url of new Set([concrete(path, planId), concrete(path, "1")])) {
        const html = await (await t.app.request(url, { headers: { cookie: admin.cookie, accept: "text/html" } })).text();
        expect(html, url).not.toMatch(/<script>alert\("xss-/);
        expect(html, url).not.toContain(breakout);
        if (html.includes("&lt;script&gt;alert(")) escapedSomewhere++;
      }
    }
    // the hostile values are shown (escaped), not silently dropped
    expect(escapedSomewhere).toBeGreaterThan(0);
  });
});

describe("secrets at rest", () => {
  it("stores passwords as scrypt hashes and session ids and tokens as SHA-256, never in the clear anywhere", async () => {
    const t = await buildTestApp();
    try {
      const secretPassword = "an unguessable passphrase 42";
      await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "secret@example.test", role: "admin", password: secretPassword } });
      const sid = sessionCookie(await signIn(t.app, { email: "secret@example.test", password: secretPassword }))!;
      const token = await t.token("ingest");
      // use them, so any "last used" bookkeeping has run too
      expect((await t.request("/api/v1/activities", { ...jsonBody({ activities: [] }), role: "ingest" })).status).toBe(200);
      expect((await t.app.request("/api/v1/plans", { headers: { cookie: `assay_session=${sid}` } })).status).toBe(200);

      const user = (await t.database.client.execute("SELECT password_hash FROM users WHERE email = 'secret@example.test'")).rows[0];
      expect(String(user.password_hash)).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      const tokens = (await t.database.client.execute("SELECT token_hash, prefix FROM api_tokens WHERE name = 'test-ingest'")).rows[0];
      expect(tokens.token_hash).toBe(sha256(token));
      expect(token.startsWith(String(tokens.prefix))).toBe(true);
      expect(String(tokens.prefix).length).toBeLessThanOrEqual(12);
      const sessions = (await t.database.client.execute("SELECT id_hash FROM sessions")).rows.map((r) => r.id_hash);
      expect(sessions).toContain(sha256(sid));

      const tables = await t.database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
      let dump = "";
      for (const { name } of tables.rows) dump += JSON.stringify((await t.database.client.execute(`SELECT * FROM "${String(name)}"`)).rows);
      expect(dump.length).toBeGreaterThan(1000);
      for (const secret of [secretPassword, sid, token, token.slice(12)]) expect(dump).not.toContain(secret);
    } finally {
      t.close();
    }
  });
});
