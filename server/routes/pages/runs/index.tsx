// /runs and /runs/:id: results grouped by clause, evidence drill-down (paged), manual questions answered inline with
// their evidence attachments (uploaded, listed, downloaded), findings, the report panel.
import { Hono, type Context } from "hono";
import { addAttachment, answerManualQuestion, answersOfRun, attachmentRefusals, getAttachment, listAttachments } from "../../../../audits/manual-answers.js";
import { rulebookOfRun } from "../../../../audits/rulebooks/store.js";
import { findRun, getRunDetail, listRuns } from "../../../../audits/runs.js";
import { policyChangedSince, ticketsChangedSince } from "../../../../audits/run-drift.js";
import { activeSignoff } from "../../../../audits/run-state.js";
import { t } from "../../../../server/i18n/index.js";
import { formatBytes } from "../../../../views/format.js";
import { Attachments, EvidencePanel, ManualQuestion, measureOf, resultStatuses, RunPage, RunProgress, RunsPage, type ResultStatus, type RunDetailView } from "../../../../views/runs.js";
import type { AttachmentView } from "../../../../views/types.js";
import { can } from "../../../auth/roles.js";
import { currentPrincipal, requires } from "../../../auth/sessions.js";
import { contextOf } from "../../../context.js";
import { AppError, type Issue } from "../../../errors.js";
import type { AppEnv } from "../../../deps.js";
import { idParam, pageParam, today } from "../../route-params.js";
import { wantsPartial } from "../htmx.js";
import { allEvidence, evidencePage, findingsOfRun } from "./queries.js";
import { evidenceColumns } from "../../../../views/evidence-durations.js";
import { csvDocument, csvRow } from "../../../csv-output.js";
import type { Db } from "../../../db/client.js";
import { readForm } from "../../request-body.js";
import { answerFields, refusalText } from "../form-issues.js";
import { submitForm } from "../form-submission.js";
import { html, inPresentation, textOf } from "../render.js";
import { progressOf } from "../../../../audits/run-progress.js";

type Ctx = Context<AppEnv>;

async function runView(c: Ctx, id: number): Promise<RunDetailView> {
  const { database, config } = c.get("deps");
  const db = database.db;
  const [run, detail, answers, findings, files, signoff] = await Promise.all([findRun(db, id), getRunDetail(db, id, { messageArgs: true }), answersOfRun(db, id), findingsOfRun(db, id), listAttachments(db, id), activeSignoff(db, id)]);
  const attachments = new Map<string, AttachmentView[]>();
  for (const a of files) attachments.set(a.rule_id, [...(attachments.get(a.rule_id) ?? []), a]);
  const [changedSince, policyChanged] = run.status === "completed" ? await Promise.all([ticketsChangedSince(db, run), policyChangedSince(db, run)]) : [0, false];
  return {
    run: detail,
    // the rules as the rulebook version the run recorded declares them
    rules: (await rulebookOfRun(db, run)).rules,
    answers,
    findings,
    attachments,
    maxAttachmentBytes: config.maxAttachmentBytes,
    locked: signoff ? { name: signoff.name, signedAt: signoff.signedAt } : null,
    changedSince,
    policyChanged,
    today: today(c),
  };
}

/** The attachment verb's refusals of the `file` field in the reader's language (the API answers the same in English). */
function attachmentIssue(issue: Issue): Issue {
  if (issue.path === attachmentRefusals.missing.path && issue.message === attachmentRefusals.missing.message) return { path: "file", message: t("attachments.missing") };
  if (issue.path === attachmentRefusals.empty.path && issue.message === attachmentRefusals.empty.message) return { path: "file", message: t("attachments.empty") };
  return issue;
}

/** The rule a run's result was judged by (from the run's own plan snapshot); 404 for a run that does not exist. */
async function ruleOfRun(db: Db, runId: number, ruleId: string) {
  const run = await findRun(db, runId);
  return (await rulebookOfRun(db, run)).rules.find((r) => r.id === ruleId);
}

/** The room a multipart envelope takes around the file (boundaries, part headers, the CSRF field). */
const multipartEnvelope = 64 * 1024;

