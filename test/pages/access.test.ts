// Who may open which page: 401 sends a browser to the sign-in page, a role without the permission gets 403,
// and what a role may not do is not shown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
const sessions = new Map<Role, { cookie: string; csrf: string }>();
beforeAll(async () => {
  t = await buildTestApp();
  for (const role of ["viewer", "manager", "auditor", "compliance_officer", "admin", "ingest"] as const) sessions.set(role, await t.session(role));
});
afterAll(() => t.close());

const page = (path: string, role?: Role) => t.app.request(path, { headers: { accept: "text/html", ...(role ? { cookie: sessions.get(role)!.cookie } : {}) } });
const readers: Role[] = ["viewer", "manager", "auditor", "compliance_officer", "admin"];
const readable = ["/", "/kpis", "/plans", "/runs", "/findings", "/data"];

describe("without credentials", () => {
  it.each([...readable, "/admin", "/plans/new", "/kpis/volume.csv"])("GET %s redirects to the sign-in page", async (path) => {
    const res = await page(path);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
  });

  it("answers an API-style request with 401 JSON", async () => {
    const res = await t.app.request("/kpis", { headers: { accept: "application/json" } });
    expect(res.status).toBe(401);
  });
});

describe("readers", () => {
  it.each(readers.flatMap((role) => readable.map((path) => [role, path] as const)))("%s may open %s", async (role, path) => {
    expect((await page(path, role)).status).toBe(200);
  });

  it.each(["viewer", "manager", "auditor", "compliance_officer"] as const)("%s gets 403 on /admin and sees no Admin link", async (role) => {
    expect((await page("/admin", role)).status).toBe(403);
    expect(await (await page("/", role)).text()).not.toContain('href="/admin"');
  });

  it.each(["viewer", "manager", "compliance_officer"] as const)("%s may not create plans: 403 on /plans/new, no button", async (role) => {
    expect((await page("/plans/new", role)).status).toBe(403);
    expect(await (await page("/plans", role)).text()).not.toContain('href="/plans/new"');
  });

  it("only a reader with the ingest permission (admin) sees the CSV upload on /data", async () => {
    expect(await (await page("/data", "viewer")).text()).not.toContain('id="csv-upload"');
    expect(await (await page("/data", "admin")).text()).toContain('id="csv-upload"');
  });

  it("a viewer's POST is refused by the server even with a valid CSRF token", async () => {
    const { cookie, csrf } = sessions.get("viewer")!;
    const res = await t.app.request("/plans", { method: "POST", headers: { cookie, accept: "text/html", "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: csrf, name: "x" }) });
    expect(res.status).toBe(403);
  });

  it("an auditor's POST without the CSRF token is refused", async () => {
    const res = await t.app.request("/plans", { method: "POST", headers: { cookie: sessions.get("auditor")!.cookie, accept: "text/html", "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ name: "x" }) });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("missing or wrong CSRF token");
  });
});

describe("the ingest role", () => {
  // the contract's machine role only writes tickets, metrics and activities (through the API)
  it.each([...readable, "/data/batches", "/admin", "/kpis/volume.csv"])("gets 403 on %s", async (path) => {
    expect((await page(path, "ingest")).status).toBe(403);
  });
});

describe("the admin", () => {
  it("sees users, tokens and the audit trail", async () => {
    const body = await (await page("/admin", "admin")).text();
    expect(body).toContain("Users and roles");
    expect(body).toContain("viewer-1@example.test");
    expect(body).toContain("API tokens");
    expect(body).toContain("Audit trail");
    expect(body).toContain("user.create");
  });
});
