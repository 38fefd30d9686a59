// The OpenAPI document against the app itself: every /api/v1 route the Hono app answers is documented and every
// documented operation is answered; each documents exactly the query parameters its declaration accepts, and a
// parameter it does not declare is refused with a 400 naming it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissions } from "../../server/auth/roles.js";
import { apiEndpoints } from "../../server/routes/api/index.js";
import { queryOf } from "../../server/routes/api/endpoint.js";
import { buildTestApp, type TestApp } from "../support/app.js";

interface Parameter {
  name: string;
  in: "path" | "query";
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  responses: Record<string, unknown>;
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

let t: TestApp;
let doc: Doc;
beforeAll(async () => {
  t = await buildTestApp();
  const res = await t.request("/api/v1/openapi.json", { role: "viewer" });
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});
afterAll(() => t.close());

const methods = new Set(["get", "post", "put", "patch", "delete"]);
const openApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");

/** "GET /api/v1/runs/{id}" for every route of the Hono app under /api/v1 (ALL entries are middleware). */
function appOperations(): string[] {
  const ops = t.app.routes
    .filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL" && !r.path.includes("*"))
    .map((r) => `${r.method} ${openApiPath(r.path)}`);
  return [...new Set(ops)].sort();
}

function documentedOperations(): string[] {
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith("/api/v1/"))
    .flatMap(([path, item]) => Object.keys(item).filter((m) => methods.has(m)).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

const operationOf = (method: string, path: string) => doc.paths[`/api/v1${openApiPath(path)}`]?.[method];
const queryNames = (op: Operation | undefined) => (op?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name).sort();

describe("GET /api/v1/openapi.json", () => {
  it("is OpenAPI 3.1", () => {
    expect(doc.openapi).toBe("3.1.0");
  });

  it("documents every API route the app serves, and nothing it does not serve", () => {
    expect(documentedOperations()).toEqual(appOperations());
    expect(appOperations().length).toBeGreaterThanOrEqual(35);
  });

  it("documents each route's path parameters", () => {
    for (const op of appOperations()) {
      const [method, path] = op.split(" ");
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const documented = (doc.paths[path][method.toLowerCase()].parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      expect(documented, op).toEqual(names);
    }
  });

  it("documents exactly the query parameters each route's declaration accepts", () => {
    for (const { route } of apiEndpoints) {
      const op = operationOf(route.method, route.path);
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(queryNames(op), `${route.method.toUpperCase()} ${route.path}`).toEqual(Object.keys(queryOf(route).shape).sort());
    }
  });

  it("documents the query parameters the routes read (evidence pages by after/limit, findings filtered, sorted and paged)", () => {
    expect(queryNames(operationOf("get", "/runs/:id/results/:ruleId/evidence"))).toEqual(["after", "limit"]);
    expect(queryNames(operationOf("get", "/findings"))).toEqual(["order", "overdue", "owner", "page", "page_size", "plan_id", "rule_id", "severity", "sort", "status"]);
    expect(queryNames(operationOf("get", "/tickets"))).toEqual(["after", "limit", "service", "since"]);
    expect(queryNames(operationOf("get", "/runs"))).toEqual(["plan_id"]);
    expect(queryNames(operationOf("get", "/runs/:id/report.pdf"))).toEqual(["lang", "version"]);
    expect(queryNames(operationOf("delete", "/tickets/:id"))).toEqual(["reason"]);
    expect(queryNames(operationOf("get", "/waivers"))).toEqual([]);
  });

  it("refuses an undeclared query parameter on every route with a 400 naming it", async () => {
    for (const { route } of apiEndpoints) {
      const path = route.path.replace(/:(\w+)/g, "999999");
      const role = permissions[route.permission][0];
      const res = await t.request(`/api/v1${path}?no_such_parameter=1`, { method: route.method.toUpperCase(), role });
      const what = `${route.method.toUpperCase()} ${route.path} as ${role}`;
      expect(res.status, what).toBe(400);
      const body = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
      expect(body.error, what).toBe("invalid");
      expect(body.issues, what).toContainEqual({ path: "no_such_parameter", message: "unknown query parameter" });
    }
  });

  it("refuses the parameters the old document promised and the routes never read", async () => {
    const owner = await t.request("/api/v1/findings?assignee=someone", { role: "viewer" });
    expect(owner.status).toBe(400);
    expect((await owner.json()).issues).toEqual([{ path: "assignee", message: "unknown query parameter" }]);
    const perPage = await t.request("/api/v1/runs/1/results/INC-RESP-URGENT/evidence?page=2&per_page=10", { role: "viewer" });
    expect(perPage.status).toBe(400);
    expect(((await perPage.json()).issues as { path: string }[]).map((i) => i.path).sort()).toEqual(["page", "per_page"]);
  });

  it("validates a declared query parameter from its declaration", async () => {
    const limit = await t.request("/api/v1/runs/1/results/INC-RESP-URGENT/evidence?limit=abc", { role: "viewer" });
    expect(limit.status).toBe(400);
    expect((await limit.json()).issues.map((i: { path: string }) => i.path)).toEqual(["limit"]);
    const planId = await t.request("/api/v1/runs?plan_id=0", { role: "viewer" });
    expect(planId.status).toBe(400);
    expect((await planId.json()).issues.map((i: { path: string }) => i.path)).toEqual(["plan_id"]);
    expect((await t.request("/api/v1/runs?plan_id=1", { role: "viewer" })).status).toBe(200);
  });

  it("is read only through the declarations: no API handler reads the raw query string", () => {
    const dir = fileURLToPath(new URL("../../server/routes/api/", import.meta.url));
    const readers = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && f !== "endpoint.ts")
      .filter((f) => /\.req\.quer(y|ies)\(/.test(readFileSync(join(dir, f), "utf8")));
    expect(readers).toEqual([]);
  });

  it("is not public", async () => {
    expect((await t.request("/api/v1/openapi.json")).status).toBe(401);
  });
});
