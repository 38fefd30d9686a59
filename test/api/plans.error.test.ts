import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEngineApp, json } from "./engine-helpers.js";

let t: Awaited<ReturnType<typeof buildEngineApp>>;
let planId: number;
beforeAll(async () => {
  t = await buildEngineApp();
  planId = (await (await t.request("/api/v1/plans", { ...json({ name: "p", rules: ["MAN-ROLES", "REC-CONSISTENT"] }), role: "auditor" })).json()).id;
});
afterAll(() => t.close());

const issuesOf = async (res: Response) => ((await res.json()).issues ?? []).map((i: { path: string }) => i.path);

describe("plans, runs, findings, actions and waivers: errors", () => {
  it("names the bad fields of a plan", async () => {
    const res = await t.request("/api/v1/plans", { ...json({ name: "", timezone: "Mars/Base", period: { type: "rolling_days", days: 0 } }), role: "auditor" });
    expect(res.status).toBe(400);
    expect(await issuesOf(res)).toEqual(expect.arrayContaining(["name", "timezone", "period.days"]));
    const rules = await t.request("/api/v1/plans", { ...json({ name: "x", rules: ["NOPE"], thresholds: { "MAN-ROLES": 1 }, schedule: "every day" }), role: "auditor" });
    expect(rules.status).toBe(400);
    expect(await issuesOf(rules)).toEqual(["rules.0", "thresholds.MAN-ROLES", "schedule"]);
  });

  it("takes only a five-field cron schedule with at least an hour between runs, naming schedule", async () => {
    const fiveFields = "not a valid cron expression: a schedule is five fields (minute hour day-of-month month day-of-week), e.g. 0 2 1 * *";
    const hourly = "runs more than once an hour: give one minute value, so that at least an hour passes between runs (e.g. 0 * * * *)";
    const cases: [string, string][] = [
      ["* * * * * *", fiveFields],
      ["0 0 2 1 * *", fiveFields],
      ["@hourly", fiveFields],
      ["* * * * *", hourly],
      ["*/30 * * * *", hourly],
      ["0,30 2 * * *", hourly],
      ["0-59/59 * * * *", hourly],
      ["61 2 * * *", "not a valid cron expression, e.g. 0 2 1 * *"],
    ];
    for (const [schedule, message] of cases) {
      const res = await t.request("/api/v1/plans", { ...json({ name: "too often", schedule }), role: "auditor" });
      expect([schedule, res.status, await res.json()]).toEqual([schedule, 400, { error: "invalid", message: "invalid plan", issues: [{ path: "schedule", message }] }]);
    }
    const patched = await t.request(`/api/v1/plans/${planId}`, { ...json({ schedule: "* * * * * *" }, "PATCH"), role: "auditor" });
    expect([patched.status, await issuesOf(patched)]).toEqual([400, ["schedule"]]);
    for (const schedule of ["0 * * * *", "30 */2 * * 1-5", "0 2 1 * *", "0 3 1 1,4,7,10 *"]) {
      expect((await t.request("/api/v1/plans", { ...json({ name: "often enough", schedule }), role: "auditor" })).status, schedule).toBe(201);
    }
  });

  it("takes exactly the schedules node-cron runs: the ones it refuses are 400 naming schedule, the others get a next run and words", async () => {
    const invalid = "not a valid cron expression, e.g. 0 2 1 * *";
    const refused: [string, string][] = [
      ["H 2 * * *", invalid], // a hashed minute (Jenkins-style H), which node-cron does not run
      ["0 2 30 2 *", invalid],
      ["0 2 1 * 1#5", "never runs: no day matches both the day of month and the day of week, e.g. 0 2 1 * *"],
    ];
    for (const [schedule, message] of refused) {
      const res = await t.request("/api/v1/plans", { ...json({ name: "refused", schedule }), role: "auditor" });
      expect([schedule, res.status, await res.json()]).toEqual([schedule, 400, { error: "invalid", message: "invalid plan", issues: [{ path: "schedule", message }] }]);
    }
    // the clock stands at Tuesday 2026-11-24 12:00 UTC
    const accepted: [string, string, string][] = [
      ["0 2 15W * *", "2026-12-15T02:00:00.000Z", 'cron "0 2 15W * *", UTC'],
      ["0 2 13W * *", "2026-12-14T02:00:00.000Z", 'cron "0 2 13W * *", UTC'], // the 13th is a Sunday: Monday the 14th
      ["0 2 L * *", "2026-11-30T02:00:00.000Z", 'cron "0 2 L * *", UTC'],
      ["0 2 * * 5L", "2026-11-27T02:00:00.000Z", 'cron "0 2 * * 5L", UTC'],
      ["0 2 * * 1#2", "2026-12-14T02:00:00.000Z", 'cron "0 2 * * 1#2", UTC'],
      ["0 2 * * 5-1", "2026-11-27T02:00:00.000Z", 'cron "0 2 * * 5-1", UTC'], // Friday to Monday
      ["0 2 29 2 1", "2044-02-29T02:00:00.000Z", 'cron "0 2 29 2 1", UTC'],
      ["00 02 01 * *", "2026-12-01T02:00:00.000Z", "monthly on day 1 at 02:00, UTC"],
      ["0 3 * * 7", "2026-11-29T03:00:00.000Z", "weekly on Sunday at 03:00, UTC"],
    ];
    for (const [schedule, next, words] of accepted) {
      const res = await t.request("/api/v1/plans", { ...json({ name: "accepted", schedule, timezone: "UTC" }), role: "auditor" });
      const body = await res.json();
      expect([schedule, res.status, body.next_run_at, body.schedule_words]).toEqual([schedule, 201, next, words]);
    }
  });

  it("rejects malformed JSON (400) and other content types (415)", async () => {
    expect((await t.request("/api/v1/plans", { method: "POST", body: "{", headers: { "content-type": "application/json" }, role: "auditor" })).status).toBe(400);
    expect((await t.request("/api/v1/plans", { method: "POST", body: "name=x", headers: { "content-type": "text/plain" }, role: "auditor" })).status).toBe(415);
  });

  it("404 for unknown plans, runs, actions and waivers", async () => {
    expect((await t.request("/api/v1/plans/999", { role: "viewer" })).status).toBe(404);
    expect((await t.request("/api/v1/plans/abc", { role: "viewer" })).status).toBe(404);
    expect((await t.request("/api/v1/runs/999", { role: "viewer" })).status).toBe(404);
    expect((await t.request("/api/v1/actions/999", { role: "viewer" })).status).toBe(404);
    expect((await t.request("/api/v1/waivers/999/approve", { method: "POST", role: "compliance_officer" })).status).toBe(404);
    expect((await t.request("/api/v1/plans/999/runs", { method: "POST", role: "auditor" })).status).toBe(404);
  });

  it("refuses a second run of a plan while one is in progress (409)", async () => {
    const first = await t.request(`/api/v1/plans/${planId}/runs`, { method: "POST", role: "auditor" });
    expect(first.status).toBe(202);
    const second = await t.request(`/api/v1/plans/${planId}/runs`, { method: "POST", role: "auditor" });
    expect(second.status).toBe(409);
    await t.settled();
    expect((await t.request(`/api/v1/plans/${planId}/runs`, { method: "POST", role: "auditor" })).status).toBe(202);
    await t.settled();
  });

  it("answers need a note when not conformant, and only manual questions take answers", async () => {
    const runId = (await (await t.request(`/api/v1/runs?plan_id=${planId}`, { role: "viewer" })).json()).runs[0].id;
    const noNote = await t.request(`/api/v1/runs/${runId}/answers/MAN-ROLES`, { ...json({ answer: "nonconformant" }, "PUT"), role: "auditor" });
    expect(noNote.status).toBe(400);
    expect(await issuesOf(noNote)).toEqual(["note"]);
    expect((await t.request(`/api/v1/runs/${runId}/answers/REC-CONSISTENT`, { ...json({ answer: "conformant" }, "PUT"), role: "auditor" })).status).toBe(400);
    expect((await t.request(`/api/v1/runs/${runId}/answers/MAN-CATALOGUE`, { ...json({ answer: "conformant" }, "PUT"), role: "auditor" })).status).toBe(404);
  });

  it("refuses an attachment over the size limit with 413", async () => {
    const runId = (await (await t.request(`/api/v1/runs?plan_id=${planId}`, { role: "viewer" })).json()).runs[0].id;
    const form = new FormData();
    form.append("file", new File([new Uint8Array(5 * 1024 * 1024 + 1)], "big.bin"));
    expect((await t.request(`/api/v1/runs/${runId}/answers/MAN-ROLES/attachments`, { method: "POST", body: form, role: "auditor" })).status).toBe(413);
  });

  it("refuses a waiver that has already expired, and approving twice", async () => {
    const expired = await t.request(`/api/v1/plans/${planId}/waivers`, { ...json({ rule_id: "MAN-ROLES", reason: "r", expires_on: "2026-01-01" }), role: "auditor" });
    expect(expired.status).toBe(400);
    expect(await issuesOf(expired)).toEqual(["expires_on"]);
    const w = await (await t.request(`/api/v1/plans/${planId}/waivers`, { ...json({ rule_id: "MAN-ROLES", reason: "r", expires_on: "2027-01-01" }), role: "auditor" })).json();
    expect((await t.request(`/api/v1/waivers/${w.id}/approve`, { method: "POST", role: "compliance_officer" })).status).toBe(200);
    expect((await t.request(`/api/v1/waivers/${w.id}/approve`, { method: "POST", role: "compliance_officer" })).status).toBe(409);
    expect((await t.request(`/api/v1/waivers/${w.id}/reject`, { method: "POST", role: "compliance_officer" })).status).toBe(409);
  });

  it("lets a compliance officer reject a requested waiver, and no auditor", async () => {
    const w = await (await t.request(`/api/v1/plans/${planId}/waivers`, { ...json({ rule_id: "MAN-CATALOGUE", reason: "r", expires_on: "2027-01-01" }), role: "auditor" })).json();
    expect((await t.request(`/api/v1/waivers/${w.id}/reject`, { method: "POST", role: "auditor" })).status).toBe(403);
    const res = await t.request(`/api/v1/waivers/${w.id}/reject`, { method: "POST", role: "compliance_officer" });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("rejected");
  });

  it("rejects bad finding filters and bad action updates", async () => {
    const bad = await t.request("/api/v1/findings?status=maybe", { role: "viewer" });
    expect(bad.status).toBe(400);
    expect(await issuesOf(bad)).toEqual(["status"]);

    // a nonconformant answer raises a finding with one action to update
    const runId = (await (await t.request(`/api/v1/runs?plan_id=${planId}`, { role: "viewer" })).json()).runs[0].id;
    const answered = await t.request(`/api/v1/runs/${runId}/answers/MAN-ROLES`, { ...json({ answer: "nonconformant", note: "roles not published" }, "PUT"), role: "auditor" });
    expect(answered.status).toBe(200);
    const finding = (await (await t.request("/api/v1/findings?rule_id=MAN-ROLES", { role: "viewer" })).json()).findings[0];
    const action = finding.actions[0];
    const update = (body: unknown) => t.request(`/api/v1/actions/${action.id}`, { ...json(body, "PATCH"), role: "auditor" });
    const cases: [unknown, string[]][] = [
      [{ status: "closed" }, ["status"]],
      [{ due_date: "2026-02-30" }, ["due_date"]],
      [{ title: "" }, ["title"]],
      [{ owner: `${"o".repeat(243)}@example.test` }, ["owner"]],
      [{ status: "DONE", due_date: "tomorrow", description: "d".repeat(10_001) }, ["status", "due_date", "description"]],
    ];
    for (const [body, paths] of cases) {
      const res = await update(body);
      expect([body, res.status, [...new Set(await issuesOf(res))].sort()]).toEqual([body, 400, [...paths].sort()]);
    }
    // nothing of the refused updates was applied
    const after = (await (await t.request(`/api/v1/actions/${action.id}`, { role: "viewer" })).json());
    expect(after).toMatchObject(action);
  });
});
