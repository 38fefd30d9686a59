// The accounts' read model: users and API tokens as the admin pages list them (never a token's secret or hash).
import { asc, desc } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { apiTokens, users } from "../db/schema.js";

/** By e-mail address. */
export function listUsers(db: DbOrTx) {
  return db.select({ id: users.id, email: users.email, name: users.name, role: users.role, disabled: users.disabled, locale: users.locale, createdAt: users.createdAt }).from(users).orderBy(asc(users.email));
}

/** Newest first, revoked ones included. */
export function listTokens(db: DbOrTx) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .orderBy(desc(apiTokens.id));
}
