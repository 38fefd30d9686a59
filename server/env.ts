// The typed Hono environment shared by every route module: the injected dependencies and the caller.
import type { Clock } from "./clock.js";
import type { Database } from "./db/client.js";
import type { Role } from "./db/schema.js";
import type { KpiCache } from "./kpis/cache.js";

export interface Principal {
  kind: "user" | "token";
  id: number;
  /** what the audit trail records: the user's email or "token:NAME" */
  actor: string;
  name: string;
  role: Role;
  /** the session's CSRF token (sessions only) */
  csrf?: string;
}

export interface AppConfig {
  /** cookies get the Secure flag; also set when the request arrived over HTTPS */
  secureCookies: boolean;
  /** max upload body in bytes for JSON batches and CSV */
  maxBodyBytes: number;
  /** max attachment size in bytes */
  maxAttachmentBytes: number;
  /** organisation time zone for dashboards */
  timezone: string;
}

export interface Deps {
  database: Database;
  clock: Clock;
  config: AppConfig;
  /** a run started from the API is executed by this hook (the scheduler's runner) */
  startRun?: (runId: number) => void;
  /** memoised dashboard answers, one per app (set by createApp) */
  kpiCache?: KpiCache;
}

export type AppEnv = {
  Variables: {
    deps: Deps;
    principal: Principal | null;
  };
};

export const defaultConfig: AppConfig = {
  secureCookies: false,
  maxBodyBytes: 40 * 1024 * 1024,
  maxAttachmentBytes: 5 * 1024 * 1024,
  timezone: "UTC",
};
