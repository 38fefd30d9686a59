// Working on an improvement action: owner and due-date changes, comments and evidence files, each its own audit-trail
// entry; closing a finding with its root cause and a later verifying run, never on an answer changed without a note; and
// an action of a finding awaiting verification is never shown as overdue beside it.
import { testCtx } from "../support/ctx.js";
import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerManualQuestion } from "../../audits/manual-answers.js";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun } from "../../audits/runs.js";
import { auditTrail } from "../../server/db/schema.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";

let t: TestApp;
let planId: number;
let run1: number;
let findingId: number;
let actionId: number;
let manager: { cookie: string; csrf: string; email: string };
const auditorA = "auditor-a@example.test";

async function run() {
  const r = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId, trigger: "manual" } });
  expect(await executeRun(t.database, t.clock, r.id, "test:1")).toEqual({ runId: r.id, status: "completed" });
  return r.id;
}

const finding = async () => (await (await t.request(`/api/v1/findings?rule_id=MAN-ROLES`, { role: "viewer" })).json()).findings[0];
const trail = (entity: string, id: number) =>
  t.database.db
    .select({ action: auditTrail.action, actor: auditTrail.actor, before: auditTrail.before, after: auditTrail.after })
    .from(auditTrail)
    .where(and(eq(auditTrail.entity, entity), eq(auditTrail.entityId, String(id))))
    .orderBy(asc(auditTrail.id));
const asManager = (path: string, init: RequestInit) => t.app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: manager.cookie, "x-csrf-token": manager.csrf } });
const patch = (body: unknown) => ({ ...jsonBody(body), method: "PATCH" });

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-02T00:00:00Z", config: { maxAttachmentBytes: 1024 } });
  manager = await t.session("manager");
  planId = (await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: "roles", rules: ["MAN-ROLES"], owner: "owner@example.test" } })).id;
  run1 = await run();
  await answerManualQuestion({ ctx: testCtx(t.database.db, t.clock.now(), auditorA), input: { runId: run1, ruleId: "MAN-ROLES", data: { answer: "nonconformant", note: "no written roles" } } });
  const f = await finding();
  findingId = f.id;
  actionId = f.actions[0].id;
});
afterAll(() => t.close());

