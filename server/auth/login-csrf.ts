// The sign-in form's CSRF token (login CSRF): a double-submit pair, one value in a cookie and in the form's hidden
// field. A page of another site can make a browser post our sign-in form, signing the victim in to the attacker's
// account (whose audit trail then records the victim's work), but it can neither read nor set our cookie.
import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../deps.js";
import { newSecret } from "./secrets.js";
import { cookiesSecure } from "./sessions.js";

const cookieName = "assay_login_csrf";
/** an hour to fill in the form; the cookie is sent to /login only, and never on a cross-site request */
const ttlSeconds = 60 * 60;
const wellFormed = /^[A-Za-z0-9_-]{43}$/;

/** The token of this browser's sign-in form: the one it already holds (other tabs keep working), else a new one. */
export function loginToken(c: Context<AppEnv>): string {
  const held = getCookie(c, cookieName);
  return held && wellFormed.test(held) ? held : renewLoginToken(c);
}

/** A new token, for a form shown again after a refused post. */
export function renewLoginToken(c: Context<AppEnv>): string {
  const token = newSecret();
  setCookie(c, cookieName, token, { httpOnly: true, sameSite: "Strict", secure: cookiesSecure(c), path: "/login", maxAge: ttlSeconds });
  return token;
}

/** Whether the posted field matches the cookie: both present, same value (compared in constant time). */
export function loginTokenMatches(c: Context<AppEnv>, field: unknown): boolean {
  const held = getCookie(c, cookieName);
  if (!held || !wellFormed.test(held) || typeof field !== "string" || field.length !== held.length) return false;
  return timingSafeEqual(Buffer.from(held), Buffer.from(field));
}

/** Signed in: the token has done its job. */
export function spendLoginToken(c: Context<AppEnv>): void {
  deleteCookie(c, cookieName, { path: "/login", secure: cookiesSecure(c) });
}
