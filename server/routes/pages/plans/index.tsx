// /plans: the list, create and edit (rules grouped by clause, with thresholds), run now; the schedule in words.
import { Hono, type Context } from "hono";
import { t } from "../../../i18n/index.js";
import { createPlan, getPlan, listPlans, updatePlan } from "../../../../audits/plans.js";
import { planApplicability } from "../../../../audits/applicability.js";
import { getRulebook } from "../../../../audits/rulebooks/index.js";
import { listRulebooks, resolveRulebook } from "../../../../audits/rulebooks/store.js";
import { listRuns } from "../../../../audits/runs.js";
import { startRun } from "../../../../audits/start-run.js";
import { PlanEditPage, PlanForm, PlanPage, PlansPage } from "../../../../views/plans.js";
import type { WaiverFormState } from "../../../../views/waivers.js";
import type { JustificationFormState } from "../../../../views/applicability.js";
import { currentPrincipal, requires } from "../../../auth/sessions.js";
import { contextOf } from "../../../context.js";
import type { Issue } from "../../../errors.js";
import type { AppEnv } from "../../../deps.js";
import { listServices } from "../../../ingest/services.js";
import { idParam, today } from "../../route-params.js";
import { wantsPartial } from "../htmx.js";
import { waiversSectionData } from "../waivers/section.js";
import { planFormValues, planInputFromForm, planToFormValues, type FormBody } from "./plan-form.js";
import type { PlanFormValues } from "../../../../views/types.js";
import { readForm } from "../../request-body.js";
import { localIssues, planFields } from "../form-issues.js";
import { submitForm } from "../form-submission.js";
import { html, inPresentation, textOf } from "../render.js";

type Ctx = Context<AppEnv>;
const defaultRulebook = "iso20000-support";

/** After a successful post: htmx follows HX-Redirect, a plain form a 303. */
function redirect(c: Ctx, to: string) {
  if (c.req.header("hx-request")) {
    c.header("HX-Redirect", to);
    return c.body(null, 204);
  }
  return c.redirect(to, 303);
}

/** "<id>" or "<id>@<version>" into its parts (no version: the latest at each run). */
function rulebookChoice(value: string | undefined): { id: string; version: string | null } {
  const [id, version] = (value || defaultRulebook).split("@");
  return { id, version: version || null };
}

/** The form's services, the rules of the chosen rulebook (version), and every rulebook and version to choose from. */
async function formContext(c: Ctx, rulebook = defaultRulebook) {
  const db = c.get("deps").database.db;
  const choice = rulebookChoice(rulebook);
  const [services, book, listing] = await Promise.all([listServices(db), resolveRulebook(db, choice.id, choice.version).catch(() => resolveRulebook(db, defaultRulebook, null)), listRulebooks(db)]);
  const rulebookChoices = listing.flatMap((b) => [
    { value: b.id, label: textOf(c)("rulebooks.planLatest", { id: b.id }) },
    ...[...b.versions].reverse().map((v) => ({ value: v.ref, label: v.ref })),
  ]);
  return { services, rules: book.rules, rulebookChoices };
}

async function renderForm(c: Ctx, values: PlanFormValues, issues: Issue[], planId: number | null) {
  const ctx = await formContext(c, values.rulebook);
  const props = { principal: currentPrincipal(c), values, issues, planId, ...ctx };
  if (wantsPartial(c)) return html(c, () => <PlanForm {...props} />, 422);
  return html(c, () => <PlanEditPage {...props} />, 422);
}

