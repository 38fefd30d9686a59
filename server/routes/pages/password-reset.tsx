// GET/POST /login/forgot and /login/reset: the e-mailed password-reset link. Under /login so that the sign-in
// form's CSRF cookie (path /login) guards these forms too.
import { Hono } from "hono";
import { ForgotPasswordPage, ResetDonePage, ResetPasswordPage } from "../../../views/password-reset.js";
import { clientAddress } from "../../auth/client-address.js";
import { loginToken, loginTokenMatches, renewLoginToken } from "../../auth/login-csrf.js";
import { minPasswordLength } from "../../auth/password-policy.js";
import { requestPasswordReset, resetPassword, resetTokenAccount } from "../../auth/password-reset.js";
import type { AppEnv } from "../../deps.js";
import { AppError } from "../../errors.js";
import { t } from "../../i18n/index.js";
import { logger } from "../../log.js";
import { deliverDue } from "../../notifications/worker.js";
import { readForm } from "../request-body.js";
import { html } from "./render.js";

const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");

export function passwordResetPages() {
  const app = new Hono<AppEnv>();
  app.use("/login/*", async (c, next) => {
    // the forms hold a token, the reset page's URL the link's: no cache keeps either
    c.header("Cache-Control", "no-store");
    await next();
  });
  app.get("/login/forgot", (c) => html(c, () => <ForgotPasswordPage csrf={loginToken(c)} />));
  app.post("/login/forgot", async (c) => {
    const deps = c.get("deps");
    const body = await readForm(c);
    const email = field(body, "email");
    if (!loginTokenMatches(c, body._csrf)) return html(c, () => <ForgotPasswordPage csrf={renewLoginToken(c)} email={email} error={t("login.expired")} />, 403);
    try {
      const { notificationId } = await requestPasswordReset(deps.database.db, deps.clock.now(), clientAddress(c), { email });
      // sent now rather than at the next pass; not awaited, so the answer takes as long whether or not the account exists
      if (notificationId !== null && deps.notify) {
        const log = c.get("log") ?? logger;
        void deliverDue({ database: deps.database, clock: deps.clock, config: deps.notify }, { ids: [notificationId] }).catch((err) => log.error({ err }, "password reset e-mail not sent"));
      }
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 429) throw e;
      c.header("Retry-After", String(e.retryAfterSeconds ?? 3600));
      return html(c, () => <ForgotPasswordPage csrf={loginToken(c)} email={email} error={t("notifications.reset.tooMany")} />, 429);
    }
    return html(c, () => <ForgotPasswordPage csrf={loginToken(c)} sent />);
  });
  app.get("/login/reset", async (c) => {
    const { database, clock } = c.get("deps");
    const token = c.req.query("token") ?? "";
    const account = await resetTokenAccount(database.db, clock.now(), token);
    if (!account) return html(c, () => <ResetPasswordPage csrf={loginToken(c)} token="" email={null} error={t("notifications.reset.invalid")} />, 404);
    return html(c, () => <ResetPasswordPage csrf={loginToken(c)} token={token} email={account.email} />);
  });
  app.post("/login/reset", async (c) => {
    const { database, clock } = c.get("deps");
    const body = await readForm(c);
    const token = field(body, "token");
    const account = await resetTokenAccount(database.db, clock.now(), token);
    if (!loginTokenMatches(c, body._csrf)) return html(c, () => <ResetPasswordPage csrf={renewLoginToken(c)} token={token} email={account?.email ?? null} error={t("login.expired")} />, 403);
    try {
      await resetPassword(database.db, clock.now(), clientAddress(c), { token, password: field(body, "password"), confirm: field(body, "confirm") });
      return html(c, () => <ResetDonePage />);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.status === 404) return html(c, () => <ResetPasswordPage csrf={loginToken(c)} token="" email={null} error={t("notifications.reset.invalid")} />, 404);
      if (e.status !== 400) throw e;
      const mismatch = e.issues.some((i) => i.path === "confirm");
      return html(c, () => <ResetPasswordPage csrf={loginToken(c)} token={token} email={account?.email ?? null} error={t(mismatch ? "notifications.reset.mismatch" : "notifications.reset.weak", { n: minPasswordLength })} />, 400);
    }
  });
  return app;
}
