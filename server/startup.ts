// What every process does before serving: migrate, seed the built-in SLA policy, fill newly derived columns, make sure an admin can sign in.
import { count } from "drizzle-orm";
import type { Clock } from "./clock.js";
import { migrateDatabase, type Database } from "./db/client.js";
import { users } from "./db/schema.js";
import { generatePassword } from "./auth/passwords.js";
import { createUser } from "./auth/users.js";
import { fillDerivedColumns } from "./ingest/derived-backfill.js";
import { seedBuiltInPolicy } from "./ingest/sla-policies.js";

export const defaultAdminEmail = "admin@assay.local";

export async function prepareDatabase(database: Database, clock: Clock) {
  await migrateDatabase(database);
  await seedBuiltInPolicy(database.db, clock.now());
  await fillDerivedColumns(database.db);
}

/** On the first start, creates the admin: ADMIN_PASSWORD if set, else a generated password printed once. */
export async function ensureAdmin(database: Database, clock: Clock, log: (line: string) => void = console.log) {
  const [{ n }] = await database.db.select({ n: count() }).from(users);
  if (n > 0) return null;
  const email = process.env.ADMIN_EMAIL ?? defaultAdminEmail;
  const given = process.env.ADMIN_PASSWORD || undefined;
  const password = given ?? generatePassword();
  await createUser(database.db, clock.now(), "system", { email, name: "Administrator", role: "admin", password });
  log("");
  log("  First start: an administrator account was created.");
  log(`    email:    ${email}`);
  log(given ? "    password: the value of ADMIN_PASSWORD" : `    password: ${password}   (shown once; change it or set ADMIN_PASSWORD before the first start)`);
  log("");
  return { email, password };
}
