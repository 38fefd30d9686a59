// The audit engine's API: rulebooks, plans, runs, findings, actions and waivers, one module each.
import { Hono } from "hono";
import type { AppEnv } from "../../env.js";
import { actionRoutes } from "./actions.js";
import { findingRoutes } from "./findings.js";
import { planRoutes } from "./plans.js";
import { rulebookRoutes } from "./rulebooks.js";
import { runRoutes } from "./runs.js";
import { waiverRoutes } from "./waivers.js";

export function engineRoutes() {
  const app = new Hono<AppEnv>();
  app.route("/", rulebookRoutes());
  app.route("/", planRoutes());
  app.route("/", runRoutes());
  app.route("/", findingRoutes());
  app.route("/", actionRoutes());
  app.route("/", waiverRoutes());
  return app;
}
