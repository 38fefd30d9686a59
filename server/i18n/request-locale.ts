// The middleware that decides who is reading: the user's language, else the locale cookie, else Accept-Language,
// else ASSAY_DEFAULT_LOCALE; and the organisation's time zone, kept on the context for pages, partials and error pages.
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../deps.js";
import { negotiateLocale, parseLocale, type Locale } from "./locales.js";
import { requestEnded, requestStarted } from "./presentation.js";

/** Remembers a visitor's choice before sign-in (and after sign-out); a signed-in user's choice is stored on the user. */
export const localeCookie = "assay_locale";

export function requestLocale(c: Context<AppEnv>): Locale {
  const { config } = c.get("deps");
  return c.get("principal")?.locale ?? parseLocale(getCookie(c, localeCookie)) ?? negotiateLocale(c.req.header("accept-language")) ?? config.defaultLocale;
}

export const presentRequest: MiddlewareHandler<AppEnv> = async (c, next) => {
  const presentation = { locale: requestLocale(c), timeZone: c.get("deps").config.timezone };
  c.set("presentation", presentation);
  // pages render in it with html(c, …) (server/routes/pages/render.ts); no AsyncLocalStorage spans the request
  requestStarted();
  try {
    await next();
  } finally {
    requestEnded();
  }
  // caches must keep one copy per language of a page that was chosen by the browser's header
  if ((c.res.headers.get("content-type") ?? "").startsWith("text/html")) c.res.headers.append("Vary", "Accept-Language");
};
