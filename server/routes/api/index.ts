// Mounts every /api/v1 module. Each module applies `requires(permission)` from the one role table.
import type { Hono } from "hono";
import type { AppEnv } from "../../env.js";
import { engineRoutes } from "./engine.js";
import { ingestRoutes } from "./ingest.js";
import { openApiRoutes } from "./openapi.js";
import { policyRoutes } from "./policies.js";
import { reportRoutes } from "./reports.js";
import { ticketRoutes } from "./tickets.js";

export function mountApi(app: Hono<AppEnv>) {
  app.route("/api/v1", openApiRoutes());
  app.route("/api/v1", ingestRoutes());
  app.route("/api/v1", ticketRoutes());
  app.route("/api/v1", policyRoutes());
  app.route("/api/v1", reportRoutes());
  app.route("/api/v1", engineRoutes());
}
