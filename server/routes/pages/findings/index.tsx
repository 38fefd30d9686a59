// /findings: findings and their improvement actions as a working table (filters, sort, page and counts in SQL; open
// findings by default; /findings.csv the current filter); actions edited inline with comments and evidence files; closing
// a finding with its root cause; above them, for compliance officers, the waivers awaiting approval.
import { Hono, type Context } from "hono";
import { z } from "zod";
import { actionActivity, attachToAction, commentOnAction, getAction, updateAction } from "../../../../audits/actions.js";
import { closeFinding, closingRefusals, findingsPage, verificationCandidates } from "../../../../audits/findings.js";
import { t } from "../../../i18n/index.js";
import { listPlans } from "../../../../audits/plans.js";
import { ActionRow, FindingsList, FindingsPage, findingsPageSize, type ActionActivity, type Candidates, type FindingView } from "../../../../views/findings.js";
import type { FindingsFilter } from "../../../../views/types.js";
import { can } from "../../../auth/roles.js";
import { currentPrincipal, requires } from "../../../auth/sessions.js";
import { contextOf } from "../../../context.js";
import { findingStatusFilters, findingSorts, severities } from "../../../contract/index.js";
import type { AppEnv } from "../../../deps.js";
import { AppError } from "../../../errors.js";
import { idParam, today } from "../../route-params.js";
import { attachmentBodyLimit } from "../../api/runs.js";
import { wantsPartial } from "../htmx.js";
import { pendingWaivers } from "../../../../audits/waiver-queries.js";
import { readForm } from "../../request-body.js";
import { findingsCsv } from "./csv.js";
import { html, textOf } from "../render.js";

const filterSchema = z.object({
  status: z.enum(findingStatusFilters).optional().catch(undefined),
  severity: z.enum(severities).optional().catch(undefined),
  plan: z.coerce.number().int().positive().optional().catch(undefined),
  rule: z.string().trim().max(64).optional().catch(undefined),
  owner: z.string().trim().max(254).optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  finding: z.coerce.number().int().positive().optional().catch(undefined),
  sort: z.enum(findingSorts).optional().catch(undefined),
  order: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
});

/** The page's filter in the engine's terms: open findings (not closed) unless a status is chosen; a linked finding shows whatever its status. */
export function engineFilters(filter: FindingsFilter) {
  return {
    plan_id: filter.plan,
    status: filter.finding !== undefined ? "all" : (filter.status ?? "active"),
    severity: filter.severity,
    rule_id: filter.rule || undefined,
    owner: filter.owner || undefined,
    overdue: filter.overdue,
    sort: filter.sort,
    order: filter.order,
  };
}

async function listProps(c: Context<AppEnv>, filter: FindingsFilter) {
  const principal = currentPrincipal(c);
  const { database, config } = c.get("deps");
  const db = database.db;
  // a link to one finding (from the overview, a queue) shows it alone, whatever its status
  const result = await findingsPage(db, { ...engineFilters(filter), page: filter.page, page_size: findingsPageSize }, today(c), { messageArgs: true, id: filter.finding });
  const rows: FindingView[] = result.findings.map((f) => ({ ...f, mine: f.actions.some((a) => !!a.owner && a.owner.toLowerCase() === principal.actor.toLowerCase()) }));
  const { comments, attachments } = await actionActivity(
    db,
    rows.flatMap((f) => f.actions.map((a) => a.id)),
  );
  const activity = new Map<number, ActionActivity>();
  for (const f of rows) for (const a of f.actions) activity.set(a.id, { comments: comments.filter((x) => x.action_id === a.id), attachments: attachments.filter((x) => x.action_id === a.id) });
  const candidates = new Map<number, Candidates>();
  if (can(principal.role, "findings.write")) {
    for (const f of rows.filter((x) => x.status === "resolved_pending_verification")) {
      candidates.set(f.id, await verificationCandidates(db, { planId: f.plan_id, ruleId: f.rule_id, lastRunId: f.last_run_id }));
    }
  }
  return { principal, findings: rows, filter, total: result.total, counts: result.counts, activity, candidates, maxBytes: config.maxAttachmentBytes };
}

/** Re-renders one action after a change, with its comments and files. */
async function actionRow(c: Context<AppEnv>, id: number, extra: { saved?: boolean; issues?: { path: string; message: string }[] } = {}) {
  const { database, config } = c.get("deps");
  const action = await getAction(database.db, id, today(c));
  const { comments, attachments } = await actionActivity(database.db, [id]);
  return (
    <ActionRow
      principal={currentPrincipal(c)}
      action={action}
      findingStatus={action.finding_status}
      ruleId={action.rule_id}
      activity={{ comments, attachments }}
      maxBytes={config.maxAttachmentBytes}
      {...extra}
    />
  );
}

