// POST /locale: the language switcher. A signed-in user's choice is stored on the account (and in the audit trail);
// a visitor's in a cookie. Either way the browser goes back to the page it came from.
import { contextOf } from "../../context.js";
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { loginTokenMatches } from "../../auth/login-csrf.js";
import { cookiesSecure } from "../../auth/sessions.js";
import { setUserLocale } from "../../auth/users.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../deps.js";
import { isLocale } from "../../i18n/locales.js";
import { localeCookie } from "../../i18n/request-locale.js";
import { readForm } from "../request-body.js";

/** Back to the page the switch was made on: a path of this site from the Referer, else the overview. */
function backTo(referer: string | undefined, self: string): string {
  if (!referer) return "/";
  try {
    const url = new URL(referer);
    return url.origin === new URL(self).origin && !url.pathname.startsWith("//") ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}

export function localePages() {
  const app = new Hono<AppEnv>();
  app.post("/locale", async (c) => {
    const body = await readForm(c);
    const principal = c.get("principal");
    // the form's token before anything else: a forged post learns nothing, not even whether its value was valid
    const signedIn = principal?.kind === "user";
    if (signedIn ? body._csrf !== principal.csrf : !loginTokenMatches(c, body._csrf)) throw new AppError("forbidden", 403, "missing or wrong CSRF token");
    const choice = body.locale === "" || body.locale === "auto" ? null : body.locale;
    if (choice !== null && !isLocale(choice)) throw AppError.invalid("invalid language", [{ path: "locale", message: "must be en, zh-CN or auto" }]);
    if (signedIn) {
      const { database, clock } = c.get("deps");
      await setUserLocale({ ctx: contextOf(c), input: { userId: principal.id, data: { locale: choice } } });
    }
    if (choice === null) setCookie(c, localeCookie, "", { path: "/", maxAge: 0 });
    else setCookie(c, localeCookie, choice, { httpOnly: true, sameSite: "Lax", secure: cookiesSecure(c), path: "/", maxAge: 365 * 24 * 3600 });
    return c.redirect(backTo(c.req.header("referer"), c.req.url), 303);
  });
  return app;
}
