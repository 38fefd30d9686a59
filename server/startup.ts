// What every process does before serving: migrate, seed the built-in SLA policy, fill newly derived columns, make sure an admin can sign in.
import { systemContext } from "./context.js";
import { defaultConfig } from "./config.js";
import { count } from "drizzle-orm";
import type { Clock } from "./clock.js";
import { migrateDatabase, type Database } from "./db/client.js";
import { users } from "./db/schema.js";
import { generatePassword } from "./auth/passwords.js";
import { createUser } from "./auth/users.js";
import { fillDerivedColumns } from "./ingest/derived-backfill.js";
import { seedBuiltInPolicy } from "./ingest/sla-policies.js";
import { installRollupTriggers } from "./ingest/rollup-counters.js";
import { alignRollupZone } from "./ingest/rollup-zone.js";
import { rebuildRollups } from "./ingest/rollups.js";

export const defaultAdminEmail = "admin@assay.local";

/**
 * Migrations, the built-in policy, derived columns and the rollups' triggers. `timezone` (the server's
 * ASSAY_TIMEZONE) re-keys the KPI rollups when they were built in another zone; without it (the command line) they
 * stay in the zone they are in.
 */
export async function prepareDatabase(database: Database, clock: Clock, opts: { timezone?: string; log?: (line: string) => void } = {}) {
  await migrateDatabase(database);
  await installRollupTriggers(database.db);
  await seedBuiltInPolicy(database.db, clock.now());
  await fillDerivedColumns(database.db);
  if (opts.timezone) {
    const before = await alignRollupZone(database.db, opts.timezone, rebuildRollups);
    if (before !== null) opts.log?.(`KPI rollups re-keyed from ${before} to ${opts.timezone} days`);
  }
}

/** On the first start, creates the admin: ADMIN_PASSWORD if set, else a generated password printed once. */
export async function ensureAdmin(database: Database, clock: Clock, log: (line: string) => void = console.log) {
  const [{ n }] = await database.db.select({ n: count() }).from(users);
  if (n > 0) return null;
  const email = process.env.ADMIN_EMAIL ?? defaultAdminEmail;
  const given = process.env.ADMIN_PASSWORD || undefined;
  const password = given ?? generatePassword();
  await createUser({ ctx: systemContext({ database, clock, config: defaultConfig }, "system"), input: { email, name: "Administrator", role: "admin", password } });
  log("");
  log("  First start: an administrator account was created.");
  log(`    email:    ${email}`);
  log(given ? "    password: the value of ADMIN_PASSWORD" : `    password: ${password}   (shown once; change it or set ADMIN_PASSWORD before the first start)`);
  log("");
  return { email, password };
}
