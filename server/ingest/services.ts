// Services by key: an unknown key in ingested data creates the service.
import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { services } from "../db/schema.js";

/** Returns key → id for every key, creating the missing services. */
export async function ensureServices(tx: DbOrTx, keys: Iterable<string>): Promise<Map<string, number>> {
  const unique = [...new Set(keys)];
  const map = new Map<string, number>();
  if (unique.length === 0) return map;
  await tx
    .insert(services)
    .values(unique.map((key) => ({ key, name: key })))
    .onConflictDoNothing({ target: services.key });
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await tx.select({ id: services.id, key: services.key }).from(services).where(inArray(services.key, unique.slice(i, i + 500)));
    for (const r of rows) map.set(r.key, r.id);
  }
  return map;
}

export async function listServices(tx: DbOrTx) {
  return tx.select().from(services).orderBy(sql`${services.key}`);
}
