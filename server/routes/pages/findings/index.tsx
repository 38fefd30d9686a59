// /findings: findings and their improvement actions, filtered (status, severity, owner, plan, overdue); actions edited
// inline; above them, for compliance officers, the waivers awaiting approval.
import { Hono, type Context } from "hono";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getAction, updateAction } from "../../../../audits/actions.js";
import { listFindings } from "../../../../audits/findings.js";
import { listPlans } from "../../../../audits/plans.js";
import { ActionRow, FindingsList, FindingsPage, type FindingView } from "../../../../views/findings.js";
import { can } from "../../../auth/roles.js";
import { currentPrincipal, requires } from "../../../auth/sessions.js";
import { findingStatuses, findings as findingsTable } from "../../../db/schema.js";
import type { AppEnv, Principal } from "../../../env.js";
import { idParam, today } from "../../api/request-input.js";
import { wantsPartial } from "../htmx.js";
import { pendingWaivers } from "../../../../audits/waiver-queries.js";
import { readForm } from "../../../request-body.js";

const filterSchema = z.object({
  status: z.enum(findingStatuses).optional().catch(undefined),
  severity: z.enum(["major", "minor", "observation"]).optional().catch(undefined),
  plan: z.coerce.number().int().positive().optional().catch(undefined),
  owner: z.string().trim().max(254).optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  finding: z.coerce.number().int().positive().optional().catch(undefined),
});
export type FindingsFilter = z.infer<typeof filterSchema>;

const ownedBy = (owner: string | null, principal: Principal) => !!owner && owner.toLowerCase() === principal.actor.toLowerCase();

/** The engine filters by plan, status and severity; owner, overdue and "mine first" are applied to its answer. */
async function findingsFor(c: Context<AppEnv>, filter: FindingsFilter): Promise<FindingView[]> {
  const principal = currentPrincipal(c);
  const all = await listFindings(c.get("deps").database.db, { plan_id: filter.plan, status: filter.status, severity: filter.severity }, today(c), { messageArgs: true });
  const owner = filter.owner?.toLowerCase();
  const shown = all.filter(
    (f) =>
      (filter.finding === undefined || f.id === filter.finding) &&
      (!owner || f.actions.some((a) => a.owner?.toLowerCase().includes(owner))) &&
      (!filter.overdue || f.actions.some((a) => a.overdue)),
  );
  const mine = (f: FindingView) => (f.actions.some((a) => ownedBy(a.owner, principal)) ? 0 : 1);
  // managers (and everyone) see the findings whose actions they own first; otherwise newest first
  return shown.map((f) => ({ ...f, mine: mine(f) === 0 })).sort((a, b) => mine(a) - mine(b) || b.id - a.id);
}

export function findingPages() {
  const app = new Hono<AppEnv>();
  app.get("/findings", requires("read"), async (c) => {
    const filter = filterSchema.parse(c.req.query());
    const findings = await findingsFor(c, filter);
    const principal = currentPrincipal(c);
    if (wantsPartial(c) && c.req.header("hx-target") === "findings-list") return c.html(<FindingsList principal={principal} findings={findings} filter={filter} />);
    const db = c.get("deps").database.db;
    const [plans, waivers] = await Promise.all([listPlans(db), can(principal.role, "waivers.approve") ? pendingWaivers(db) : []]);
    return c.html(<FindingsPage principal={principal} findings={findings} filter={filter} plans={plans.map((p) => ({ id: p.id, name: p.name }))} pendingWaivers={waivers} today={today(c)} />);
  });
  app.post("/findings/actions/:id", requires("actions.update_own"), async (c) => {
    const { database, clock } = c.get("deps");
    const principal = currentPrincipal(c);
    const id = idParam(c, "id", "action");
    const body = await readForm(c);
    const anyOwner = can(principal.role, "actions.write");
    const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");
    // managers change the status only; auditors also reassign and move the due date
    const patch: Record<string, unknown> = {};
    if (text("status")) patch.status = text("status");
    if (anyOwner) {
      patch.owner = text("owner") || null;
      patch.due_date = text("due_date") || null;
    }
    await updateAction(database.db, clock.now(), { actor: principal.actor, anyOwner }, id, patch, today(c));
    const action = await getAction(database.db, id, today(c));
    if (!wantsPartial(c)) return c.redirect(`/findings?finding=${action.finding_id}#action-${id}`, 303);
    const [finding] = await database.db.select({ ruleId: findingsTable.ruleId }).from(findingsTable).where(and(eq(findingsTable.id, action.finding_id)));
    return c.html(<ActionRow principal={principal} action={action} findingStatus={action.finding_status} ruleId={finding?.ruleId} saved />);
  });
  return app;
}
