// PDF reports of runs: download a stored version, list the versions with their SHA-256, sign a run off.
import { Hono, type Context } from "hono";
import { reportForDownload, runReportVersions, type ReportVersion } from "../../../reports/store.js";
import { reopenRun, signOffRun, type Signoff } from "../../../reports/signoff.js";
import { jsonInput } from "./request-input.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../env.js";
import { reportLocales, type ReportLocale } from "../../db/schema.js";

const iso = (ms: number) => new Date(ms).toISOString();

export function parseRunId(c: Context<AppEnv>): number {
  const raw = c.req.param("id") ?? "";
  const id = Number(raw);
  if (!/^[1-9]\d{0,15}$/.test(raw) || !Number.isSafeInteger(id)) throw AppError.notFound(`run ${raw}`);
  return id;
}

function parseVersion(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw AppError.invalid("version must be a positive integer", [{ path: "version", message: "not a positive integer" }]);
  return Number(raw);
}

/** `?lang=`: the language of the report to download (en, zh-CN or bilingual); absent = the plan's report language. */
export function parseReportLocale(raw: string | undefined): ReportLocale | undefined {
  if (raw === undefined) return undefined;
  if (!(reportLocales as readonly string[]).includes(raw)) {
    throw AppError.invalid(`lang must be one of ${reportLocales.join(", ")}`, [{ path: "lang", message: `not one of ${reportLocales.join(", ")}` }]);
  }
  return raw as ReportLocale;
}

/** The Content-Language of a version: a bilingual report is in both. */
const contentLanguage = (locale: ReportLocale) => (locale === "bilingual" ? "zh-CN, en" : locale);

export const reportUrl = (runId: number, version?: number) => `/api/v1/runs/${runId}/report.pdf${version ? `?version=${version}` : ""}`;

function versionJson(v: ReportVersion) {
  return { version: v.version, locale: v.locale, sha256: v.sha256, size: v.size, signoff_id: v.signoffId, created_at: iso(v.createdAt), url: reportUrl(v.runId, v.version) };
}

function signoffJson(s: Signoff) {
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

export function reportRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/runs/:id/report.pdf", requires("reports.download"), async (c) => {
    const { database, clock } = c.get("deps");
    const runId = parseRunId(c);
    const version = parseVersion(c.req.query("version"));
    const locale = parseReportLocale(c.req.query("lang"));
    const report = await reportForDownload(database, runId, clock.now(), version, locale);
    // a version is one language: asking for another language of it names no stored version
    if (version !== undefined && locale !== undefined && report.locale !== locale) throw AppError.notFound(`version ${version} of the report of run ${runId} in ${locale}`);
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
  });

  app.get("/runs/:id/reports", requires("read"), async (c) => {
    const runId = parseRunId(c);
    const versions = await runReportVersions(c.get("deps").database.db, runId);
    return c.json({ run_id: runId, versions: versions.map(versionJson) });
  });

  app.post("/runs/:id/signoff", requires("runs.signoff"), async (c) => {
    const { database, clock } = c.get("deps");
    const principal = currentPrincipal(c);
    const runId = parseRunId(c);
    const { signoff, report } = await signOffRun(database, clock.now(), runId, principal, await jsonInput(c));
    return c.json({ signoff: signoffJson(signoff), report: versionJson(report) }, 201);
  });

  app.post("/runs/:id/reopen", requires("runs.reopen"), async (c) => {
    const { database, clock } = c.get("deps");
    const runId = parseRunId(c);
    const { signoff, report } = await reopenRun(database, clock.now(), runId, currentPrincipal(c), await jsonInput(c));
    return c.json({ signoff: signoffJson(signoff), report: versionJson(report) });
  });

  return app;
}
