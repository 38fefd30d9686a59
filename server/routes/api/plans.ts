// /api/v1/plans: audit plans (create, list, read, edit, soft delete) and starting a run by hand.
import { createPlan, deletePlan, getPlan, listPlans, updatePlan } from "../../../audits/plans.js";
import { startRun } from "../../../audits/start-run.js";
import { contextOf } from "../../context.js";
import { planPatchSchema, planSchema } from "../../contract/index.js";
import { endpoint } from "./endpoint.js";
import { idParam } from "../route-params.js";
import { jsonInput } from "../request-body.js";

const params = { id: "the plan id" };
const noPlan = { 404: { description: "no such plan" } };

export const planEndpoints = [
  endpoint({ method: "get", path: "/plans", summary: "Audit plans", permission: "read", responses: { 200: { description: "{plans}" } } }, async (c) => {
    const { database, clock } = c.get("deps");
    return c.json({ plans: await listPlans(database.db, clock.now()) });
  }),
  endpoint(
    {
      method: "post",
      path: "/plans",
      summary: "Create an audit plan",
      permission: "plans.write",
      body: { content: { "application/json": planSchema } },
      responses: { 201: { description: "the plan" } },
    },
    async (c) => {
      return c.json(await createPlan({ ctx: contextOf(c), input: await jsonInput(c) }), 201);
    },
  ),
  endpoint({ method: "get", path: "/plans/:id", summary: "One plan", permission: "read", params, responses: { 200: { description: "the plan" }, ...noPlan } }, async (c) => {
    const { database, clock } = c.get("deps");
    return c.json(await getPlan(database.db, idParam(c, "id", "plan"), clock.now()));
  }),
  endpoint(
    {
      method: "patch",
      path: "/plans/:id",
      summary: "Edit a plan",
      permission: "plans.write",
      params,
      body: { content: { "application/json": planPatchSchema } },
      responses: { 200: { description: "the plan" }, ...noPlan },
    },
    async (c) => {
      const id = idParam(c, "id", "plan");
      return c.json(await updatePlan({ ctx: contextOf(c), input: { id, data: await jsonInput(c) } }));
    },
  ),
  endpoint(
    { method: "delete", path: "/plans/:id", summary: "Delete a plan (kept for history)", permission: "plans.write", params, responses: { 200: { description: "deleted" }, ...noPlan } },
    async (c) => {
      return c.json(await deletePlan({ ctx: contextOf(c), input: { id: idParam(c, "id", "plan") } }));
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/plans/:id/runs",
      summary: "Start a run",
      permission: "runs.start",
      params,
      responses: { 202: { description: "{id, status}: queued or running" }, ...noPlan, 409: { description: "the plan is already running" } },
    },
    async (c) => {
      const run = await startRun({ ctx: contextOf(c), input: { planId: idParam(c, "id", "plan") }, runner: c.get("deps") });
      return c.json({ id: run.id, status: run.status }, 202);
    },
  ),
];
