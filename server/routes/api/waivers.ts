// Waivers: auditors request them per plan and rule, compliance officers approve or reject them.
import { findPlan } from "../../../audits/plans.js";
import { listWaivers } from "../../../audits/waiver-queries.js";
import { approveWaiver, rejectWaiver, requestWaiver, waiverJson } from "../../../audits/waivers.js";
import { storeRunReports } from "../../../reports/store.js";
import { contextOf } from "../../context.js";
import { waiverRequestSchema } from "../../contract/index.js";
import { endpoint } from "./endpoint.js";
import { idParam } from "../route-params.js";
import { jsonInput } from "../request-body.js";

const noWaiver = { 404: { description: "no such waiver" } };

export const waiverEndpoints = [
  endpoint({ method: "get", path: "/waivers", summary: "Every waiver, newest first", permission: "read", responses: { 200: { description: "{waivers}" } } }, async (c) =>
    c.json({ waivers: (await listWaivers(c.get("deps").database.db)).map(waiverJson) }),
  ),
  endpoint(
    { method: "get", path: "/plans/:id/waivers", summary: "The plan's waivers", permission: "read", params: { id: "the plan id" }, responses: { 200: { description: "{waivers}" }, 404: { description: "no such plan" } } },
    async (c) => {
      const db = c.get("deps").database.db;
      const plan = await findPlan(db, idParam(c, "id", "plan"));
      return c.json({ waivers: (await listWaivers(db, plan.id)).map(waiverJson) });
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/plans/:id/waivers",
      summary: "Request a waiver (auditors); it covers runs whose period ends inside its validity (valid_from defaults to today)",
      permission: "waivers.request",
      params: { id: "the plan id" },
      body: { content: { "application/json": waiverRequestSchema } },
      responses: { 201: { description: "requested" }, 404: { description: "no such plan" } },
    },
    async (c) => {
      const planId = idParam(c, "id", "plan");
      return c.json(await requestWaiver({ ctx: contextOf(c), input: { planId, data: await jsonInput(c) } }), 201);
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/waivers/:id/approve",
      summary: "Approve a waiver (compliance officers); each run it re-scores gets a new report version",
      permission: "waivers.approve",
      params: { id: "the waiver id" },
      responses: { 200: { description: "approved" }, ...noWaiver },
    },
    async (c) => {
      const { database, clock } = c.get("deps");
      const approved = await approveWaiver({ ctx: contextOf(c), input: { waiverId: idParam(c, "id", "waiver") } });
      // each re-scored run gets its new report version now, not at its next download
      await storeRunReports(database, approved.rescored_runs, clock.now());
      return c.json(approved);
    },
  ),
  endpoint(
    { method: "post", path: "/waivers/:id/reject", summary: "Reject a waiver (compliance officers)", permission: "waivers.approve", params: { id: "the waiver id" }, responses: { 200: { description: "rejected" }, ...noWaiver } },
    async (c) => {
      return c.json(await rejectWaiver({ ctx: contextOf(c), input: { waiverId: idParam(c, "id", "waiver") } }));
    },
  ),
];