/** Re-renders a question's attachments after an upload: the new file's name, or what was wrong with it. */
async function attachmentsAnswer(c: Ctx, runId: number, ruleId: string, outcome: { added?: string; issues?: Issue[] }, status: 200 | 400 | 409 | 413 | 422) {
  const { database, config } = c.get("deps");
  const run = await findRun(database.db, runId);
  const principal = currentPrincipal(c);
  const files = await listAttachments(database.db, runId, ruleId);
  const canAttach = can(principal.role, "manual.answer") && run.status === "completed" && !(await activeSignoff(database.db, runId));
  return html(c, () => <Attachments principal={principal} runId={runId} ruleId={ruleId} attachments={files} canAttach={canAttach} maxBytes={config.maxAttachmentBytes} {...outcome} />, status);
}

/** The question after an answer: the run page (or a redirect to it), or the question alone for htmx, with any refusal beside it. */
async function answerQuestion(c: Ctx, id: number, ruleId: string, body: Record<string, unknown>, issues: Issue[], status: 409 | 422) {
  if (issues.length === 0) c.header("HX-Trigger", "run-changed");
  if (!wantsPartial(c) && issues.length === 0) return c.redirect(`/runs/${id}#result-${ruleId}`, 303);
  const view = await runView(c, id);
  const result = view.run.results?.find((r) => r.rule_id === ruleId);
  const rule = view.rules.find((r) => r.id === ruleId);
  if (!result || !rule) throw AppError.notFound(`rule ${ruleId} in run ${id}`);
  const props = {
    principal: currentPrincipal(c),
    runId: id,
    runStatus: view.run.status,
    rule,
    result,
    answer: view.answers.get(ruleId),
    attachments: view.attachments.get(ruleId) ?? [],
    maxAttachmentBytes: view.maxAttachmentBytes,
    locked: view.locked !== null,
    issues, draft: issues.length ? { answer: String(body.answer ?? ""), note: String(body.note ?? "") } : undefined };
  if (wantsPartial(c)) return html(c, () => <ManualQuestion {...props} />, issues.length ? status : 200);
  return html(c, () => <RunPage principal={currentPrincipal(c)} {...view} />, status);
}

