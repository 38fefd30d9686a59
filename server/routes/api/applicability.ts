// /api/v1/plans/:id/applicability: a plan's statement of applicability, and the organisation's justification of a clause.
import { applicabilityJson, planApplicability, setClauseJustification } from "../../../audits/applicability.js";
import { contextOf } from "../../context.js";
import { clauseJustificationSchema } from "../../contract/index.js";
import { endpoint } from "./endpoint.js";
import { idParam } from "../route-params.js";
import { jsonInput } from "../request-body.js";
import { inPresentation } from "../pages/render.js";

const noPlan = { 404: { description: "no such plan" } };

export const applicabilityEndpoints = [
  endpoint(
    {
      method: "get",
      path: "/plans/:id/applicability",
      summary: "A plan's statement of applicability",
      description:
        "Every ISO/IEC 20000-1:2018 clause with status applicable (the plan's rules citing it, each with its status in the plan's latest completed run, or the sub-clauses it is covered through) or not_applicable (with the justification: the organisation's own, or the default). Titles and default justifications are in the reader's language.",
      permission: "read",
      params: { id: "the plan id" },
      responses: { 200: { description: "{plan_id, rulebook, latest_run, clauses}" }, ...noPlan },
    },
    async (c) => {
      const statement = await planApplicability(c.get("deps").database.db, idParam(c, "id", "plan"));
      // titles and default justifications in the reader's language
      return c.json(inPresentation(c, () => applicabilityJson(statement)));
    },
  ),
  endpoint(
    {
      method: "put",
      path: "/plans/:id/applicability/:clause",
      summary: "Justify a clause as not applicable",
      description: "Writes the organisation's justification of a clause for this plan (recorded in the audit trail); an empty or null justification returns to the default.",
      permission: "plans.write",
      params: { id: "the plan id", clause: "the clause number, e.g. 8.5.1" },
      body: { content: { "application/json": clauseJustificationSchema } },
      responses: { 200: { description: "{plan_id, clause, justification, updated_by, updated_at}" }, 400: { description: "an unknown clause or a justification too long" }, ...noPlan },
    },
    async (c) => {
      const input = { planId: idParam(c, "id", "plan"), clause: c.req.param("clause"), data: await jsonInput(c) };
      return c.json(await setClauseJustification({ ctx: contextOf(c), input }));
    },
  ),
];
