// Hashes printed in the PDF report can be copied out of it exactly: pdftotext gives back the run's data fingerprint
// and every attachment's SHA-256 whole, with no invisible break character inside and nothing cut off.
import { execFileSync } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { createRun } from "../../audits/runs.js";
import { renderReportBytes } from "../../reports/store.js";
import { attachments, runs } from "../../server/db/schema.js";
import { runAndReport } from "../../audits/start-run.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { pdfText, saveArtifact } from "./pdf-tools.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;
let runId: number;
let dataHash: string;
let fileHashes: string[];
let layoutText: string;
let plainText: string;

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-05T03:00:00Z" });
  const tickets = Array.from({ length: 30 }, (_, i) => ticket(i + 1, { opened_at: new Date(Date.parse("2026-10-02T00:00:00Z") + i * 3_600_000).toISOString() }));
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" })).status).toBe(200);
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "auditor@example.test"), input: { name: "Hash check", rulebook: "iso20000-support", period: { type: "previous_month" } } });
  runId = (await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "auditor@example.test"), input: { planId: plan.id, trigger: "manual" } })).id;
  expect(await runAndReport(t.database, t.clock, runId, "test:1")).toEqual({ runId, status: "completed" });

  const answer = await t.request(`/api/v1/runs/${runId}/answers/MAN-CATALOGUE`, { ...jsonBody({ answer: "conformant", note: "catalogue reviewed" }), method: "PUT", role: "auditor" });
  expect(answer.status).toBe(200);
  for (const [name, content] of [
    ["catalogue.txt", "the service catalogue, reviewed"],
    ["minutes.txt", "minutes of the review meeting"],
  ]) {
    const form = new FormData();
    form.set("file", new File([content], name, { type: "text/plain" }));
    const res = await t.request(`/api/v1/runs/${runId}/answers/MAN-CATALOGUE/attachments`, { method: "POST", body: form, role: "auditor" });
    expect(res.status).toBe(201);
  }

  const [run] = await t.database.db.select({ dataHash: runs.dataHash }).from(runs).where(eq(runs.id, runId));
  dataHash = run.dataHash!;
  fileHashes = (await t.database.db.select({ sha256: attachments.sha256 }).from(attachments).where(eq(attachments.runId, runId))).map((a) => a.sha256);
  const path = saveArtifact("copyable-hashes.pdf", await renderReportBytes(t.database.db, runId));
  layoutText = pdfText(path);
  plainText = execFileSync("pdftotext", ["-enc", "UTF-8", path, "-"], { encoding: "utf8" });
});
afterAll(() => t.close());

/** Every run of 16 or more hex digits in the text: what a reader would select and copy as a hash. */
const hexRuns = (text: string) => text.match(/[0-9a-f]{16,}/g) ?? [];

describe("hashes in the PDF report", () => {
  it("are real SHA-256 values of the run and its attachments", () => {
    expect(dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(fileHashes).toHaveLength(2);
    for (const h of fileHashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
  });

  it("copy out whole: pdftotext gives back exactly the data fingerprint and each attachment's SHA-256", () => {
    for (const text of [layoutText, plainText]) {
      expect(new Set(hexRuns(text))).toEqual(new Set([dataHash, ...fileHashes]));
    }
  });

  it("print the data fingerprint on the cover, on one line beside its label", () => {
    const cover = layoutText.slice(0, layoutText.indexOf("1. Executive summary"));
    expect(cover).toMatch(new RegExp(`Data fingerprint\\s+${dataHash}\\n`));
  });

  it("hold no invisible or replacement characters that a copy would carry along", () => {
    for (const text of [layoutText, plainText]) expect(text).not.toMatch(/[\u200b\u00ad\ufffd]/);
  });
});
