// GET /api/v1/findings (filters: plan_id, status, severity, rule_id) with their improvement actions.
import { listFindings } from "../../../audits/findings.js";
import { findingFiltersSchema } from "../../contract/index.js";
import { endpoint } from "./endpoint.js";
import { today } from "./request-input.js";

export const findingEndpoints = [
  endpoint(
    {
      method: "get",
      path: "/findings",
      summary: "Findings with their improvement actions, newest first (at most 1000)",
      permission: "read",
      query: findingFiltersSchema,
      responses: { 200: { description: "{findings}" } },
    },
    async (c, { query }) => c.json({ findings: await listFindings(c.get("deps").database.db, query, today(c)) }),
  ),
];