/** After a change to an action: the row (htmx) or back to the finding. A refused input re-renders the row with its issues. */
async function afterActionChange(c: Context<AppEnv>, id: number, change: () => Promise<unknown>) {
  try {
    await change();
  } catch (e) {
    if (!(e instanceof AppError) || (e.status !== 400 && e.status !== 413)) throw e;
    if (!wantsPartial(c)) throw e;
    const issues = e.issues.length ? e.issues : [{ path: "file", message: e.message }];
    { const row = await actionRow(c, id, { issues }); return html(c, () => row, 422); }
  }
  if (!wantsPartial(c)) {
    const action = await getAction(c.get("deps").database.db, id, today(c));
    return c.redirect(`/findings?finding=${action.finding_id}#action-${id}`, 303);
  }
  const row = await actionRow(c, id, { saved: true });
  return html(c, () => row);
}

export function findingPages() {
  const app = new Hono<AppEnv>();
  app.get("/findings", requires("read"), async (c) => {
    const filter = filterSchema.parse(c.req.query());
    const props = await listProps(c, filter);
    if (wantsPartial(c) && c.req.header("hx-target") === "findings-list") return html(c, () => <FindingsList {...props} />);
    const db = c.get("deps").database.db;
    const [plans, waivers] = await Promise.all([listPlans(db), can(props.principal.role, "waivers.approve") ? pendingWaivers(db) : []]);
    return html(c, () => <FindingsPage {...props} plans={plans.map((p) => ({ id: p.id, name: p.name }))} pendingWaivers={waivers} today={today(c)} />);
  });
  app.get("/findings.csv", requires("read"), async (c) => {
    const filter = filterSchema.parse(c.req.query());
    return findingsCsv(c, engineFilters(filter));
  });
  app.post("/findings/actions/:id", requires("actions.update_own"), async (c) => {
    const principal = currentPrincipal(c);
    const id = idParam(c, "id", "action");
    const body = await readForm(c);
    const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");
    // managers change the status only; auditors also reassign and move the due date (each its own trail entry)
    const patch: Record<string, unknown> = {};
    if (text("status")) patch.status = text("status");
    if (can(principal.role, "actions.write")) {
      patch.owner = text("owner") || null;
      patch.due_date = text("due_date") || null;
    }
    await updateAction({ ctx: contextOf(c), input: { id, data: patch } });
    if (!wantsPartial(c)) {
      const action = await getAction(c.get("deps").database.db, id, today(c));
      return c.redirect(`/findings?finding=${action.finding_id}#action-${id}`, 303);
    }
    const row = await actionRow(c, id, { saved: true });
    return html(c, () => row);
  });
  app.post("/findings/actions/:id/comments", requires("actions.update_own"), async (c) => {
    const id = idParam(c, "id", "action");
    const body = await readForm(c);
    return afterActionChange(c, id, () => commentOnAction({ ctx: contextOf(c), input: { id, data: { body: typeof body.body === "string" ? body.body : "" } } }));
  });
  app.post(
    "/findings/actions/:id/attachments",
    requires("actions.update_own"),
    attachmentBodyLimit,
    async (c) => {
      const id = idParam(c, "id", "action");
      const file = (await readForm(c))["file"];
      return afterActionChange(c, id, async () => {
        if (!(file instanceof File)) throw AppError.invalid("no file", [{ path: "file", message: "required" }]);
        const bytes = new Uint8Array(await file.arrayBuffer());
        return attachToAction({ ctx: contextOf(c), input: { id, file: { filename: file.name, contentType: file.type, bytes }, maxBytes: c.get("deps").config.maxAttachmentBytes } });
      });
    },
  );
  app.post("/findings/:id/close", requires("findings.write"), async (c) => {
    const id = idParam(c, "id", "finding");
    const body = await readForm(c);
    try {
      await closeFinding({ ctx: contextOf(c), input: { id, data: { root_cause: body.root_cause, verified_by_run_id: body.verified_by_run_id } } });
    } catch (e) {
      // a refused closing shows the finding again with the reasons in its form
      if (!(e instanceof AppError) || (e.status !== 400 && e.status !== 409)) throw e;
      const props = await listProps(c, { finding: id });
      const translated: Record<string, string> = { [closingRefusals.notLater]: textOf(c)("queues.issue.notLater"), [closingRefusals.silentChange]: textOf(c)("queues.issue.silentChange") };
      const issues = e.issues.length ? e.issues.map((i) => ({ path: i.path, message: translated[i.message] ?? i.message })) : [{ path: "", message: e.status === 409 ? textOf(c)("queues.issue.notResolved") : e.message }];
      const plans = await listPlans(c.get("deps").database.db);
      return html(c, () => <FindingsPage {...props} closeIssues={{ findingId: id, issues }} plans={plans.map((p) => ({ id: p.id, name: p.name }))} pendingWaivers={[]} today={today(c)} />, 422);
    }
    return c.redirect(`/findings?finding=${id}#finding-${id}`, 303);
  });
  return app;
}
