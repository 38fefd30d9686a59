// The listening server: `npm start` (with --demo: demo data into an empty database) and `npx assay serve`.
import { serve } from "@hono/node-server";
import { hostname } from "node:os";
import { createApp } from "./app.js";
import { systemClock } from "./clock.js";
import { defaultDatabaseUrl, openDatabase } from "./db/client.js";
import { configFromEnv } from "./config.js";
import { startScheduler } from "./scheduler.js";
import { ensureAdmin, prepareDatabase } from "./startup.js";
import { logger } from "./log.js";
import { notifyConfigFromEnv } from "./notifications/config.js";

export async function runServer(opts: { demo: boolean; port?: number }) {
  // read first: a mistyped setting stops the start before anything is opened
  const config = configFromEnv(process.env);
  const url = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const database = await openDatabase(url, process.env.DATABASE_AUTH_TOKEN, { checkpointInWorker: true, snapshotReader: true });
  const clock = systemClock;
  await prepareDatabase(database, clock, { timezone: config.timezone, log: (line) => logger.info(line) });
  // the first-start credentials are for the person at the console, not for the log pipeline
  await ensureAdmin(database, clock);
  if (opts.demo) {
    const { loadDemoIfEmpty } = await import("./demo/load.js");
    // the demo's progress and its logins are for the person at the console, like the first-start credentials
    await loadDemoIfEmpty(database, clock, (line) => console.log(line));
  }
  const worker = `${hostname()}:${process.pid}`;
  const notify = notifyConfigFromEnv(process.env);
  const scheduler = await startScheduler({ database, clock, worker, config, notify: { config: notify, timezone: config.timezone } });
  const app = createApp({
    database,
    clock,
    notify,
    startRun: (id) => scheduler.startRun(id),
    config,
  });
  const port = opts.port ?? Number(process.env.PORT ?? 3000);
  const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? "0.0.0.0" }, (info) => {
    logger.info({ port: info.port, database: url.replace(/\/\/.*@/, "//…@") }, `Assay is listening on http://localhost:${info.port}`);
  });
  const shutdown = () => {
    scheduler.stop();
    server.close(() => {
      database.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runServer({ demo: process.argv.includes("--demo") }).catch((e) => {
    logger.fatal({ err: e }, "Assay could not start");
    process.exit(1);
  });
}
