// GET /reports (the reports list), GET /runs/:id/report-panel (the run page's report partial) and
// POST /runs/:id/signoff (the panel's sign-off form; answers the panel again).
import { Hono, type Context } from "hono";
import { listReportRuns, reportPanelData } from "../../../reports/listing.js";
import { reopenRun, separationOfDutiesConflict, signOffRun } from "../../../reports/signoff.js";
import { RunReportPanel } from "../../../views/components/run-report-panel.js";
import { ReportsPage } from "../../../views/reports.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import { contextOf } from "../../context.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../env.js";
import { parseRunId } from "../api/reports.js";
import { pageParam } from "../api/request-input.js";
import { wantsPartial } from "./htmx.js";
import { readForm } from "../../request-body.js";
import { dutyText, pageIssues, panelFields } from "./form-issues.js";

const pageSize = 20;

type PanelForm = { values: { comment?: string; reason?: string }; issues: AppError["issues"] };

async function renderPanel(c: Context<AppEnv>, runId: number, form?: PanelForm, status: 200 | 403 | 409 | 422 = 200) {
  const { database } = c.get("deps");
  const data = await reportPanelData(database.db, runId);
  if (!data) throw AppError.notFound(`run ${runId}`);
  const principal = currentPrincipal(c);
  const conflict = data.status === "completed" && !data.signoff ? await separationOfDutiesConflict(database.db, runId, contextOf(c).actor) : null;
  const duty = conflict === null ? null : dutyText(conflict);
  return c.html(<RunReportPanel principal={principal} runId={runId} data={data} dutyConflict={duty} form={form} />, status);
}

/** A refusal the panel shows beside its form (validation, a lock, a missing answer, separation of duties). */
function panelRefusal(err: unknown): { issues: AppError["issues"]; status: 403 | 409 | 422 } | null {
  if (!(err instanceof AppError) || ![400, 403, 409].includes(err.status)) return null;
  const issues = pageIssues(err, panelFields);
  return { issues, status: err.status === 400 ? 422 : (err.status as 403 | 409) };
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
    const runId = parseRunId(c);
    const body = await readForm(c);
    const values = { comment: typeof body.comment === "string" ? body.comment : "" };
    try {
      await signOffRun({ ctx: contextOf(c), input: { runId, data: values } });
    } catch (err) {
      const refusal = panelRefusal(err);
      if (!refusal) throw err;
      return renderPanel(c, runId, { values, issues: refusal.issues }, refusal.status);
    }
    // the run is locked now: the rest of the page (answer forms, facts) follows the panel
    c.header("HX-Trigger", "run-changed, run-locked");
    if (wantsPartial(c)) return renderPanel(c, runId);
    return c.redirect(`/runs/${runId}`, 303);
  });

  app.post("/runs/:id/reopen", requires("runs.reopen"), async (c) => {
    const runId = parseRunId(c);
    const body = await readForm(c);
    const values = { reason: typeof body.reason === "string" ? body.reason : "" };
    try {
      await reopenRun({ ctx: contextOf(c), input: { runId, data: values } });
    } catch (err) {
      const refusal = panelRefusal(err);
      if (!refusal) throw err;
      return renderPanel(c, runId, { values, issues: refusal.issues }, refusal.status);
    }
    c.header("HX-Trigger", "run-changed, run-locked");
    if (wantsPartial(c)) return renderPanel(c, runId);
    return c.redirect(`/runs/${runId}`, 303);
  });

  return app;
}
