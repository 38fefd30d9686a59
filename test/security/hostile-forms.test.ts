// Malformed form bodies, page numbers out of range and post-login redirects: each answers a 4xx that names the
// problem (never a 500), and sign-in only ever sends the browser to a path of this site.
import { testCtx } from "../support/ctx.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/users.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { seedCompletedRun, type SeededRun } from "../reports/seed.js";

let t: TestApp;
let seeded: SeededRun;
let admin: { cookie: string; csrf: string };
const password = "correct horse battery";

beforeAll(async () => {
  t = await buildTestApp();
  seeded = await seedCompletedRun(t.database, { evidence: 45 });
  admin = await t.session("admin");
  await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "redirect@example.test", role: "viewer", password } });
});
afterAll(() => t.close());

/** A body that declares multipart/form-data but is not one: no closing boundary, no parts. */
const brokenMultipart = { "content-type": "multipart/form-data; boundary=assay-boundary" };
const brokenBodies = ["garbage", "--assay-boundary\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nabc", ""];
const unreadableForm = {
  error: "invalid",
  message: "the form could not be read: the body is not valid multipart/form-data; nothing was written",
  issues: [{ path: "", message: "not valid multipart/form-data" }],
};

describe("a malformed multipart body", () => {
  it("on /login answers 400 naming the problem", async () => {
    for (const body of brokenBodies) {
      const res = await t.app.request("/login", { method: "POST", headers: brokenMultipart, body });
      expect([res.status, await res.json()]).toEqual([400, unreadableForm]);
    }
    const page = await t.app.request("/login", { method: "POST", headers: { ...brokenMultipart, accept: "text/html" }, body: "garbage" });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("the form could not be read");
  });

  it("answers 400 on every route that reads a form, and never a 5xx on any POST route", async () => {
    const posts = [...new Set(t.app.routes.filter((r) => r.method === "POST").map((r) => r.path))].filter((p) => !/^\/api\/v1\/(tickets|metrics|activities)$/.test(p));
    const formReaders = ["/login", "/logout", "/admin/users", "/admin/users/:id", "/admin/tokens", "/runs/:id/answers/:ruleId", "/runs/:id/answers/:ruleId/attachments", "/api/v1/runs/:id/answers/:ruleId/attachments", "/runs/:id/signoff", "/plans/:id/waivers", "/findings/actions/:id", "/plans"];
    expect(posts).toEqual(expect.arrayContaining(formReaders));
    const wrong: string[] = [];
    for (const path of posts) {
      const url = path.replace(/:id\b/g, String(seeded.runId)).replace(/:ruleId\b/g, "MAN-CATALOGUE").replace(/:(\w+)/g, "1");
      // without the CSRF header the token is looked for in the form, so every route reads it
      for (const csrf of [undefined, admin.csrf]) {
        const headers: Record<string, string> = { ...brokenMultipart, cookie: admin.cookie };
        if (csrf) headers["x-csrf-token"] = csrf;
        const res = await t.app.request(url, { method: "POST", headers, body: "garbage" });
        const body = await res.text();
        const mustName = !csrf || formReaders.includes(path);
        const named = res.status === 400 && body === JSON.stringify(unreadableForm);
        if (res.status >= 500 || (mustName && !named)) wrong.push(`${path} (${csrf ? "CSRF header" : "no CSRF header"}): ${res.status} ${body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("page numbers", () => {
  const evidence = (page: string) => `/runs/${seeded.runId}/evidence/INC-RESOLVE-URGENT?page=${page}`;
  const outOfRange = (value: string) => ({
    error: "invalid",
    message: `page must be a whole number from 1 to 1000000, not "${value}"`,
    issues: [{ path: "page", message: "a whole number from 1 to 1000000" }],
  });

  it("outside 1 to 1,000,000 answer 400 naming page on every paged page", async () => {
    for (const path of [evidence("%s"), "/reports?page=%s", "/admin?page=%s"]) {
      for (const value of ["1e20", "0", "-1", "1.5", "abc", "1000001", "9007199254740993", " 2"]) {
        const res = await t.app.request(path.replace("%s", encodeURIComponent(value)), { headers: { cookie: admin.cookie } });
        expect([path, value, res.status, await res.json()]).toEqual([path, value, 400, outOfRange(value)]);
      }
    }
  });

  it("1e20 on the run evidence page shows the error page, not a 500", async () => {
    const res = await t.app.request(evidence("1e20"), { headers: { cookie: admin.cookie, accept: "text/html" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("page must be a whole number from 1 to 1000000");
  });

  it("in range still page, including a page past the end", async () => {
    const page3 = await t.app.request(evidence("3"), { headers: { cookie: admin.cookie, accept: "text/html", "hx-request": "true" } });
    expect(page3.status).toBe(200);
    expect(await page3.text()).toContain("IT-2026-000045");
    expect((await t.app.request(evidence("1000000"), { headers: { cookie: admin.cookie, accept: "text/html" } })).status).toBe(200);
    expect((await t.app.request("/reports?page=2", { headers: { cookie: admin.cookie, accept: "text/html" } })).status).toBe(200);
  });
});

describe("the page after sign-in (next=)", () => {
  async function signInTo(next: string): Promise<string | null> {
    const page = await t.app.request(`/login?next=${encodeURIComponent(next)}`);
    const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0];
    const html = await page.text();
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
    const fields: Record<string, string> = { email: "redirect@example.test", password, next };
    if (field("_csrf")) fields._csrf = field("_csrf");
    const res = await t.app.request("/login", { method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded", cookie } });
    expect(res.status, next).toBe(303);
    return res.headers.get("location");
  }

  it("follows a path of this site, percent-encoded so the header is plain ASCII", async () => {
    expect(await signInTo("/runs/1?tab=evidence")).toBe("/runs/1?tab=evidence");
    expect(await signInTo("/plans/审计")).toBe("/plans/%E5%AE%A1%E8%AE%A1");
  });

  it("goes home instead of off-site, whatever the disguise", async () => {
    const hostile = [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\r\nSet-Cookie: planted=1",
      "/.//evil.example",
      "/%2e%2e//evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\/evil.example",
      " //evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil.example",
      "",
    ];
    for (const next of hostile) expect([next, await signInTo(next)]).toEqual([next, "/"]);
  });

  it("renders only a safe next into the sign-in form", async () => {
    for (const query of ["/%09/evil.example", "/%0d%0a/evil.example", "/.//evil.example", "%2F%2Fevil.example"]) {
      const html = await (await t.app.request(`/login?next=${query}`)).text();
      expect(html).toContain('name="next" value="/"');
    }
  });
});
