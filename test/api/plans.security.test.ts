import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/db/schema.js";
import { buildEngineApp, json } from "./engine-helpers.js";

let t: Awaited<ReturnType<typeof buildEngineApp>>;
let planId: number;
beforeAll(async () => {
  t = await buildEngineApp();
  planId = (await (await t.request("/api/v1/plans", { ...json({ name: "p", rules: ["MAN-ROLES"] }), role: "auditor" })).json()).id;
});
afterAll(() => t.close());

const status = async (path: string, init: RequestInit & { role?: Role } = {}) => (await t.request(path, init)).status;

describe("plans, runs, findings, actions and waivers: security", () => {
  it("denies every endpoint without credentials (401)", async () => {
    for (const path of ["/api/v1/plans", "/api/v1/rulebooks", "/api/v1/findings", "/api/v1/runs/1", "/api/v1/actions/1", "/api/v1/waivers"]) expect(await status(path)).toBe(401);
    expect(await status("/api/v1/plans", json({ name: "x" }))).toBe(401);
  });

  it("only auditors and admins write plans and start runs", async () => {
    for (const role of ["viewer", "manager", "compliance_officer", "ingest"] as Role[]) {
      expect(await status("/api/v1/plans", { ...json({ name: "x" }), role })).toBe(403);
      expect(await status(`/api/v1/plans/${planId}`, { ...json({ name: "x" }, "PATCH"), role })).toBe(403);
      expect(await status(`/api/v1/plans/${planId}`, { method: "DELETE", role })).toBe(403);
      expect(await status(`/api/v1/plans/${planId}/runs`, { method: "POST", role })).toBe(403);
    }
    expect(await status("/api/v1/plans", { ...json({ name: "x" }), role: "admin" })).toBe(201);
  });

  it("the ingest role reads nothing of the engine", async () => {
    expect(await status("/api/v1/plans", { role: "ingest" })).toBe(403);
    expect(await status("/api/v1/findings", { role: "ingest" })).toBe(403);
  });

  it("only auditors request waivers and only compliance officers approve them", async () => {
    expect(await status(`/api/v1/plans/${planId}/waivers`, { ...json({ rule_id: "MAN-ROLES", reason: "r", expires_on: "2027-01-01" }), role: "compliance_officer" })).toBe(403);
    const w = await (await t.request(`/api/v1/plans/${planId}/waivers`, { ...json({ rule_id: "MAN-ROLES", reason: "r", expires_on: "2027-01-01" }), role: "auditor" })).json();
    expect(await status(`/api/v1/waivers/${w.id}/approve`, { method: "POST", role: "auditor" })).toBe(403);
    expect(await status(`/api/v1/waivers/${w.id}/approve`, { method: "POST", role: "manager" })).toBe(403);
  });

  it("manual answers need the auditor role; sessions need the CSRF token", async () => {
    expect(await status("/api/v1/runs/1/answers/MAN-ROLES", { ...json({ answer: "conformant" }, "PUT"), role: "manager" })).toBe(403);
    const auditor = await t.session("auditor");
    const noCsrf = await t.app.request("/api/v1/plans", { ...json({ name: "x" }), headers: { "content-type": "application/json", cookie: auditor.cookie } });
    expect(noCsrf.status).toBe(403);
    const withCsrf = await t.app.request("/api/v1/plans", { ...json({ name: "x" }), headers: { "content-type": "application/json", cookie: auditor.cookie, "x-csrf-token": auditor.csrf } });
    expect(withCsrf.status).toBe(201);
  });

  it("viewers cannot update actions", async () => {
    expect(await status("/api/v1/actions/1", { ...json({ status: "done" }, "PATCH"), role: "viewer" })).toBe(403);
  });
});