export function runPages() {
  const app = new Hono<AppEnv>();
  app.get("/runs", requires("read"), async (c) => {
    const raw = c.req.query("plan_id");
    const planId = raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
    const runs = await listRuns(c.get("deps").database.db, { planId, limit: 200 });
    return html(c, () => <RunsPage principal={currentPrincipal(c)} runs={runs} />);
  });
  app.get("/runs/:id", requires("read"), async (c) => {
    const view = await runView(c, idParam(c, "id", "run"));
    // ?status=fail: only the failures (the counts link here); any other value shows every result
    const wanted = c.req.query("status");
    const status = (resultStatuses as readonly string[]).includes(wanted ?? "") ? (wanted as ResultStatus) : undefined;
    return html(c, () => <RunPage principal={currentPrincipal(c)} {...view} status={status} />);
  });
  // polled while a run is queued or running; once it has finished the page reloads to show the results
  app.get("/runs/:id/progress", requires("read"), async (c) => {
    const run = await findRun(c.get("deps").database.db, idParam(c, "id", "run"));
    if (run.status !== "queued" && run.status !== "running") c.header("HX-Refresh", "true");
    return html(c, () => <RunProgress runId={run.id} status={run.status} progress={progressOf(run.id)} />);
  });
  app.get("/runs/:id/evidence/:ruleId", requires("read"), async (c) => {
    const id = idParam(c, "id", "run");
    const ruleId = c.req.param("ruleId");
    const page = pageParam(c.req.query("page"));
    const db = c.get("deps").database.db;
    const [evidence, rule] = await Promise.all([evidencePage(db, id, ruleId, page), ruleOfRun(db, id, ruleId)]);
    const panel = <EvidencePanel runId={id} ruleId={ruleId} measure={measureOf(rule)} page={page} {...evidence} />;
    if (wantsPartial(c)) return html(c, () => panel);
    const view = await runView(c, id);
    return html(c, () => <RunPage principal={currentPrincipal(c)} {...view} openEvidence={{ ruleId, panel }} />);
  });
  // every offending record of a result, not just the page shown: what an auditor hands to the service owner
  app.get("/runs/:id/evidence/:ruleId/records.csv", requires("read"), async (c) => {
    const id = idParam(c, "id", "run");
    const ruleId = c.req.param("ruleId");
    const db = c.get("deps").database.db;
    const rule = await ruleOfRun(db, id, ruleId);
    if (!rule) throw AppError.notFound(`rule ${ruleId} in run ${id}`);
    const columns = evidenceColumns(measureOf(rule));
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const lines = inPresentation(c, () => [csvRow([t("runs.record"), t("runs.ticketKind"), t("runs.service"), t("runs.serviceKey"), t("runs.priority"), t("runs.openedAt"), t("runs.resolvedAt"), ...columns.map((col) => t(col.key)), t("runs.assignee"), t("runs.summary")])]);
    for await (const rows of allEvidence(db, id, ruleId)) {
      for (const r of rows) {
        const hours = columns.map((col) => {
          const h = r.ticketId === null ? null : col.hours(r);
          return h === null ? null : Math.round(h * 100) / 100;
        });
        lines.push(csvRow([r.recordId, r.kind, r.service, r.serviceKey, r.priority, iso(r.openedAt), iso(r.resolvedAt), ...hours, r.assignee, r.summary]));
      }
    }
    return c.body(csvDocument(lines), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="run-${id}-${ruleId.replace(/[^A-Za-z0-9_-]/g, "_")}.csv"`,
    });
  });
  app.post("/runs/:id/answers/:ruleId", requires("manual.answer"), async (c) => {
    const id = idParam(c, "id", "run");
    const ruleId = c.req.param("ruleId");
    const body = await readForm(c);
    const input = { answer: body.answer, note: typeof body.note === "string" && body.note.trim() ? body.note : null };
    // a refused answer (malformed, or the run is locked) is shown beside the question; nothing was written
    return submitForm(c, 
      () => answerManualQuestion({ ctx: contextOf(c), input: { runId: id, ruleId, data: input } }),
      { fields: answerFields, refused: [400, 409], rerender: ({ issues, status }) => answerQuestion(c, id, ruleId, body, issues, status === 409 ? 409 : 422) },
      () => answerQuestion(c, id, ruleId, body, [], 422),
    );
  });
  app.post("/runs/:id/answers/:ruleId/attachments", requires("manual.answer"), async (c) => {
    const { config } = c.get("deps");
    const id = idParam(c, "id", "run");
    const ruleId = c.req.param("ruleId");
    const limit = config.maxAttachmentBytes;
    const tooLarge = () => inPresentation(c, () => new AppError("too_large", 413, t("attachments.tooLarge", { limit: formatBytes(limit) })));
    return submitForm(c, 
      async () => {
        // a declared length beyond the limit is refused before the body is read
        if (Number(c.req.header("content-length") ?? "0") > limit + multipartEnvelope) throw tooLarge();
        if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) throw new AppError("unsupported_media_type", 415, textOf(c)("attachments.missing"));
        const file = (await readForm(c))["file"];
        return addAttachment({ ctx: contextOf(c), input: { runId: id, ruleId, file, maxBytes: limit } });
      },
      {
        fields: {},
        // a plain form post gets the error page; htmx gets the question's attachments with the issue beside the form
        refused: [400, 409, 413, 415],
        rerender: ({ error: e }) => {
          if (!wantsPartial(c)) throw e.status === 413 ? tooLarge() : e;
          const issues = inPresentation(c, () => (e.status === 409 ? [{ path: "", message: refusalText(e) }] : e.status === 413 ? [{ path: "file", message: tooLarge().message }] : e.issues.length ? e.issues.map(attachmentIssue) : [{ path: "file", message: e.message }]));
          return attachmentsAnswer(c, id, ruleId, { issues }, e.status === 413 ? 413 : e.status === 409 ? 409 : 422);
        },
      },
      (added) => (wantsPartial(c) ? attachmentsAnswer(c, id, ruleId, { added: added.filename }, 200) : c.redirect(`/runs/${id}#attachments-${ruleId}`, 303)),
    );
  });
  // evidence is downloaded, never rendered: a file someone uploaded must not run as a page of ours
  app.get("/runs/:id/attachments/:attachmentId", requires("read"), async (c) => {
    const a = await getAttachment(c.get("deps").database.db, idParam(c, "id", "run"), idParam(c, "attachmentId", "attachment"));
    return c.body(new Uint8Array(a.content), 200, {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });
  });
  return app;
}
