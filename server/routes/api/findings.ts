// GET /api/v1/findings (filters, sort and paging in SQL) with their improvement actions; closing a finding.
import { closeFinding, findingsPage } from "../../../audits/findings.js";
import { contextOf } from "../../context.js";
import { findingCloseSchema, findingFiltersSchema } from "../../contract/index.js";
import { endpoint } from "./endpoint.js";
import { idParam, today } from "../route-params.js";
import { jsonInput } from "../request-body.js";

export const findingEndpoints = [
  endpoint(
    {
      method: "get",
      path: "/findings",
      summary: "Findings with their improvement actions, newest first unless sorted, one page (at most 1000)",
      permission: "read",
      query: findingFiltersSchema,
      responses: { 200: { description: "{findings, total, page, page_size, counts}: counts by status under the other filters" } },
    },
    async (c, { query }) => c.json(await findingsPage(c.get("deps").database.db, query, today(c))),
  ),
  endpoint(
    {
      method: "post",
      path: "/findings/:id/close",
      summary: "Close a finding resolved by a later passing run (auditors): its root cause and the run that verified the remedy",
      permission: "findings.write",
      params: { id: "the finding id" },
      body: { content: { "application/json": findingCloseSchema } },
      responses: { 200: { description: "the closed finding" }, 404: { description: "no such finding" }, 409: { description: "not resolved, or actions not done" } },
    },
    async (c) => c.json(await closeFinding({ ctx: contextOf(c), input: { id: idParam(c, "id", "finding"), data: await jsonInput(c) } })),
  ),
];
