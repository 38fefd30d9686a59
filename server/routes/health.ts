// GET /healthz: public; answers once the database is reachable (migrations run before the server listens).
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../deps.js";

export function healthRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/healthz", async (c) => {
    await c.get("deps").database.db.run(sql`SELECT 1`);
    return c.json({ status: "ok" });
  });
  return app;
}
