// Renders an AppError for the browser: a partial for htmx requests, a full page otherwise.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ErrorBox, ErrorPage } from "../../../views/error-page.js";
import type { AppError } from "../../errors.js";
import type { AppEnv } from "../../deps.js";
import { withPresentation } from "../../i18n/presentation.js";

export function renderErrorPage(c: Context<AppEnv>, err: AppError) {
  // errors raised before the presentation middleware ran still render in the reader's language
  return withPresentation(c.get("presentation"), () => renderInPresentation(c, err));
}

function renderInPresentation(c: Context<AppEnv>, err: AppError) {
  const status = err.status as ContentfulStatusCode;
  // an htmx request shows the error in the page's flash area, whatever it meant to swap
  if (c.req.header("hx-request")) {
    c.header("HX-Retarget", "#flash");
    c.header("HX-Reswap", "innerHTML");
    return c.html(<ErrorBox status={err.status} code={err.code} message={err.message} issues={err.issues} />, status);
  }
  return c.html(<ErrorPage status={err.status} code={err.code} message={err.message} issues={err.issues} principal={c.get("principal")} />, status);
}
