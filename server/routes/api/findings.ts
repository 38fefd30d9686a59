// GET /api/v1/findings (filters: plan_id, status, severity, rule_id) with their improvement actions.
import { Hono } from "hono";
import { listFindings } from "../../../audits/findings.js";
import { requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../env.js";
import { today } from "./request-input.js";

export function findingRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/findings", requires("read"), async (c) => c.json({ findings: await listFindings(c.get("deps").database.db, c.req.query(), today(c)) }));
  return app;
}