describe("an action's owner, due date, comments and evidence", () => {
  it("records a reassignment and a due-date move as two trail entries of their own", async () => {
    const res = await t.request(`/api/v1/actions/${actionId}`, { ...patch({ owner: manager.email, due_date: "2026-10-15" }), role: "auditor" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ owner: manager.email, due_date: "2026-10-15", overdue: true, awaiting_verification: false });
    const entries = (await trail("action", actionId)).filter((e) => e.action !== "action.create");
    expect(entries.map((e) => [e.action, e.actor, JSON.parse(e.before!), JSON.parse(e.after!)])).toEqual([
      ["action.reassign", "token:test-auditor", { owner: "owner@example.test" }, { owner: manager.email }],
      ["action.reschedule", "token:test-auditor", { due_date: expect.any(String) }, { due_date: "2026-10-15" }],
    ]);
  });

  it("lets only auditors reassign; the owner (a manager) may not", async () => {
    const res = await asManager(`/api/v1/actions/${actionId}`, patch({ owner: "me@example.test" }));
    expect(res.status).toBe(403);
  });

  it("takes a comment from the owner, in the trail; refuses an empty one and one from a manager who does not own it", async () => {
    const ok = await asManager(`/api/v1/actions/${actionId}/comments`, jsonBody({ body: "Drafting the roles document <b>now</b>" }));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ action_id: actionId, author: manager.email, body: "Drafting the roles document <b>now</b>" });
    const empty = await asManager(`/api/v1/actions/${actionId}/comments`, jsonBody({ body: "  " }));
    expect(empty.status).toBe(400);
    expect((await empty.json()).issues.map((i: { path: string }) => i.path)).toEqual(["body"]);
    const other = await t.session("manager");
    const notOwner = await t.app.request(`/api/v1/actions/${actionId}/comments`, { ...jsonBody({ body: "hi" }), headers: { "content-type": "application/json", cookie: other.cookie, "x-csrf-token": other.csrf } });
    expect(notOwner.status).toBe(403);
    expect((await t.request(`/api/v1/actions/${actionId}/comments`, { ...jsonBody({ body: "hi" }), role: "viewer" })).status).toBe(403);
    const entries = (await trail("action", actionId)).filter((e) => e.action === "action.comment");
    expect(entries.map((e) => [e.actor, JSON.parse(e.after!).body])).toEqual([[manager.email, "Drafting the roles document <b>now</b>"]]);
  });

  it("stores an evidence file with its SHA-256, in the trail; refuses an empty file and one over the size cap", async () => {
    const upload = (bytes: Uint8Array<ArrayBuffer>, name = "roles.txt") => {
      const form = new FormData();
      form.set("file", new File([bytes], name, { type: "text/plain" }));
      return t.request(`/api/v1/actions/${actionId}/attachments`, { method: "POST", body: form, role: "auditor" });
    };
    const content = new TextEncoder().encode("roles and responsibilities v1");
    const ok = await upload(content);
    expect(ok.status).toBe(201);
    const stored = await ok.json();
    expect(stored).toMatchObject({ action_id: actionId, filename: "roles.txt", size: content.byteLength });
    expect(stored.sha256).toBe(createHash("sha256").update(content).digest("hex"));
    const back = await t.request(`/api/v1/actions/${actionId}/attachments/${stored.id}`, { role: "viewer" });
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(content);
    const empty = await upload(new Uint8Array(0));
    expect(empty.status).toBe(400);
    expect((await empty.json()).issues).toEqual([{ path: "file", message: "empty file" }]);
    expect((await upload(new Uint8Array(2048))).status).toBe(413);
    const entries = (await trail("action", actionId)).filter((e) => e.action === "action.attach");
    expect(entries.map((e) => JSON.parse(e.after!).sha256)).toEqual([stored.sha256]);
  });

  it("shows comments (escaped) and files on the findings page, and takes a comment from its form", async () => {
    const res = await asManager(`/findings/actions/${actionId}/comments`, { method: "POST", body: new URLSearchParams({ _csrf: manager.csrf, body: "Reviewed with HR" }), headers: { "hx-request": "true" } });
    expect(res.status).toBe(200);
    const row = await res.text();
    expect(row.startsWith(`<div class="action overdue" id="action-${actionId}"`)).toBe(true);
    expect(row).toContain("Drafting the roles document &lt;b&gt;now&lt;/b&gt;");
    expect(row).toContain("Reviewed with HR");
    expect(row).toContain(`href="/api/v1/actions/${actionId}/attachments/`);
    expect(row).toContain("2 comments · 1 evidence file");
  });
});

