// GET/POST /api/v1/sla-policies and GET /api/v1/services: the SLA policies in force and their versions.
import { asc, eq } from "drizzle-orm";
import { contextOf } from "../../context.js";
import { slaPolicySchema } from "../../contract/index.js";
import { services, slaPolicies } from "../../db/schema.js";
import { createPolicyVersion } from "../../ingest/policy-versions.js";
import { listServices } from "../../ingest/services.js";
import { endpoint } from "./endpoint.js";
import { jsonInput } from "../request-body.js";

export const policyEndpoints = [
  endpoint(
    { method: "get", path: "/services", summary: "Services", permission: "read", responses: { 200: { description: "{services}" } } },
    async (c) => c.json({ services: await listServices(c.get("deps").database.db) }),
  ),
  endpoint(
    { method: "get", path: "/sla-policies", summary: "SLA policies and their versions", permission: "read", responses: { 200: { description: "{policies}" } } },
    async (c) => {
      const rows = await c
        .get("deps")
        .database.db.select({ policy: slaPolicies, service: services.key })
        .from(slaPolicies)
        .leftJoin(services, eq(services.id, slaPolicies.serviceId))
        .orderBy(asc(slaPolicies.serviceId), asc(slaPolicies.version));
      return c.json({ policies: rows.map((r) => ({ ...r.policy, service: r.service })) });
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/sla-policies",
      summary: "A new version of a service's SLA policy (admins); recomputes the tickets it governs",
      permission: "admin",
      body: { content: { "application/json": slaPolicySchema } },
      responses: { 201: { description: "the version" }, 409: { description: "a newer version exists" } },
    },
    async (c) => {
      return c.json(await createPolicyVersion({ ctx: contextOf(c), input: await jsonInput(c) }), 201);
    },
  ),
];