/** Validation failures re-render the form with 422; anything else is an error for handleError. */
async function savePlan(c: Ctx, planId: number | null) {
  const body = (await readForm(c, { all: true })) as FormBody;
  const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");
  const chosen = field("rulebook") || defaultRulebook;
  const choice = rulebookChoice(chosen);
  const rules = (await formContext(c, chosen)).rules;
  const values = { ...planFormValues(body, rules), rulebook: chosen };
  // another rulebook than the form showed: its rules all, at their own thresholds (refine them on the plan's page)
  if (field("rendered_rulebook") && field("rendered_rulebook") !== chosen) {
    values.rules = rules.map((r) => r.id);
    values.thresholds = {};
  }
  const form = planInputFromForm(values, choice.id, rules);
  const input = { ...form.input, rulebook_version: choice.version };
  const issues = form.issues;
  if (issues.length) return renderForm(c, values, inPresentation(c, () => localIssues(issues, planFields)), planId);
  const ctx = contextOf(c);
  return submitForm(c, 
    () => (planId === null ? createPlan({ ctx, input }) : updatePlan({ ctx, input: { id: planId, data: input } })),
    { fields: planFields, rerender: (refusal) => renderForm(c, values, refusal.issues, planId) },
    (plan) => redirect(c, `/plans/${plan.id}`),
  );
}

/** The plan's page, with its waivers section (and the waiver form as it was sent, after a validation error). */
export async function renderPlanPage(c: Ctx, id: number, waiver: { form?: WaiverFormState }, status: 200 | 422 = 200, justification: { form?: JustificationFormState } = {}) {
  const { database, clock } = c.get("deps");
  const plan = await getPlan(database.db, id, clock.now());
  const ref = plan.rulebook_version ? `${plan.rulebook}@${plan.rulebook_version}` : plan.rulebook;
  const [runs, ctx, waivers, statement] = await Promise.all([
    listRuns(database.db, { planId: id, limit: 50 }),
    formContext(c, ref),
    waiversSectionData(database.db, id, today(c)),
    planApplicability(database.db, id),
  ]);
  const applicability = { statement, ...justification };
  return html(c, () => <PlanPage principal={currentPrincipal(c)} plan={plan} runs={runs} values={{ ...planToFormValues(plan, ctx.rules), rulebook: ref }} {...ctx} waivers={{ ...waivers, ...waiver }} applicability={applicability} />, status);
}

export function planPages() {
  const app = new Hono<AppEnv>();
  app.get("/plans", requires("read"), async (c) => {
    const { database, clock } = c.get("deps");
    const [plans, runs] = await Promise.all([listPlans(database.db, clock.now()), listRuns(database.db, { limit: 500 })]);
    return html(c, () => <PlansPage principal={currentPrincipal(c)} plans={plans} runs={runs} />);
  });
  app.get("/plans/new", requires("plans.write"), async (c) => {
    const rulebook = c.req.query("rulebook") || defaultRulebook;
    const ctx = await formContext(c, rulebook);
    const values = planToFormValues({ name: "", rules: null, thresholds: {}, services: null, period: { type: "previous_month" }, schedule: "0 2 1 * *", timezone: c.get("deps").config.timezone, owner: null, report_locale: c.get("presentation").locale }, ctx.rules);
    return html(c, () => <PlanEditPage principal={currentPrincipal(c)} values={{ ...values, rulebook }} issues={[]} planId={null} {...ctx} />);
  });
  app.post("/plans", requires("plans.write"), (c) => savePlan(c, null));
  app.get("/plans/:id", requires("read"), async (c) => {
    // a failing result's "request a waiver" link names its rule, preselected in the form
    // and the last day of the run's period, so that the waiver covers that run
    const rule = c.req.query("waiver_rule");
    const from = c.req.query("valid_from");
    const validFrom = from && /^\d{4}-\d{2}-\d{2}$/.test(from) ? from : today(c);
    return renderPlanPage(c, idParam(c, "id", "plan"), rule ? { form: { values: { rule_id: rule, reason: "", valid_from: validFrom, expires_on: "" }, issues: [] } } : {});
  });
  app.post("/plans/:id", requires("plans.write"), (c) => savePlan(c, idParam(c, "id", "plan")));
  app.post("/plans/:id/run", requires("runs.start"), async (c) => {
    const run = await startRun({ ctx: contextOf(c), input: { planId: idParam(c, "id", "plan") }, runner: c.get("deps") });
    return redirect(c, `/runs/${run.id}`);
  });
  return app;
}
