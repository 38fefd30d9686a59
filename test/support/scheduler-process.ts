// A server process for the scheduler tests, started as a child: `schedule` waits for GO_FILE (which holds
// REAL0), then runs the scheduler on a fast fake clock shared by all children (START + (now − REAL0) × SPEED)
// until END; `pause-run` executes RUN_ID and pauses for ever after evaluating (to be killed mid-run).
import { existsSync, readFileSync } from "node:fs";
import { executeRun } from "../../audits/run-executor.js";
import { thisWorker } from "../../audits/runs.js";
import { systemClock } from "../../server/clock.js";
import { openDatabase } from "../../server/db/client.js";
import { startScheduler } from "../../server/scheduler.js";

const env = (name: string) => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};

async function main() {
  const database = await openDatabase(env("DATABASE_URL"));
  const mode = process.argv[2];
  if (mode === "schedule") {
    const start = Number(env("START")), speed = Number(env("SPEED")), end = Number(env("END"));
    console.log("ready");
    const goFile = env("GO_FILE");
    while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 10));
    const real0 = Number(readFileSync(goFile, "utf8"));
    const clock = { now: () => Math.floor(start + (Date.now() - real0) * speed) };
    const scheduler = await startScheduler({ database, clock, worker: thisWorker(), pollMs: 10, storeReports: false, hooks: { retryMs: 20 } });
    console.log(`started ${clock.now()}`);
    while (clock.now() <= end) await new Promise((r) => setTimeout(r, 20));
    scheduler.stop();
    await scheduler.idle();
    database.close();
    console.log("done");
  } else if (mode === "pause-run") {
    await executeRun(database, systemClock, Number(env("RUN_ID")), thisWorker(), {
      afterEvaluate: async () => {
        console.log("paused");
        await new Promise(() => {});
      },
    });
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
