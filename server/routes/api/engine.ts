// Rulebooks, plans, runs, findings, actions, waivers and reports: filled in by the audit-engine work.
import { Hono } from "hono";
import type { AppEnv } from "../../env.js";

export function engineRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
