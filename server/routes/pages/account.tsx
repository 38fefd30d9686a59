// /account/password: the signed-in user changes their own password (people only: an API token has none).
import { Hono, type Context } from "hono";
import { eq } from "drizzle-orm";
import { AccountPage } from "../../../views/account.js";
import { changeOwnPassword } from "../../auth/password-change.js";
import { currentPrincipal, requires, setSessionCookie } from "../../auth/sessions.js";
import { contextOf } from "../../context.js";
import { externalIdentities, users } from "../../db/schema.js";
import type { AppEnv } from "../../deps.js";
import { AppError } from "../../errors.js";
import { readForm } from "../request-body.js";
import { html } from "./render.js";

function person(c: Context<AppEnv>) {
  const principal = currentPrincipal(c);
  if (principal.kind !== "user") throw AppError.forbidden("an API token has no password to change");
  return principal;
}

async function accountOf(c: Context<AppEnv>, userId: number) {
  const db = c.get("deps").database.db;
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  const [identity] = await db.select({ id: externalIdentities.id }).from(externalIdentities).where(eq(externalIdentities.userId, userId)).limit(1);
  return { email: user?.email ?? "", sso: !!identity };
}

export function accountPages() {
  const app = new Hono<AppEnv>();
  app.get("/account/password", requires("account.own"), async (c) => {
    const principal = person(c);
    const ended = c.req.query("ended");
    const changed = ended !== undefined && /^\d{1,6}$/.test(ended) ? { endedSessions: Number(ended) } : undefined;
    const account = await accountOf(c, principal.id);
    return html(c, () => <AccountPage principal={principal} {...account} changed={changed} />);
  });
  app.post("/account/password", requires("account.own"), async (c) => {
    const principal = person(c);
    const body = await readForm(c);
    const field = (name: string) => (typeof body[name] === "string" ? body[name] : undefined);
    try {
      const { sessionId, endedSessions } = await changeOwnPassword({
        ctx: contextOf(c),
        input: { currentPassword: field("currentPassword"), newPassword: field("newPassword"), confirmPassword: field("confirmPassword") },
      });
      setSessionCookie(c, sessionId);
      // the other sessions ended; this browser's new one excludes itself from the count it is told
      return c.redirect(`/account/password?ended=${Math.max(0, endedSessions - 1)}`, 303);
    } catch (e) {
      if (!(e instanceof AppError && e.status === 400)) throw e;
      const account = await accountOf(c, principal.id);
      return html(c, () => <AccountPage principal={principal} {...account} issues={e.issues} />, 422);
    }
  });
  return app;
}
