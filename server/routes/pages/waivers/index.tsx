// Waivers through the pages: an auditor requests one on the plan page (the section swaps itself), a compliance
// officer approves or rejects it inline (the row swaps itself) there or in the list awaiting approval on /findings.
import { Hono, type Context } from "hono";
import { approveWaiver, rejectWaiver, requestWaiver } from "../../../../audits/waivers.js";
import { storeRunReports } from "../../../../reports/store.js";
import { RunWaiverRequest, WaiversSection, WaiverTableRow, type WaiverFormState } from "../../../../views/waivers.js";
import { currentPrincipal, requires } from "../../../auth/sessions.js";
import { contextOf } from "../../../context.js";
import type { AppError } from "../../../errors.js";
import type { AppEnv } from "../../../deps.js";
import { idParam, today } from "../../route-params.js";
import { wantsPartial } from "../htmx.js";
import { renderPlanPage } from "../plans/index.js";

import { findWaiver } from "../../../../audits/waiver-queries.js";
import { waiversSectionData } from "./section.js";
import { readForm } from "../../request-body.js";
import { refusalText, waiverFields } from "../form-issues.js";
import { submitForm } from "../form-submission.js";
import { html } from "../render.js";

type Ctx = Context<AppEnv>;

const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");

async function decide(c: Ctx, verb: "approve" | "reject") {
  const { database, clock } = c.get("deps");
  const principal = currentPrincipal(c);
  const id = idParam(c, "id", "waiver");
  const body = await readForm(c);
  // the list across plans shows a plan column: the row that comes back must match the table it replaces
  const pending = field(body, "list") === "pending";
  const answer = async (error?: AppError) => {
    const waiver = await findWaiver(database.db, id);
    // counts and runs shown elsewhere on the page follow the decision
    if (!error) c.header("HX-Trigger", "waivers-changed, run-changed");
    if (!wantsPartial(c)) {
      if (error) throw error;
      return c.redirect(pending ? "/findings#pending-waivers" : `/plans/${waiver.planId}#waiver-${id}`, 303);
    }
    const notice = error ? undefined : verb === "approve" ? "waivers.approvedNow" : "waivers.rejectedNow";
    return html(c, () => <WaiverTableRow principal={principal} waiver={waiver} today={today(c)} showPlan={pending} notice={notice} error={error && refusalText(error)} />, error ? 409 : 200);
  };
  return submitForm(c, 
    async () => {
      const decided = await (verb === "approve" ? approveWaiver : rejectWaiver)({ ctx: contextOf(c), input: { waiverId: id } });
      // each run an approval re-scored gets its new report version now
      await storeRunReports(database, decided.rescored_runs, clock.now());
    },
    { fields: waiverFields, refused: [409], rerender: ({ error }) => answer(error) },
    () => answer(),
  );
}

export function waiverPages() {
  const app = new Hono<AppEnv>();
  app.post("/plans/:id/waivers", requires("waivers.request"), async (c) => {
    const { database } = c.get("deps");
    const planId = idParam(c, "id", "plan");
    const body = await readForm(c);
    const values = { rule_id: field(body, "rule_id"), reason: field(body, "reason"), valid_from: field(body, "valid_from"), expires_on: field(body, "expires_on") };
    // requested from a failed rule on a run page: the answer is that block again, and the auditor stays on the run
    const fromRun = /^\d+$/.test(field(body, "from_run")) ? Number(field(body, "from_run")) : null;
    const answer = async (form?: WaiverFormState) => {
      if (!form) c.header("HX-Trigger", "waivers-changed");
      if (fromRun !== null) {
        if (!wantsPartial(c)) return c.redirect(`/runs/${fromRun}${form ? "" : "?waiver=requested"}#result-${encodeURIComponent(values.rule_id)}`, 303);
        const props = { principal: currentPrincipal(c), planId, runId: fromRun, ruleId: values.rule_id, validFrom: values.valid_from, today: today(c) };
        return html(c, () => <RunWaiverRequest {...props} form={form} requested={!form} />, form ? 422 : 200);
      }
      if (!wantsPartial(c)) {
        if (!form) return c.redirect(`/plans/${planId}#waivers`, 303);
        return renderPlanPage(c, planId, { form }, 422);
      }
      const data = await waiversSectionData(database.db, planId, today(c));
      return html(c, () => <WaiversSection principal={currentPrincipal(c)} planId={planId} {...data} form={form} notice={form ? undefined : "waivers.requested"} />, form ? 422 : 200);
    };
    return submitForm(c, 
      () => requestWaiver({ ctx: contextOf(c), input: { planId, data: { ...values, valid_from: values.valid_from || null } } }),
      { fields: waiverFields, rerender: ({ issues }) => answer({ values, issues }) },
      () => answer(),
    );
  });
  app.post("/waivers/:id/approve", requires("waivers.approve"), (c) => decide(c, "approve"));
  app.post("/waivers/:id/reject", requires("waivers.approve"), (c) => decide(c, "reject"));
  return app;
}
