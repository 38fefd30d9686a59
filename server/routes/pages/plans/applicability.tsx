// The statement of applicability on a plan's page: the organisation's justification of a clause, written inline
// (the section swaps itself under htmx; a plain form goes back to the plan's page).
import { Hono } from "hono";
import { planApplicability, setClauseJustification } from "../../../../audits/applicability.js";
import { ApplicabilitySection, type JustificationFormState } from "../../../../views/applicability.js";
import { currentPrincipal, requires } from "../../../auth/sessions.js";
import { contextOf } from "../../../context.js";
import type { AppEnv } from "../../../deps.js";
import { idParam } from "../../route-params.js";
import { readForm } from "../../request-body.js";
import type { FieldLabels } from "../form-issues.js";
import { submitForm } from "../form-submission.js";
import { wantsPartial } from "../htmx.js";
import { html } from "../render.js";
import { renderPlanPage } from "./index.js";

const justificationFields: FieldLabels = { clause: "applicability.clause", justification: "applicability.justification" };

export function applicabilityPages() {
  const app = new Hono<AppEnv>();
  app.post("/plans/:id/applicability", requires("plans.write"), async (c) => {
    const planId = idParam(c, "id", "plan");
    const body = await readForm(c);
    const clause = typeof body.clause === "string" ? body.clause : "";
    const justification = typeof body.justification === "string" ? body.justification : "";
    const answer = async (form?: JustificationFormState) => {
      if (!wantsPartial(c)) {
        if (!form) return c.redirect(`/plans/${planId}#clause-${encodeURIComponent(clause)}`, 303);
        return renderPlanPage(c, planId, {}, 422, { form });
      }
      const statement = await planApplicability(c.get("deps").database.db, planId);
      return html(c, () => <ApplicabilitySection principal={currentPrincipal(c)} statement={statement} form={form} saved={form ? undefined : clause} />, form ? 422 : 200);
    };
    return submitForm(
      c,
      () => setClauseJustification({ ctx: contextOf(c), input: { planId, clause, data: { justification } } }),
      { fields: justificationFields, rerender: ({ issues }) => answer({ clause, justification, issues }) },
      () => answer(),
    );
  });
  return app;
}
