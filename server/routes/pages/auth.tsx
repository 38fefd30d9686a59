// GET/POST /login (with its own CSRF token) and POST /logout.
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { LoginPage } from "../../../views/login.js";
import { t } from "../../../server/i18n/index.js";
import { clientAddress } from "../../auth/client-address.js";
import { loginToken, loginTokenMatches, renewLoginToken, spendLoginToken } from "../../auth/login-csrf.js";
import { AccountDeactivatedError, clearSessionCookie, login, logout, sessionCookie, setSessionCookie } from "../../auth/sessions.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../deps.js";
import { readForm } from "../request-body.js";
import { submitForm } from "./form-submission.js";
import { html, textOf } from "./render.js";

const here = "http://assay.invalid";

/**
 * The page to open after sign-in: only a path of this site, else "/" (no open redirect). Control characters and
 * backslashes are refused outright: browsers drop tabs and newlines from a Location ("/\t/evil.example" becomes
 * "//evil.example") and read "\" as "/", and CR or LF would split the header. The rest is read by the URL parser as
 * a browser reads it, dot segments resolved ("/.//evil.example" is "//evil.example" too), and the path it gives back
 * is what is judged and followed, percent-encoded, so the header is plain ASCII.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, here);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === here && !path.startsWith("//") ? path : "/";
}

export function authPages() {
  const app = new Hono<AppEnv>();
  app.get("/login", (c) => {
    // the form holds a token: no cache may hand it to someone else
    c.header("Cache-Control", "no-store");
    return html(c, () => <LoginPage next={safeNext(c.req.query("next"))} csrf={loginToken(c)} sso={!!c.get("deps").oidc} />);
  });
  app.post("/login", async (c) => {
    const { database, clock } = c.get("deps");
    c.header("Cache-Control", "no-store");
    const body = await readForm(c);
    const email = typeof body.email === "string" ? body.email : "";
    const password = typeof body.password === "string" ? body.password : "";
    const next = safeNext(body.next);
    // before anything else: a forged post must neither count as a failed sign-in nor end the session the browser has
    if (!loginTokenMatches(c, body._csrf)) {
      return html(c, () => <LoginPage error={t("login.expired")} next={next} email={email} csrf={renewLoginToken(c)} sso={!!c.get("deps").oidc} />, 403);
    }
    return submitForm(c, 
      async () => {
        const old = getCookie(c, sessionCookie);
        if (old) await logout(database.db, old);
        return login(database.db, clock.now(), email, password, clientAddress(c));
      },
      {
        fields: {},
        refused: [401, 403, 429],
        rerender: ({ error: e }) => {
          if (e instanceof AccountDeactivatedError) {
            return html(c, () => <LoginPage error={t("accounts.deactivatedSignIn")} next={next} email={email} csrf={loginToken(c)} sso={!!c.get("deps").oidc} />, 403);
          }
          if (e.retryAfterSeconds !== undefined) c.header("Retry-After", String(e.retryAfterSeconds));
          const message = e.status === 429 ? textOf(c)("login.throttled", { minutes: Math.ceil((e.retryAfterSeconds ?? 60) / 60) }) : textOf(c)("login.failed");
          return html(c, () => <LoginPage error={message} next={next} email={email} csrf={loginToken(c)} sso={!!c.get("deps").oidc} />, e.status as 401 | 429);
        },
      },
      ({ sessionId }) => {
        setSessionCookie(c, sessionId);
        spendLoginToken(c);
        return c.redirect(next, 303);
      },
    );
  });
  app.post("/logout", async (c) => {
    const sid = getCookie(c, sessionCookie);
    const principal = c.get("principal");
    if (principal?.kind === "user") {
      const body = await readForm(c);
      if (body._csrf !== principal.csrf && c.req.header("x-csrf-token") !== principal.csrf) throw new AppError("forbidden", 403, "missing or wrong CSRF token");
    }
    if (sid) await logout(c.get("deps").database.db, sid);
    clearSessionCookie(c);
    return c.redirect("/login", 303);
  });
  return app;
}
