// Helpers for the engine's API tests: a test app whose runs execute in-process and can be awaited.
import { executeRun } from "../../audits/run-executor.js";
import { buildTestApp, type TestApp } from "../support/app.js";

export async function buildEngineApp(now = "2026-11-24T12:00:00Z"): Promise<TestApp & { settled(): Promise<void> }> {
  const pending: Promise<unknown>[] = [];
  const holder: { app?: TestApp } = {};
  const app = await buildTestApp({ now, startRun: (id) => pending.push(executeRun(holder.app!.database, holder.app!.clock, id, "test:1")) });
  holder.app = app;
  return Object.assign(app, {
    async settled() {
      while (pending.length) await pending.shift();
    },
  });
}

export function json(body: unknown, method = "POST"): RequestInit {
  return { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}
