// Accounts: create users and API tokens (stored hashed), each change in the audit trail; verbs take ({ ctx, input }).
import { and, count, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { recordChange } from "../audit-trail.js";
import type { Ctx } from "../context.js";
import { apiTokens, roles, users, type Role } from "../db/schema.js";
import { AppError, toIssues } from "../errors.js";
import { minPasswordLength, passwordProblem } from "./password-policy.js";
import { hashPassword } from "./passwords.js";
import { locales } from "../i18n/locales.js";
import { newSecret, sha256 } from "./secrets.js";

export const userInput = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(roles),
  password: z.string().min(minPasswordLength, `at least ${minPasswordLength} characters`).max(200),
});

export async function createUser({ ctx, input }: { ctx: Ctx; input: unknown }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const parsed = userInput.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid user", toIssues(parsed.error.issues));
  const { email, role, password } = parsed.data;
  const weak = passwordProblem(password, email);
  if (weak) throw AppError.invalid("invalid user", [{ path: "password", message: weak }]);
  const name = parsed.data.name ?? email.split("@")[0];
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw AppError.conflict(`a user with email ${email} already exists`);
    const [user] = await tx.insert(users).values({ email, name, role, passwordHash }).returning({ id: users.id });
    await recordChange(tx, now, { actor, action: "user.create", entity: "user", entityId: user.id, after: { email, name, role } });
    return { id: user.id, email, name, role };
  });
}

const roleInput = z.object({ role: z.enum(roles), disabled: z.boolean().optional() });

/** Changes a user's role or disabled flag; the last enabled admin keeps both, or nobody could manage Assay. */
export async function setUserRole({ ctx, input }: { ctx: Ctx; input: { userId: number; data: unknown } }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const { userId } = input;
  const parsed = roleInput.safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid role", toIssues(parsed.error.issues));
  const { role, disabled } = parsed.data;
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ email: users.email, role: users.role, disabled: users.disabled }).from(users).where(eq(users.id, userId));
    if (!before) throw AppError.notFound("user");
    const after = { role, disabled: disabled ?? before.disabled };
    const losesAdmin = before.role === "admin" && !before.disabled && (after.role !== "admin" || after.disabled);
    if (losesAdmin) {
      // counted inside the write transaction: two admins demoting each other at once cannot both pass
      const [{ others }] = await tx
        .select({ others: count() })
        .from(users)
        .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, userId)));
      if (others === 0) throw AppError.conflict(`${before.email} is the last enabled administrator: make another user an administrator first, so that someone can still manage Assay`);
    }
    await tx.update(users).set(after).where(eq(users.id, userId));
    await recordChange(tx, now, { actor, action: "user.update", entity: "user", entityId: userId, before: { role: before.role, disabled: before.disabled }, after });
  });
}

export const tokenInput = z.object({
  name: z.string().trim().min(1).max(120),
  role: z.enum(roles),
});

/** Returns the token itself; only its hash is stored, so it is shown once. */
export async function createApiToken({ ctx, input }: { ctx: Ctx; input: { data: unknown; createdBy?: number } }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const { createdBy } = input;
  const parsed = tokenInput.safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid token", toIssues(parsed.error.issues));
  const token = `assay_${newSecret(24)}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name: parsed.data.name, role: parsed.data.role, tokenHash: sha256(token), prefix: token.slice(0, 12), createdBy })
      .returning({ id: apiTokens.id });
    await recordChange(tx, now, { actor, action: "token.create", entity: "api_token", entityId: row.id, after: { name: parsed.data.name, role: parsed.data.role, prefix: token.slice(0, 12) } });
    return { id: row.id, token, ...parsed.data };
  });
}

export async function revokeApiToken({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const { id } = input;
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id));
    if (!row) throw AppError.notFound("token");
    await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id));
    await recordChange(tx, now, { actor, action: "token.revoke", entity: "api_token", entityId: id, before: { revokedAt: row.revokedAt }, after: { revokedAt: now } });
  });
}

/** A user's language (admin page or the switcher in the top bar); null lets the browser decide again. */
export async function setUserLocale({ ctx, input }: { ctx: Ctx; input: { userId: number; data: unknown } }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const { userId } = input;
  const parsed = z.object({ locale: z.enum(locales).nullable() }).safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid language", toIssues(parsed.error.issues));
  const { locale } = parsed.data;
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
    if (!before) throw AppError.notFound("user");
    if (before.locale === locale) return;
    await tx.update(users).set({ locale }).where(eq(users.id, userId));
    await recordChange(tx, now, { actor, action: "user.locale", entity: "user", entityId: userId, before, after: { locale } });
  });
}
