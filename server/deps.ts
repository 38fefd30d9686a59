// The typed Hono environment shared by every route module: the injected dependencies (database, clock, configuration,
// caches, logger, SSO, notifications) and the caller. The configuration itself is read in config.ts.
import type { Clock } from "./clock.js";
import type { Database } from "./db/client.js";
import type { Role } from "./db/schema.js";
import type { KpiCache } from "./kpis/cache.js";
import type { Logger } from "./log.js";
import type { AppConfig } from "./config.js";
import type { NotifyConfig } from "./notifications/config.js";
import type { Locale } from "./i18n/locales.js";
import type { Presentation } from "./i18n/presentation.js";
import type { OidcSignOn } from "./auth/oidc-client.js";

export interface Principal {
  kind: "user" | "token";
  id: number;
  /** what the audit trail records: the user's email or "token:NAME" */
  actor: string;
  name: string;
  role: Role;
  /** the session's CSRF token (sessions only) */
  csrf?: string;
  /** the user's chosen language; null or absent: the browser decides */
  locale?: Locale | null;
}

export interface Deps {
  database: Database;
  clock: Clock;
  config: AppConfig;
  /** a run started from the API is executed by this hook (the scheduler's runner) */
  startRun?: (runId: number) => void;
  /** memoised dashboard answers, one per app (set by createApp) */
  kpiCache?: KpiCache;
  /** where the app logs (default: the process's logger) */
  logger?: Logger;
  /** the single sign-on relying party (set by createApp when config.oidc is) */
  oidc?: OidcSignOn;
  /** SMTP, links and secrets of notifications (absent: e-mails wait in the outbox, nothing is sent from requests) */
  notify?: NotifyConfig;
}

export type AppEnv = {
  Variables: {
    deps: Deps;
    principal: Principal | null;
    /** the request's logger: every line carries its request id */
    log: Logger;
    /** the reader's language and the organisation's time zone (set for every request after authentication) */
    presentation: Presentation;
  };
};

