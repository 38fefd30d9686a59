// Evidence attachments of manual questions on the run page: an auditor attaches a file (multipart with the CSRF
// token, size-limited), readers see its size and SHA-256 and download it, always as a download, never inline.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun, thisWorker } from "../../audits/runs.js";
import { attachments, type Role } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { seedDataSet } from "./seed.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;
const sessions = new Map<Role, { cookie: string; csrf: string; email: string }>();
let runId = 0;
const limit = 1024;
beforeAll(async () => {
  t = await buildTestApp({ config: { maxAttachmentBytes: limit } });
  await seedDataSet(t.database.db, t.clock.now());
  for (const role of ["viewer", "manager", "auditor", "compliance_officer"] as const) sessions.set(role, await t.session(role));
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: {
    name: "October support audit",
    rulebook: "iso20000-support",
    rules: ["INC-RESOLVE-URGENT", "MAN-ROLES"],
    thresholds: {},
    services: null,
    period: { type: "custom", start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" },
    schedule: null,
    timezone: "UTC",
    owner: null,
  } });
  const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
  await executeRun(t.database, t.clock, run.id, thisWorker());
  runId = run.id;
});
afterAll(() => t.close());

const uploadPath = (rule = "MAN-ROLES") => `/runs/${runId}/answers/${rule}/attachments`;

function upload(role: Role, file: { name: string; type: string; content: string | Uint8Array<ArrayBuffer> } | null, opts: { htmx?: boolean; csrf?: boolean; path?: string } = {}) {
  const { cookie, csrf } = sessions.get(role)!;
  const form = new FormData();
  if (opts.csrf !== false) form.set("_csrf", csrf);
  if (file) form.set("file", new File([file.content], file.name, { type: file.type }));
  const headers: Record<string, string> = { cookie, accept: "text/html" };
  if (opts.htmx !== false) headers["hx-request"] = "true";
  return t.app.request(opts.path ?? uploadPath(), { method: "POST", headers, body: form });
}
const get = (path: string, role?: Role) => t.app.request(path, { headers: { accept: "text/html", ...(role ? { cookie: sessions.get(role)!.cookie } : {}) } });
const stored = async () => (await t.database.db.select({ id: attachments.id }).from(attachments)).length;

const evidence = "Org chart v3, signed by the service owner.\n";
const sha = createHash("sha256").update(evidence).digest("hex");
let attachmentId = 0;

