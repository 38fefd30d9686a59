// Structured logs: JSON lines with a level and, for requests, a request id (pino); LOG_FORMAT=pretty for people.
import { pino, type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * LOG_LEVEL (default info; silent under the test runner unless set) and LOG_FORMAT (json, or pretty; the default is
 * pretty on a terminal and json otherwise).
 * `destination` lets a test read the lines.
 */
export function createLogger(env: Record<string, string | undefined> = process.env, destination?: DestinationStream): Logger {
  const level = env.LOG_LEVEL ?? (env.VITEST ? "silent" : "info");
  if (!(levels as readonly string[]).includes(level)) throw new Error(`LOG_LEVEL must be one of ${levels.join(", ")}; got "${level}"`);
  // a person at a terminal reads lines; a pipe (a log shipper, systemd, docker) gets JSON
  const format = env.LOG_FORMAT ?? (!destination && process.stdout.isTTY ? "pretty" : "json");
  if (format !== "json" && format !== "pretty") throw new Error(`LOG_FORMAT must be json or pretty; got "${format}"`);
  const options = { level, base: { service: "assay" }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === "pretty") return pino(options, pretty({ colorize: !destination && process.stdout.isTTY, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service", destination: destination ?? 1, sync: true }));
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

/** The process's logger (modules without a request at hand: scheduler, run executor). */
export const logger: Logger = createLogger();
