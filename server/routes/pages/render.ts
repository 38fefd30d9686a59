// Rendering a page in the reader's language and time zone. The presentation is set for a synchronous stretch only
// (server/i18n/presentation.ts): building the JSX and turning it into a string happen inside it, so every t() and
// formatter in the components reads the request's language; code after an await in a handler wraps its own text.
import type { Context } from "hono";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../deps.js";
import { withPresentation } from "../../i18n/presentation.js";
import { translator, type Translator } from "../../i18n/translate.js";

/** What a view gives: a JSX element, or HTML already rendered */
type View = string | HtmlEscapedString | Promise<HtmlEscapedString>;

/** Answers with the page `view()` builds, built and rendered in the request's presentation. */
export function html(c: Context<AppEnv>, view: () => View, status?: ContentfulStatusCode): Response | Promise<Response> {
  return withPresentation(c.get("presentation"), () => {
    const text = renderNow(view());
    return status === undefined ? c.html(text) : c.html(text, status);
  });
}

/** A JSX element as HTML, now: synchronously, while the presentation holds (no component of ours is async). */
export function renderNow(view: View): string | HtmlEscapedString {
  const text: unknown = typeof view === "string" || view instanceof Promise ? view : (view as object).toString();
  if (text instanceof Promise) throw new Error("an async component cannot render in the reader's presentation");
  return text as string | HtmlEscapedString;
}

/** Runs `fn` (text outside a page's JSX: a CSV header, a notice, an error message) in the request's presentation. */
export function inPresentation<T>(c: Context<AppEnv>, fn: () => T): T {
  return withPresentation(c.get("presentation"), fn);
}

/** The request's translator, for text a handler builds after an await (a notice, a refusal). */
export const textOf = (c: Context<AppEnv>): Translator => translator(c.get("presentation").locale);