describe("closing a finding", () => {
  it("a changed answer without a note in the run that raised the finding resolves nothing", async () => {
    await answerManualQuestion({ ctx: testCtx(t.database.db, t.clock.now(), auditorA), input: { runId: run1, ruleId: "MAN-ROLES", data: { answer: "conformant" } } });
    expect((await finding()).status).toBe("open");
    // put the answer back as it was, with its reason
    await answerManualQuestion({ ctx: testCtx(t.database.db, t.clock.now(), auditorA), input: { runId: run1, ruleId: "MAN-ROLES", data: { answer: "nonconformant", note: "no written roles" } } });
  });

  it("is refused while the finding is open", async () => {
    const res = await t.request(`/api/v1/findings/${findingId}/close`, { ...jsonBody({ root_cause: "roles were never written down", verified_by_run_id: run1 }), role: "auditor" });
    expect(res.status).toBe(409);
  });

  it("resolved by a later passing run, the finding's past-due action shows 'awaiting verification', never 'overdue'", async () => {
    t.clock.set("2026-11-03T00:00:00Z");
    const run2 = await run();
    await answerManualQuestion({ ctx: testCtx(t.database.db, t.clock.now(), auditorA), input: { runId: run2, ruleId: "MAN-ROLES", data: { answer: "conformant" } } });
    const f = await finding();
    expect(f).toMatchObject({ status: "resolved_pending_verification", resolved_run_id: run2 });
    expect(f.actions[0]).toMatchObject({ due_date: "2026-10-15", status: "open", overdue: false, awaiting_verification: true });
    const { cookie } = await t.session("viewer");
    const html = await (await t.app.request(`/findings?finding=${findingId}`, { headers: { accept: "text/html", cookie } })).text();
    const card = html.slice(html.indexOf(`id="finding-${findingId}"`), html.indexOf("</article>", html.indexOf(`id="finding-${findingId}"`)));
    expect(card).toContain("Resolved, awaiting verification");
    expect(card).toContain('<span class="badge badge-pending">awaiting verification</span>');
    expect(card).not.toContain("badge-fail");
    expect(card).not.toContain('class="action overdue"');
    const overview = await (await t.app.request("/", { headers: { accept: "text/html", cookie } })).text();
    expect(overview).toContain("Overdue actions (0)");
    expect((await (await t.request("/api/v1/findings?overdue=1", { role: "viewer" })).json()).total).toBe(0);
  });

  it("needs a later run: the run that raised the finding cannot verify it", async () => {
    expect((await t.request(`/api/v1/actions/${actionId}`, { ...patch({ status: "done" }), role: "auditor" })).status).toBe(200);
    const res = await t.request(`/api/v1/findings/${findingId}/close`, { ...jsonBody({ root_cause: "roles were never written down", verified_by_run_id: run1 }), role: "auditor" });
    expect(res.status).toBe(400);
    expect((await res.json()).issues.map((i: { path: string }) => i.path)).toEqual(["verified_by_run_id"]);
  });

  it("is refused when the auditor who answered nonconformant answered conformant without a note", async () => {
    const { resolved_run_id: run2 } = await finding();
    const res = await t.request(`/api/v1/findings/${findingId}/close`, { ...jsonBody({ root_cause: "roles were never written down", verified_by_run_id: run2 }), role: "auditor" });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.issues).toEqual([{ path: "verified_by_run_id", message: "the same auditor changed the answer without a note; add a note to the answer or choose another run" }]);
    expect((await finding()).status).toBe("resolved_pending_verification");
    // the page's close form says why, in the reader's language
    const auditor = await t.session("auditor");
    const form = (lang: string) =>
      t.app.request(`/findings/${findingId}/close`, {
        method: "POST",
        body: new URLSearchParams({ _csrf: auditor.csrf, root_cause: "roles were never written down", verified_by_run_id: String(run2) }),
        headers: { cookie: auditor.cookie, accept: "text/html", "accept-language": lang },
      });
    const en = await form("en");
    expect(en.status).toBe(422);
    const html = await en.text();
    expect(html).toContain("answered &quot;conformant&quot; in that run without a note");
    expect(html).toContain(`id="close-${findingId}"`);
    expect(await (await form("zh-CN")).text()).toContain("改答“符合”却未填写说明");
  });

  it("records the root cause and the verifying run, verifies the action with it, and writes both to the trail", async () => {
    const { resolved_run_id: run2 } = await finding();
    await answerManualQuestion({ ctx: testCtx(t.database.db, t.clock.now(), auditorA), input: { runId: run2, ruleId: "MAN-ROLES", data: { answer: "conformant", note: "roles document v1 published on the intranet" } } });
    const short = await t.request(`/api/v1/findings/${findingId}/close`, { ...jsonBody({ root_cause: "none", verified_by_run_id: run2 }), role: "auditor" });
    expect(short.status).toBe(400);
    expect((await short.json()).issues.map((i: { path: string }) => i.path)).toEqual(["root_cause"]);
    expect((await t.request(`/api/v1/findings/${findingId}/close`, { ...jsonBody({ root_cause: "roles were never written down", verified_by_run_id: run2 }), role: "manager" })).status).toBe(403);
    const ok = await t.request(`/api/v1/findings/${findingId}/close`, { ...jsonBody({ root_cause: "roles were never written down", verified_by_run_id: run2 }), role: "auditor" });
    expect(ok.status).toBe(200);
    const f = await finding();
    expect(f).toMatchObject({ status: "closed", closure: { root_cause: "roles were never written down", verified_by_run_id: run2, closed_by: "token:test-auditor" } });
    expect(f.actions[0]).toMatchObject({ status: "verified", verified_run_id: run2, awaiting_verification: false });
    const closing = (await trail("finding", findingId)).filter((e) => e.action === "finding.close");
    expect(closing.map((e) => JSON.parse(e.after!))).toEqual([{ status: "closed", root_cause: "roles were never written down", verified_by_run_id: run2 }]);
    const { cookie } = await t.session("viewer");
    const html = await (await t.app.request(`/findings?finding=${findingId}`, { headers: { accept: "text/html", cookie } })).text();
    expect(html).toContain(`verified by run #${run2}`);
    expect(html).toContain("Root cause: roles were never written down");
  });
});
