// Waivers: auditors request them per plan and rule, compliance officers approve or reject them.
import { Hono } from "hono";
import { findPlan } from "../../../audits/plans.js";
import { approveWaiver, listWaivers, rejectWaiver, requestWaiver } from "../../../audits/waivers.js";
import { storeRunReports } from "../../../reports/store.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../env.js";
import { idParam, jsonInput, today } from "./request-input.js";

export function waiverRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/waivers", requires("read"), async (c) => c.json({ waivers: await listWaivers(c.get("deps").database.db) }));
  app.get("/plans/:id/waivers", requires("read"), async (c) => {
    const db = c.get("deps").database.db;
    const plan = await findPlan(db, idParam(c, "id", "plan"));
    return c.json({ waivers: await listWaivers(db, plan.id) });
  });
  app.post("/plans/:id/waivers", requires("waivers.request"), async (c) => {
    const { database, clock } = c.get("deps");
    const planId = idParam(c, "id", "plan");
    return c.json(await requestWaiver(database.db, clock.now(), currentPrincipal(c).actor, planId, await jsonInput(c), today(c)), 201);
  });
  app.post("/waivers/:id/approve", requires("waivers.approve"), async (c) => {
    const { database, clock } = c.get("deps");
    const approved = await approveWaiver(database.db, clock.now(), currentPrincipal(c).actor, idParam(c, "id", "waiver"));
    // each re-scored run gets its new report version now, not at its next download
    await storeRunReports(database, approved.rescored_runs, clock.now());
    return c.json(approved);
  });
  app.post("/waivers/:id/reject", requires("waivers.approve"), async (c) => {
    const { database, clock } = c.get("deps");
    return c.json(await rejectWaiver(database.db, clock.now(), currentPrincipal(c).actor, idParam(c, "id", "waiver")));
  });
  return app;
}
