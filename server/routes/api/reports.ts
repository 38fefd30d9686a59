// PDF reports of runs: download a stored version, list the versions with their SHA-256, sign a run off.
import type { Context } from "hono";
import { reportForDownload, runReportVersions, type ReportVersion } from "../../../reports/store.js";
import { reopenRun, signOffRun, type Signoff } from "../../../reports/signoff.js";
import { jsonInput } from "../request-body.js";
import { contextOf } from "../../context.js";
import { reopenInputSchema, reportDownloadQuery, reportVersionsSchema, signoffInputSchema, signoffResultSchema, type ReportVersionJson, type SignoffJson } from "../../contract/index.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../deps.js";
import { endpoint } from "./endpoint.js";
import type { ReportLocale } from "../../db/schema.js";

const iso = (ms: number) => new Date(ms).toISOString();

export function parseRunId(c: Context<AppEnv>): number {
  const raw = c.req.param("id") ?? "";
  const id = Number(raw);
  if (!/^[1-9]\d{0,15}$/.test(raw) || !Number.isSafeInteger(id)) throw AppError.notFound(`run ${raw}`);
  return id;
}

/** The Content-Language of a version: a bilingual report is in both. */
const contentLanguage = (locale: ReportLocale) => (locale === "bilingual" ? "zh-CN, en" : locale);

export const reportUrl = (runId: number, version?: number) => `/api/v1/runs/${runId}/report.pdf${version ? `?version=${version}` : ""}`;

function versionJson(v: ReportVersion): ReportVersionJson {
  return { version: v.version, locale: v.locale, sha256: v.sha256, size: v.size, signoff_id: v.signoffId, created_at: iso(v.createdAt), url: reportUrl(v.runId, v.version) };
}

function signoffJson(s: Signoff): SignoffJson {
  return {
    id: s.id,
    run_id: s.runId,
    name: s.name,
    comment: s.comment,
    signed_at: iso(s.signedAt),
    voided: s.voidedAt !== null,
    voided_at: s.voidedAt === null ? null : iso(s.voidedAt),
    voided_by: s.voidedBy,
    void_reason: s.voidReason,
  };
}

const params = { id: "the run id" };
const noRun = { 404: { description: "no such run" } };

export const reportEndpoints = [
  endpoint(
    {
      method: "get",
      path: "/runs/:id/report.pdf",
      summary: "The PDF report (compliance officers); ETag is its SHA-256",
      permission: "reports.download",
      params,
      query: reportDownloadQuery,
      responses: {
        200: { description: "the report", content: { "application/pdf": { description: "the PDF; X-Report-SHA256, X-Report-Version and X-Report-Locale name it" } } },
        304: { description: "If-None-Match names this version" },
        404: { description: "no such run or version" },
        409: { description: "the run has not completed" },
      },
    },
    async (c, { query }) => {
      const { database, clock } = c.get("deps");
      const runId = parseRunId(c);
      const report = await reportForDownload(database, runId, clock.now(), query.version, query.lang);
      // a version is one language: asking for another language of it names no stored version
      if (query.version !== undefined && query.lang !== undefined && report.locale !== query.lang) throw AppError.notFound(`version ${query.version} of the report of run ${runId} in ${query.lang}`);
      const etag = `"${report.sha256}"`;
      const headers = {
        ETag: etag,
        "X-Report-SHA256": report.sha256,
        "X-Report-Version": String(report.version),
        "X-Report-Locale": report.locale,
        "Content-Language": contentLanguage(report.locale),
        "Cache-Control": "private, no-cache",
      };
      if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
      return c.body(new Uint8Array(report.pdf), 200, {
        ...headers,
        "Content-Type": "application/pdf",
        "Content-Length": String(report.size),
        "Content-Disposition": `attachment; filename="assay-run-${runId}-report-v${report.version}${report.locale === "en" ? "" : `-${report.locale}`}.pdf"`,
      });
    },
  ),
  endpoint(
    {
      method: "get",
      path: "/runs/:id/reports",
      summary: "The stored versions of the run's report with their SHA-256",
      permission: "read",
      params,
      responses: { 200: { description: "versions", json: reportVersionsSchema }, ...noRun },
    },
    async (c) => {
      const runId = parseRunId(c);
      const versions = await runReportVersions(c.get("deps").database.db, runId);
      return c.json({ run_id: runId, versions: versions.map(versionJson) });
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/runs/:id/signoff",
      summary: "Sign off a completed run as the signed-in account (compliance officers); locks the run and stores a new report version",
      permission: "runs.signoff",
      params,
      body: { required: false, content: { "application/json": signoffInputSchema } },
      responses: {
        201: { description: "signed", json: signoffResultSchema },
        ...noRun,
        409: { description: "conflict (not completed, already signed), unanswered (with `rules`) or provisional" },
      },
    },
    async (c) => {
      const runId = parseRunId(c);
      const { signoff, report } = await signOffRun({ ctx: contextOf(c), input: { runId, data: await jsonInput(c) } });
      return c.json({ signoff: signoffJson(signoff), report: versionJson(report) }, 201);
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/runs/:id/reopen",
      summary: "Reopen a signed-off run (compliance officers); voids the sign-off (kept) and stores a new report version",
      permission: "runs.reopen",
      params,
      body: { content: { "application/json": reopenInputSchema } },
      responses: { 200: { description: "reopened", json: signoffResultSchema }, ...noRun, 409: { description: "not signed off" } },
    },
    async (c) => {
      const runId = parseRunId(c);
      const { signoff, report } = await reopenRun({ ctx: contextOf(c), input: { runId, data: await jsonInput(c) } });
      return c.json({ signoff: signoffJson(signoff), report: versionJson(report) });
    },
  ),
];
