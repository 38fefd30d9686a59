// How a page route tells an htmx swap from a navigation: the same component renders alone or inside the page.
import type { Context } from "hono";
import type { AppEnv } from "../../deps.js";

/** An htmx request that wants a fragment (a history restore wants the whole page). */
export function wantsPartial(c: Context<AppEnv>): boolean {
  return c.req.header("hx-request") === "true" && c.req.header("hx-history-restore-request") !== "true";
}

/** Pages whose body depends on HX-Request must say so to caches. */
export function varyOnHtmx(c: Context<AppEnv>) {
  c.header("Vary", "HX-Request");
}