describe("attaching evidence", () => {
  it("shows the upload form on manual questions to auditors only, with the size limit", async () => {
    const auditor = await (await get(`/runs/${runId}`, "auditor")).text();
    expect(auditor).toContain('<div class="attachments" id="attachments-MAN-ROLES">');
    expect(auditor).toContain("No evidence attached.");
    expect(auditor).toContain(`enctype="multipart/form-data" hx-post="${uploadPath()}" hx-encoding="multipart/form-data"`);
    expect(auditor).toContain("File (at most 1.0 KB)");
    // measured rules take no attachments
    expect(auditor).not.toContain('id="attachments-INC-RESOLVE-URGENT"');
    for (const role of ["viewer", "manager", "compliance_officer"] as const) {
      const body = await (await get(`/runs/${runId}`, role)).text();
      expect(body).toContain('id="attachments-MAN-ROLES"');
      expect(body).not.toContain('class="attachment-form"');
    }
  });

  it("stores the file and swaps the list with its size, SHA-256 and download link", async () => {
    const res = await upload("auditor", { name: "org chart.txt", type: "text/plain", content: evidence });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body.startsWith('<div class="attachments" id="attachments-MAN-ROLES">')).toBe(true);
    expect(body).toContain("Attached org chart.txt.");
    attachmentId = Number(/id="attachment-(\d+)"/.exec(body)![1]);
    expect(body).toContain(`<a href="/runs/${runId}/attachments/${attachmentId}" download="org chart.txt">org chart.txt</a>`);
    expect(body).toContain(`${evidence.length} bytes · ${sessions.get("auditor")!.email}, 24 Nov 2026, 12:00`);
    expect(body).toContain(`sha256 ${sha}`);
    expect(await stored()).toBe(1);
    // readers see it on the run page
    const page = await (await get(`/runs/${runId}`, "viewer")).text();
    expect(page).toContain(`sha256 ${sha}`);
    expect(page).toContain(`href="/runs/${runId}/attachments/${attachmentId}"`);
  });

  it("sends a plain form post back to the run page", async () => {
    const res = await upload("auditor", { name: "minutes.pdf", type: "application/pdf", content: "%PDF-1.4 minutes" }, { htmx: false });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/runs/${runId}#attachments-MAN-ROLES`);
    expect(await stored()).toBe(2);
  });

  it("refuses a file over the limit with a clear message, storing nothing", async () => {
    const res = await upload("auditor", { name: "scan.png", type: "image/png", content: new Uint8Array(limit + 1) });
    expect(res.status).toBe(413);
    const body = await res.text();
    expect(body.startsWith('<div class="attachments" id="attachments-MAN-ROLES">')).toBe(true);
    expect(body).toContain("The file is larger than the limit of 1.0 KB. Attach a smaller file (compress it, or split it).");
    expect(await stored()).toBe(2);
  });

  it("refuses a body far over the limit before reading it", async () => {
    const res = await upload("auditor", { name: "video.mp4", type: "video/mp4", content: new Uint8Array(limit + 70 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("larger than the limit of 1.0 KB");
    // without htmx it is the error page, with the same message
    const plain = await upload("auditor", { name: "video.mp4", type: "video/mp4", content: new Uint8Array(limit + 70 * 1024) }, { htmx: false });
    expect(plain.status).toBe(413);
    expect(await plain.text()).toContain("413 · The file is larger than the limit of 1.0 KB.");
    expect(await stored()).toBe(2);
  });

  it("asks for a file when none or an empty one was sent", async () => {
    const none = await upload("auditor", null);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Choose a file to attach.");
    const empty = await upload("auditor", { name: "empty.txt", type: "text/plain", content: "" });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("The file is empty.");
    const measured = await upload("auditor", { name: "x.txt", type: "text/plain", content: "x" }, { path: uploadPath("INC-RESOLVE-URGENT") });
    expect(measured.status).toBe(422);
    expect(await measured.text()).toContain("not a manual question");
    expect(await stored()).toBe(2);
  });

  it("answers the API and the page alike: no file and an empty file are refused naming the field `file`", async () => {
    const api = async (file: File | null) => {
      const form = new FormData();
      if (file) form.set("file", file);
      const res = await t.request(`/api/v1/runs/${runId}/answers/MAN-ROLES/attachments`, { method: "POST", body: form, role: "auditor" });
      return { status: res.status, body: (await res.json()) as { error: string; issues: { path: string; message: string }[] } };
    };
    // a browser's file input with nothing chosen sends a part with no name and no bytes: that is no file, not an empty one
    for (const none of [null, new File([], "", { type: "application/octet-stream" })]) {
      expect(await api(none)).toMatchObject({ status: 400, body: { error: "invalid", issues: [{ path: "file", message: "required: choose a file to attach" }] } });
    }
    const blank = await upload("auditor", { name: "", type: "application/octet-stream", content: "" });
    expect(blank.status).toBe(422);
    expect(await blank.text()).toContain("Choose a file to attach.");
    expect(await api(new File([], "empty.txt", { type: "text/plain" }))).toMatchObject({ status: 400, body: { error: "invalid", issues: [{ path: "file", message: "the file is empty (0 bytes)" }] } });
    const empty = await upload("auditor", { name: "empty.txt", type: "text/plain", content: "" });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("The file is empty.");
    expect(await stored()).toBe(2);
  });

  it("refuses roles without manual.answer, and a post without the CSRF token", async () => {
    for (const role of ["viewer", "manager", "compliance_officer"] as const) {
      expect((await upload(role, { name: "x.txt", type: "text/plain", content: "x" })).status).toBe(403);
    }
    const res = await upload("auditor", { name: "x.txt", type: "text/plain", content: "x" }, { csrf: false, htmx: false });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("missing or wrong CSRF token");
    expect(await stored()).toBe(2);
  });

  it("keeps the attachments when the question is answered", async () => {
    const { cookie, csrf } = sessions.get("auditor")!;
    const res = await t.app.request(`/runs/${runId}/answers/MAN-ROLES`, {
      method: "POST",
      headers: { cookie, accept: "text/html", "hx-request": "true", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, answer: "conformant" }),
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("Answered conformant");
    expect(body).toContain(`sha256 ${sha}`);
  });
});

describe("downloading evidence", () => {
  it("serves the bytes as a download with nosniff, whatever the declared type", async () => {
    const res = await get(`/runs/${runId}/attachments/${attachmentId}`, "viewer");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''org%20chart.txt");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toBe(evidence);

    const html = await upload("auditor", { name: "page.html", type: "text/html", content: "<script>alert(1)</script>" });
    const id = Number(/id="attachment-(\d+)"><a [^>]*download="page\.html"/.exec(await html.text())![1]);
    const served = await get(`/runs/${runId}/attachments/${id}`, "viewer");
    expect(served.headers.get("content-type")).toBe("application/octet-stream");
    expect(served.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''page.html");
  });

  it("sends a browser without a session to sign in, and answers 404 for another run's attachment", async () => {
    const res = await get(`/runs/${runId}/attachments/${attachmentId}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/runs/${runId}/attachments/${attachmentId}`)}`);
    expect((await get(`/runs/${runId + 1}/attachments/${attachmentId}`, "viewer")).status).toBe(404);
    expect((await get(`/runs/${runId}/attachments/abc`, "viewer")).status).toBe(404);
  });
});
