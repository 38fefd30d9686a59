// createApp: builds the Hono app from injected dependencies, mounts every route module, maps errors in one place.
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { authenticate, noStoreForSessions } from "./auth/sessions.js";
import { KpiCache } from "./kpis/cache.js";
import { OidcSignOn } from "./auth/oidc-client.js";
import { AppError } from "./errors.js";
import { type AppEnv, type Deps } from "./deps.js";
import { defaultConfig, type AppConfig } from "./config.js";
import { mountApi } from "./routes/api/index.js";
import { assetRoutes } from "./routes/assets.js";
import { healthRoutes } from "./routes/health.js";
import { mountPages } from "./routes/pages/index.js";
import { renderErrorPage } from "./routes/pages/error-page.js";
import { capBodies } from "./routes/request-body.js";
import { WriteLockTimeout } from "./db/write-gate.js";
import { presentRequest } from "./i18n/request-locale.js";
import { logger } from "./log.js";
import { randomUUID } from "node:crypto";

export function createApp(deps: Omit<Deps, "config"> & { config?: Partial<AppConfig> }) {
  const config = { ...defaultConfig, ...deps.config };
  const full: Deps = { kpiCache: new KpiCache(), ...(config.oidc ? { oidc: new OidcSignOn(config.oidc) } : {}), ...deps, config };
  const app = new Hono<AppEnv>();

  const log = full.logger ?? logger;
  app.use("*", async (c, next) => {
    const started = performance.now();
    const requestId = requestIdOf(c.req.header("x-request-id"));
    c.set("deps", full);
    c.set("principal", null);
    c.set("presentation", { locale: full.config.defaultLocale, timeZone: full.config.timezone });
    c.set("log", log.child({ reqId: requestId }));
    c.header("X-Request-Id", requestId);
    await next();
    const path = new URL(c.req.url).pathname;
    // probes and static assets are many and say little: debug level
    const level = path === "/healthz" || path.startsWith("/assets/") ? "debug" : c.res.status >= 500 ? "error" : "info";
    c.get("log")[level]({ method: c.req.method, path, status: c.res.status, ms: Math.round(performance.now() - started), actor: c.get("principal")?.actor }, "request");
  });
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: "DENY",
      referrerPolicy: "same-origin",
    }),
  );
  app.route("/", healthRoutes());
  app.route("/assets", assetRoutes());
  // the JSON Schema of organisation rulebook files (audits/rulebooks/format.ts), public like the assets
  app.get("/schemas/rulebook.schema.json", async (c) => c.json((await import("../audits/rulebooks/format.js")).rulebookJsonSchema()));
  app.use("*", capBodies(full.config.maxBodyBytes));
  app.use("*", authenticate);
  app.use("*", presentRequest);
  app.use("*", noStoreForSessions);
  mountApi(app);
  mountPages(app);

  app.notFound((c) => handleError(c, AppError.notFound(`${c.req.method} ${new URL(c.req.url).pathname}`)));
  app.onError((err, c) => handleError(c, err));
  return app;
}

/** A caller's X-Request-Id when it is a plain token (a proxy's id, kept for correlation), else a new one. */
function requestIdOf(header: string | undefined): string {
  return header && /^[\w.:-]{1,64}$/.test(header) ? header : randomUUID();
}

const wantsHtml = (c: Context<AppEnv>) => !new URL(c.req.url).pathname.startsWith("/api/") && (c.req.header("accept") ?? "").includes("text/html");

/** The one mapping from errors to the contract's JSON (API) or an error page / partial (browser). */
export function handleError(c: Context<AppEnv>, err: unknown) {
  let appError: AppError;
  if (err instanceof AppError) appError = err;
  else if (err instanceof HTTPException) {
    const status = err.status;
    appError =
      status === 413
        ? new AppError("too_large", 413, "request body too large")
        : new AppError(status === 401 ? "unauthorized" : status === 403 ? "forbidden" : "invalid", status === 401 || status === 403 ? status : 400, err.message || "bad request");
  } else if (err instanceof WriteLockTimeout || (err as { cause?: unknown })?.cause instanceof WriteLockTimeout) {
    // another writer held the database longer than a request may wait (a long import, say): nothing was written
    appError = new AppError("busy", 503, "the database is busy with another writer; nothing was written, retry in a moment", [], 5);
  } else if (err instanceof SyntaxError) {
    appError = AppError.invalid(`malformed JSON: ${err.message}`, [{ path: "", message: "body is not valid JSON" }]);
  } else {
    (c.get("log") ?? logger).error({ err, method: c.req.method, path: new URL(c.req.url).pathname }, "request failed");
    appError = new AppError("internal", 500, "internal error; it has been logged");
  }
  if (appError.retryAfterSeconds !== undefined) c.header("Retry-After", String(appError.retryAfterSeconds));
  if (appError.status === 401 && wantsHtml(c) && c.req.method === "GET") {
    const next = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(next.pathname + next.search)}`, 302);
  }
  if (wantsHtml(c)) return renderErrorPage(c, appError);
  const body: Record<string, unknown> = { error: appError.code, message: appError.message, ...appError.extra };
  if (appError.issues.length) body.issues = appError.issues;
  return c.json(body, appError.status as ContentfulStatusCode);
}
