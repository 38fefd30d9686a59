// /api/v1/plans: audit plans (create, list, read, edit, soft delete) and starting a run by hand.
import { Hono } from "hono";
import { createPlan, deletePlan, getPlan, listPlans, updatePlan } from "../../../audits/plans.js";
import { createRun, thisWorker } from "../../../audits/runs.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../env.js";
import { runAndReport } from "../../scheduler.js";
import { idParam, jsonInput } from "./request-input.js";

export function planRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/plans", requires("read"), async (c) => {
    const { database, clock } = c.get("deps");
    return c.json({ plans: await listPlans(database.db, clock.now()) });
  });
  app.post("/plans", requires("plans.write"), async (c) => {
    const { database, clock } = c.get("deps");
    return c.json(await createPlan(database.db, clock.now(), currentPrincipal(c).actor, await jsonInput(c)), 201);
  });
  app.get("/plans/:id", requires("read"), async (c) => {
    const { database, clock } = c.get("deps");
    return c.json(await getPlan(database.db, idParam(c, "id", "plan"), clock.now()));
  });
  app.patch("/plans/:id", requires("plans.write"), async (c) => {
    const { database, clock } = c.get("deps");
    const id = idParam(c, "id", "plan");
    return c.json(await updatePlan(database.db, clock.now(), currentPrincipal(c).actor, id, await jsonInput(c)));
  });
  app.delete("/plans/:id", requires("plans.write"), async (c) => {
    const { database, clock } = c.get("deps");
    return c.json(await deletePlan(database.db, clock.now(), currentPrincipal(c).actor, idParam(c, "id", "plan")));
  });
  app.post("/plans/:id/runs", requires("runs.start"), async (c) => {
    const deps = c.get("deps");
    const worker = thisWorker();
    const run = await createRun(deps.database.db, deps.clock.now(), { planId: idParam(c, "id", "plan"), actor: currentPrincipal(c).actor, trigger: "manual", worker });
    if (deps.startRun) deps.startRun(run.id);
    else void runAndReport(deps.database, deps.clock, run.id, worker).catch((e) => c.get("log").error({ err: e, runId: run.id }, "run could not be executed"));
    return c.json({ id: run.id, status: run.status }, 202);
  });
  return app;
}
