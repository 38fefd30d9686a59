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
import type { AppEnv } from "../../deps.js";
import { parseRunId } from "../api/reports.js";
import { pageParam } from "../route-params.js";
import { wantsPartial } from "./htmx.js";
import { readForm } from "../request-body.js";
import { dutyText, panelFields } from "./form-issues.js";
import { submitForm, type FormSubmission } from "./form-submission.js";
import { html, inPresentation } from "./render.js";

const pageSize = 20;

type PanelForm = { values: { comment?: string; reason?: string }; issues: AppError["issues"] };

async function renderPanel(c: Context<AppEnv>, runId: number, form?: PanelForm, status: 200 | 403 | 409 | 422 = 200) {
  const { database } = c.get("deps");
  const data = await reportPanelData(database.db, runId);
  if (!data) throw AppError.notFound(`run ${runId}`);
  const principal = currentPrincipal(c);
  const conflict = data.status === "completed" && !data.signoff ? await separationOfDutiesConflict(database.db, runId, contextOf(c).actor) : null;
  const duty = conflict === null ? null : inPresentation(c, () => dutyText(conflict));
  return html(c, () => <RunReportPanel principal={principal} runId={runId} data={data} dutyConflict={duty} form={form} />, status);
}

/** The panel's form again, with a refusal beside it (validation, a lock, a missing answer, separation of duties). */
const panelForm = (c: Context<AppEnv>, runId: number, values: PanelForm["values"]): FormSubmission => ({
  fields: panelFields,
  refused: [400, 403, 409],
  rerender: ({ issues, status }) => renderPanel(c, runId, { values, issues }, status as 403 | 409 | 422),
});

/** After a sign-off or a reopening: the run is locked or open again, and the rest of the page follows the panel. */
function changed(c: Context<AppEnv>, runId: number) {
  c.header("HX-Trigger", "run-changed, run-locked");
  if (wantsPartial(c)) return renderPanel(c, runId);
  return c.redirect(`/runs/${runId}`, 303);
}

export function reportPages() {
  const app = new Hono<AppEnv>();

  app.get("/reports", requires("reports.download"), async (c) => {
    const page = pageParam(c.req.query("page"));
    const { total, items } = await listReportRuns(c.get("deps").database.db, page, pageSize);
    return html(c, () => <ReportsPage principal={currentPrincipal(c)} page={page} pageSize={pageSize} total={total} items={items} />);
  });

  app.get("/runs/:id/report-panel", requires("read"), (c) => renderPanel(c, parseRunId(c)));

  app.post("/runs/:id/signoff", requires("runs.signoff"), async (c) => {
    const runId = parseRunId(c);
    const body = await readForm(c);
    const values = { comment: typeof body.comment === "string" ? body.comment : "" };
    // the run is locked now: the rest of the page (answer forms, facts) follows the panel
    return submitForm(c, () => signOffRun({ ctx: contextOf(c), input: { runId, data: values } }), panelForm(c, runId, values), () => changed(c, runId));
  });

  app.post("/runs/:id/reopen", requires("runs.reopen"), async (c) => {
    const runId = parseRunId(c);
    const body = await readForm(c);
    const values = { reason: typeof body.reason === "string" ? body.reason : "" };
    return submitForm(c, () => reopenRun({ ctx: contextOf(c), input: { runId, data: values } }), panelForm(c, runId, values), () => changed(c, runId));
  });

  return app;
}
