// /runs and /runs/:id: results grouped by clause, evidence drill-down (paged), manual questions answered inline, findings, the report panel.
import { Hono, type Context } from "hono";
import { answerManualQuestion } from "../../../../audits/manual-answers.js";
import { getRulebook } from "../../../../audits/rulebooks/index.js";
import { findRun, getRunDetail, listRuns, type PlanSnapshot } from "../../../../audits/runs.js";
import { EvidencePanel, ManualQuestion, RunPage, RunProgress, RunsPage, type RunDetailView } from "../../../../views/runs.js";
import { currentPrincipal, requires } from "../../../auth/sessions.js";
import { AppError } from "../../../errors.js";
import type { AppEnv } from "../../../env.js";
import { idParam } from "../../api/request-input.js";
import { wantsPartial } from "../htmx.js";
import { answersOfRun, evidencePage, findingsOfRun } from "./queries.js";

type Ctx = Context<AppEnv>;

async function runView(c: Ctx, id: number): Promise<RunDetailView> {
  const db = c.get("deps").database.db;
  const [run, detail, answers, findings] = await Promise.all([findRun(db, id), getRunDetail(db, id), answersOfRun(db, id), findingsOfRun(db, id)]);
  const snapshot = run.planSnapshot as unknown as PlanSnapshot;
  return { run: detail, rules: getRulebook(snapshot.rulebook).rules, answers, findings };
}

const pageParam = (c: Ctx) => {
  const n = Number(c.req.query("page") ?? "1");
  return Number.isInteger(n) && n >= 1 ? n : 1;
};

export function runPages() {
  const app = new Hono<AppEnv>();
  app.get("/runs", requires("read"), async (c) => {
    const raw = c.req.query("plan_id");
    const planId = raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
    return c.html(<RunsPage principal={currentPrincipal(c)} runs={await listRuns(c.get("deps").database.db, { planId, limit: 200 })} />);
  });
  app.get("/runs/:id", requires("read"), async (c) => {
    const view = await runView(c, idParam(c, "id", "run"));
    return c.html(<RunPage principal={currentPrincipal(c)} {...view} />);
  });
  // polled while a run is queued or running; once it has finished the page reloads to show the results
  app.get("/runs/:id/progress", requires("read"), async (c) => {
    const run = await findRun(c.get("deps").database.db, idParam(c, "id", "run"));
    if (run.status !== "queued" && run.status !== "running") c.header("HX-Refresh", "true");
    return c.html(<RunProgress runId={run.id} status={run.status} />);
  });
  app.get("/runs/:id/evidence/:ruleId", requires("read"), async (c) => {
    const id = idParam(c, "id", "run");
    const ruleId = c.req.param("ruleId");
    const page = pageParam(c);
    const evidence = await evidencePage(c.get("deps").database.db, id, ruleId, page);
    if (evidence.total === 0) await findRun(c.get("deps").database.db, id);
    const panel = <EvidencePanel runId={id} ruleId={ruleId} page={page} {...evidence} />;
    if (wantsPartial(c)) return c.html(panel);
    const view = await runView(c, id);
    return c.html(<RunPage principal={currentPrincipal(c)} {...view} openEvidence={{ ruleId, panel }} />);
  });
  app.post("/runs/:id/answers/:ruleId", requires("manual.answer"), async (c) => {
    const { database, clock } = c.get("deps");
    const id = idParam(c, "id", "run");
    const ruleId = c.req.param("ruleId");
    const body = await c.req.parseBody();
    const input = { answer: body.answer, note: typeof body.note === "string" && body.note.trim() ? body.note : null };
    let issues: { path: string; message: string }[] = [];
    try {
      await answerManualQuestion(database.db, clock.now(), currentPrincipal(c).actor, id, ruleId, input);
    } catch (e) {
      if (!(e instanceof AppError && e.status === 400)) throw e;
      issues = e.issues.length ? e.issues : [{ path: "", message: e.message }];
    }
    if (!wantsPartial(c) && issues.length === 0) return c.redirect(`/runs/${id}#result-${ruleId}`, 303);
    const view = await runView(c, id);
    const result = view.run.results?.find((r) => r.rule_id === ruleId);
    const rule = view.rules.find((r) => r.id === ruleId);
    if (!result || !rule) throw AppError.notFound(`rule ${ruleId} in run ${id}`);
    const props = { principal: currentPrincipal(c), runId: id, runStatus: view.run.status, rule, result, answer: view.answers.get(ruleId), issues, draft: issues.length ? { answer: String(body.answer ?? ""), note: String(body.note ?? "") } : undefined };
    if (wantsPartial(c)) return c.html(<ManualQuestion {...props} />, issues.length ? 422 : 200);
    return c.html(<RunPage principal={currentPrincipal(c)} {...view} />, 422);
  });
  return app;
}
