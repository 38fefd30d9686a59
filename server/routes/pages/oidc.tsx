// GET /auth/oidc/login and /auth/oidc/callback: single sign-on through the configured OpenID provider (404 when
// OIDC_ISSUER is not set). The session it opens is the same as a password sign-in's, cookie included.
import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SsoRefusedPage } from "../../../views/sso-refused.js";
import { clientAddress } from "../../auth/client-address.js";
import { loginToken } from "../../auth/login-csrf.js";
import { OidcRefusal, type PendingSignIn } from "../../auth/oidc-client.js";
import { signInWithOidc } from "../../auth/oidc-sign-in.js";
import { cookiesSecure, logout, sessionCookie, setSessionCookie } from "../../auth/sessions.js";
import { systemContext } from "../../context.js";
import type { AppEnv } from "../../deps.js";
import { AppError } from "../../errors.js";
import { safeNext } from "./auth.js";
import { html } from "./render.js";

/** state, nonce, PKCE verifier and the page to open after: ten minutes to sign in at the provider */
const pendingCookie = "assay_oidc";
const pendingTtlSeconds = 10 * 60;

function encodePending(p: PendingSignIn): string {
  return Buffer.from(JSON.stringify(p)).toString("base64url");
}

function decodePending(value: string | undefined): PendingSignIn | null {
  if (!value) return null;
  try {
    const p = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Partial<PendingSignIn>;
    return typeof p.state === "string" && typeof p.nonce === "string" && typeof p.verifier === "string" && typeof p.next === "string" ? (p as PendingSignIn) : null;
  } catch {
    return null;
  }
}

function signOn(c: Context<AppEnv>) {
  const oidc = c.get("deps").oidc;
  if (!oidc) throw AppError.notFound("single sign-on (OIDC_ISSUER is not set)");
  return oidc;
}

function refused(c: Context<AppEnv>, e: OidcRefusal) {
  c.get("log").warn({ reason: e.reason, detail: e.message }, "single sign-on refused");
  c.header("Cache-Control", "no-store");
  return html(c, () => <SsoRefusedPage reason={e.reason} csrf={loginToken(c)} />, e.reason === "provider" ? 502 : 403);
}

export function oidcPages() {
  const app = new Hono<AppEnv>();
  app.get("/auth/oidc/login", async (c) => {
    const oidc = signOn(c);
    try {
      const { url, pending } = await oidc.start(safeNext(c.req.query("next")));
      // Lax, not Strict: the provider's redirect back is a cross-site navigation, and it must carry this cookie
      setCookie(c, pendingCookie, encodePending(pending), { httpOnly: true, sameSite: "Lax", secure: cookiesSecure(c), path: "/auth/oidc", maxAge: pendingTtlSeconds });
      c.header("Cache-Control", "no-store");
      return c.redirect(url.toString(), 302);
    } catch (e) {
      if (e instanceof OidcRefusal) return refused(c, e);
      throw e;
    }
  });
  app.get("/auth/oidc/callback", async (c) => {
    const oidc = signOn(c);
    const pending = decodePending(getCookie(c, pendingCookie));
    // one use: a replayed callback finds no state to match
    deleteCookie(c, pendingCookie, { path: "/auth/oidc", secure: cookiesSecure(c) });
    try {
      if (!pending) throw new OidcRefusal("expired", "no pending sign-in in this browser (expired, or started elsewhere)");
      // the URL the provider redirected to, as registered: behind a proxy the request's own URL may differ
      const callbackUrl = new URL(oidc.settings.redirectUri);
      callbackUrl.search = new URL(c.req.url).search;
      const { issuer, claims } = await oidc.finish(callbackUrl, pending);
      const deps = c.get("deps");
      const { sessionId } = await signInWithOidc({ ctx: systemContext(deps, "sso"), input: { issuer, claims, address: clientAddress(c) }, settings: oidc.settings });
      const old = getCookie(c, sessionCookie);
      if (old) await logout(deps.database.db, old);
      setSessionCookie(c, sessionId);
      c.header("Cache-Control", "no-store");
      return c.redirect(pending.next, 303);
    } catch (e) {
      if (e instanceof OidcRefusal) return refused(c, e);
      throw e;
    }
  });
  return app;
}
