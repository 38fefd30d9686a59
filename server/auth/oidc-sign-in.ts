// Single sign-on's decision: which Assay user the provider vouched for (by issuer and subject, else by verified
// e-mail, else a new user when provisioning is on), with the role the provider's claim grants; then a session.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordChange } from "../audit-trail.js";
import type { Ctx } from "../context.js";
import { externalIdentities, users, type Role } from "../db/schema.js";
import { AppError, toIssues } from "../errors.js";
import { isLastActiveAdmin } from "./deactivation.js";
import { OidcRefusal } from "./oidc-client.js";
import { roleFromClaim, type OidcSettings } from "./oidc-settings.js";
import { generatePassword, hashPassword } from "./passwords.js";
import { openSession } from "./sessions.js";

export const oidcSignInInput = z.object({
  issuer: z.string().min(1),
  claims: z.looseObject({ sub: z.string().min(1).max(255) }),
  address: z.string(),
});

type User = typeof users.$inferSelect;

/** Returns the session id for the cookie; refuses with an OidcRefusal naming why. */
export async function signInWithOidc({ ctx, input, settings }: { ctx: Ctx; input: unknown; settings: OidcSettings }): Promise<{ sessionId: string; userId: number; role: Role; provisioned: boolean }> {
  const parsed = oidcSignInInput.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid sign-in", toIssues(parsed.error.issues));
  const { issuer, claims, address } = parsed.data;
  const subject = claims.sub;
  const role = roleFromClaim(claims[settings.roleClaim], settings.roleMap);
  if (!role) throw new OidcRefusal("role", `claim ${settings.roleClaim} = ${JSON.stringify(claims[settings.roleClaim] ?? null)} names no Assay role`);
  const email = typeof claims.email === "string" && claims.email_verified !== false ? claims.email.trim().toLowerCase() : null;

  // hashed before the transaction (scrypt is slow): a provisioned user gets a random password nobody knows
  const unusablePassword = settings.provision ? await hashPassword(generatePassword()) : null;
  return ctx.db.transaction(async (tx) => {
    let provisioned = false;
    let user: User | undefined;
    const [linked] = await tx
      .select({ user: users })
      .from(externalIdentities)
      .innerJoin(users, eq(users.id, externalIdentities.userId))
      .where(and(eq(externalIdentities.issuer, issuer), eq(externalIdentities.subject, subject)));
    user = linked?.user;
    if (!user) {
      if (!email) throw new OidcRefusal("email", `the provider sent no verified e-mail for subject ${subject}`);
      [user] = await tx.select().from(users).where(eq(users.email, email));
      if (!user) {
        if (!settings.provision || !unusablePassword) throw new OidcRefusal("no_account", `no Assay user has the e-mail ${email}, and provisioning (OIDC_PROVISION) is off`);
        const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 120) : email.split("@")[0];
        [user] = await tx.insert(users).values({ email, name, role, passwordHash: unusablePassword }).returning();
        await recordChange(tx, ctx.now, { actor: "sso", action: "user.create", entity: "user", entityId: user.id, after: { email, name, role, via: "oidc", issuer } });
        provisioned = true;
      }
      await tx.insert(externalIdentities).values({ userId: user.id, issuer, subject });
      await recordChange(tx, ctx.now, { actor: "sso", action: "user.link_identity", entity: "user", entityId: user.id, after: { issuer, subject } });
    }
    if (user.disabled) throw new OidcRefusal("deactivated", `${user.email} is deactivated`);
    // the provider is the authority on the role; the last active admin keeps theirs, or nobody could manage Assay
    let granted = role;
    if (user.role !== role) {
      if (user.role === "admin" && (await isLastActiveAdmin(tx, user.id))) {
        granted = "admin";
        ctx.log.warn({ user: user.email, claimed: role }, "single sign-on would demote the last active administrator; the role is kept");
      } else {
        await tx.update(users).set({ role }).where(eq(users.id, user.id));
        await recordChange(tx, ctx.now, { actor: "sso", action: "user.update", entity: "user", entityId: user.id, before: { role: user.role }, after: { role, via: "oidc" } });
      }
    }
    await tx.update(externalIdentities).set({ lastSignInAt: ctx.now }).where(and(eq(externalIdentities.issuer, issuer), eq(externalIdentities.subject, subject)));
    const sessionId = await openSession(tx, ctx.now, user, { address, via: "oidc" });
    return { sessionId, userId: user.id, role: granted, provisioned };
  });
}
