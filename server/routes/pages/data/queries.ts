// What the data page reads: recent ingest batches, services with their current policy, SLA policy versions.
import { asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import type { IngestBatch } from "../../../../views/types.js";
import { ingestBatches, services, slaPolicies } from "../../../db/schema.js";

export function recentBatches(db: DbOrTx, limit = 20): Promise<IngestBatch[]> {
  return db.select().from(ingestBatches).orderBy(desc(ingestBatches.id)).limit(limit);
}

export function servicesList(db: DbOrTx) {
  return db.select({ id: services.id, key: services.key, name: services.name }).from(services).orderBy(asc(services.key));
}

export function policyVersions(db: DbOrTx) {
  return db
    .select({ policy: slaPolicies, serviceKey: services.key, serviceName: services.name })
    .from(slaPolicies)
    .leftJoin(services, eq(services.id, slaPolicies.serviceId))
    .orderBy(asc(services.key), asc(slaPolicies.version));
}
