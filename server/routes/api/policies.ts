// GET/POST /api/v1/sla-policies and GET /api/v1/services: the SLA policies in force and their versions.
import { asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import { services, slaPolicies } from "../../db/schema.js";
import type { AppEnv } from "../../env.js";
import { createPolicyVersion } from "../../ingest/policy-versions.js";
import { listServices } from "../../ingest/services.js";

export function policyRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/services", requires("read"), async (c) => c.json({ services: await listServices(c.get("deps").database.db) }));
  app.get("/sla-policies", requires("read"), async (c) => {
    const rows = await c
      .get("deps")
      .database.db.select({ policy: slaPolicies, service: services.key })
      .from(slaPolicies)
      .leftJoin(services, eq(services.id, slaPolicies.serviceId))
      .orderBy(asc(slaPolicies.serviceId), asc(slaPolicies.version));
    return c.json({ policies: rows.map((r) => ({ ...r.policy, service: r.service })) });
  });
  app.post("/sla-policies", requires("admin"), async (c) => {
    const { database, clock } = c.get("deps");
    const body = await c.req.json().catch(() => undefined);
    return c.json(await createPolicyVersion(database.db, clock.now(), currentPrincipal(c).actor, body), 201);
  });
  return app;
}
