// Report languages over HTTP: the plan's report_locale (validated, in the trail, in the plan JSON), ?lang= on the
// download, and one stored, hashed version per state and language.
import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrail, reports } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { pdfText, saveArtifact } from "./pdf-tools.js";
import { deferOpenQuestions, seedCompletedRun, type SeededRun } from "./seed.js";

let t: TestApp;
let seeded: SeededRun;
const sha = (bytes: ArrayBuffer) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");
const pdfUrl = (query = "") => `/api/v1/runs/${seeded.runId}/report.pdf${query}`;
const download = (query = "") => t.request(pdfUrl(query), { role: "compliance_officer" });
const patchPlan = (body: unknown) =>
  t.request(`/api/v1/plans/${seeded.planId}`, { method: "PATCH", body: JSON.stringify(body), headers: { "content-type": "application/json" }, role: "auditor" });
const stored = () => t.database.db.select({ version: reports.version, locale: reports.locale, sha256: reports.sha256, signoffId: reports.signoffId }).from(reports).where(eq(reports.runId, seeded.runId)).orderBy(reports.version);

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-20T09:30:00Z" });
  seeded = await seedCompletedRun(t.database);
});
afterAll(() => t.close());

describe("?lang= on the download", () => {
  it("refuses a language it does not know, naming lang", async () => {
    const res = await download("?lang=xx");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe("invalid");
    expect(body.issues.map((i: { path: string }) => i.path)).toContain("lang");
    expect(await stored()).toHaveLength(0);
  });

  it("stores each language of a state as its own version; a second download in a language is byte-identical", async () => {
    const zh1 = await download("?lang=zh-CN");
    expect(zh1.status).toBe(200);
    expect(zh1.headers.get("x-report-locale")).toBe("zh-CN");
    expect(zh1.headers.get("content-language")).toBe("zh-CN");
    expect(zh1.headers.get("content-disposition")).toBe(`attachment; filename="assay-run-${seeded.runId}-report-v1-zh-CN.pdf"`);
    const zhBytes = await zh1.arrayBuffer();
    expect(pdfText(saveArtifact("download-zh-CN.pdf", new Uint8Array(zhBytes)))).toContain("审核报告");

    const en = await download("?lang=en");
    expect(en.headers.get("x-report-version")).toBe("2");
    expect(en.headers.get("x-report-locale")).toBe("en");
    const enBytes = await en.arrayBuffer();
    expect(sha(enBytes)).not.toBe(sha(zhBytes));

    const zh2 = await download("?lang=zh-CN");
    expect(zh2.headers.get("x-report-version")).toBe("1");
    expect(Buffer.from(await zh2.arrayBuffer()).equals(Buffer.from(zhBytes))).toBe(true);

    expect((await stored()).map((v) => [v.version, v.locale])).toEqual([
      [1, "zh-CN"],
      [2, "en"],
    ]);
    const listed = await (await t.request(`/api/v1/runs/${seeded.runId}/reports`, { role: "viewer" })).json();
    expect(listed.versions.map((v: { version: number; locale: string }) => [v.version, v.locale])).toEqual([
      [1, "zh-CN"],
      [2, "en"],
    ]);
  });

  it("serves a stored version by number, and 404 for that number in another language", async () => {
    expect((await download("?version=1")).headers.get("x-report-locale")).toBe("zh-CN");
    expect((await download("?version=1&lang=en")).status).toBe(404);
  });
});

describe("the plan's report_locale", () => {
  it("is en by default, validated, returned in the plan JSON and recorded in the trail", async () => {
    const plan = await (await t.request(`/api/v1/plans/${seeded.planId}`, { role: "viewer" })).json();
    expect(plan.report_locale).toBe("en");

    const bad = await patchPlan({ report_locale: "fr" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues.map((i: { path: string }) => i.path)).toContain("report_locale");

    const ok = await patchPlan({ report_locale: "bilingual" });
    expect(ok.status).toBe(200);
    expect((await ok.json()).report_locale).toBe("bilingual");
    const [entry] = await t.database.db.select().from(auditTrail).where(and(eq(auditTrail.action, "plan.update"), eq(auditTrail.entityId, String(seeded.planId)))).orderBy(desc(auditTrail.id)).limit(1);
    expect(JSON.stringify(entry)).toContain("bilingual");
  });

  it("decides a download's language when ?lang= is absent", async () => {
    const res = await download();
    expect(res.headers.get("x-report-locale")).toBe("bilingual");
    expect(res.headers.get("content-language")).toBe("zh-CN, en");
    const text = pdfText(saveArtifact("download-bilingual.pdf", new Uint8Array(await res.arrayBuffer())));
    expect(text).toContain("审核报告 Audit report");
  });

  it("is the language a sign-off stores its version in", async () => {
    await patchPlan({ report_locale: "zh-CN" });
    await deferOpenQuestions(t, seeded.runId);
    const { cookie, csrf } = await t.session("compliance_officer", { name: "李娜" });
    const res = await t.app.request(`/api/v1/runs/${seeded.runId}/signoff`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
      body: JSON.stringify({ comment: "已审阅" }),
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.report.locale).toBe("zh-CN");
    const versions = await stored();
    const latest = versions.at(-1)!;
    expect(latest.locale).toBe("zh-CN");
    expect(latest.signoffId).not.toBeNull();
    // the English version of the signed state is made on its first download
    expect(versions.filter((v) => v.signoffId !== null)).toHaveLength(1);
    const en = await download("?lang=en");
    expect(en.headers.get("x-report-version")).toBe(String(latest.version + 1));
    expect(pdfText(saveArtifact("download-signed-en.pdf", new Uint8Array(await en.arrayBuffer())))).toContain("Signed off by");
  });
});
