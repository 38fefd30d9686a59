// GET /reports (the reports list), GET /runs/:id/report-panel (the run page's report partial) and
// POST /runs/:id/signoff (the panel's sign-off form; answers the panel again).
import { Hono, type Context } from "hono";
import { listReportRuns, reportPanelData } from "../../../reports/listing.js";
import { signOffRun } from "../../../reports/signoff.js";
import { RunReportPanel } from "../../../views/components/run-report-panel.js";
import { ReportsPage } from "../../../views/reports.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../env.js";
import { parseRunId } from "../api/reports.js";
import { pageParam } from "../api/request-input.js";
import { wantsPartial } from "./htmx.js";
import { readForm } from "../../request-body.js";

const pageSize = 20;

async function renderPanel(c: Context<AppEnv>, runId: number, form?: { values: { name?: string; comment?: string }; issues: AppError["issues"] }, status: 200 | 422 = 200) {
  const data = await reportPanelData(c.get("deps").database.db, runId);
  if (!data) throw AppError.notFound(`run ${runId}`);
  return c.html(<RunReportPanel principal={currentPrincipal(c)} runId={runId} status={data.status} timezone={data.timezone} signoff={data.signoff} versions={data.versions} form={form} />, status);
}

export function reportPages() {
  const app = new Hono<AppEnv>();

  app.get("/reports", requires("reports.download"), async (c) => {
    const page = pageParam(c.req.query("page"));
    const { total, items } = await listReportRuns(c.get("deps").database.db, page, pageSize);
    return c.html(<ReportsPage principal={currentPrincipal(c)} page={page} pageSize={pageSize} total={total} items={items} />);
  });

  app.get("/runs/:id/report-panel", requires("read"), (c) => renderPanel(c, parseRunId(c)));

  app.post("/runs/:id/signoff", requires("runs.signoff"), async (c) => {
    const { database, clock } = c.get("deps");
    const principal = currentPrincipal(c);
    const runId = parseRunId(c);
    const body = await readForm(c);
    const values = { name: typeof body.name === "string" ? body.name : "", comment: typeof body.comment === "string" ? body.comment : "" };
    try {
      await signOffRun(database, clock.now(), runId, { actor: principal.actor, userId: principal.kind === "user" ? principal.id : null }, values);
    } catch (err) {
      if (err instanceof AppError && (err.code === "invalid" || err.code === "conflict")) {
        const issues = err.issues.length ? err.issues : [{ path: "", message: err.message }];
        return renderPanel(c, runId, { values, issues }, 422);
      }
      throw err;
    }
    if (wantsPartial(c)) return renderPanel(c, runId);
    return c.redirect(`/runs/${runId}`, 303);
  });

  return app;
}
