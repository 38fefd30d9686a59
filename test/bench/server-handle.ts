// Starts test/bench/server-process.ts as a child process and talks to it: its port and tokens, and commands over IPC.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Command, Reply } from "./server-process.js";
import { NotAvailable } from "./not-available.js";
import { serverLaunch } from "../support/server-flags.js";

export interface ServerHandle {
  base: string;
  /** the server's database, for checks the parent makes through a connection of its own */
  dbUrl: string;
  ingestToken: string;
  viewerToken: string;
  call(command: Command, args?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL("./server-process.ts", import.meta.url));

export async function startServer(dbUrl: string): Promise<ServerHandle> {
  // the environment and flags of `npm run serve` (package.json): the bench measures the memory of what production runs
  const launch = serverLaunch();
  const child: ChildProcess = fork(script, [], {
    // BENCH_PROFILE=dir writes a V8 CPU profile of the server process there (node --cpu-prof); BENCH_PRELOAD=file.mjs
    // loads a module of yours into it first (a memory sampler, say)
    execArgv: [
      ...launch.flags,
      ...(process.env.BENCH_PRELOAD ? ["--import", process.env.BENCH_PRELOAD] : []),
      "--import", "tsx",
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
    // LOG_LEVEL=warn: a line per request at info would bury the bench's own output (BENCH_LOG_LEVEL overrides)
    env: { ...process.env, ...launch.env, BENCH_DB_URL: dbUrl, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const ready = new Promise<{ port: number; ingestToken: string; viewerToken: string }>((resolve, reject) => {
    pending.set(0, { resolve: (v) => resolve(v as { port: number; ingestToken: string; viewerToken: string }), reject });
  });
  child.on("message", (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(reply.error?.startsWith("n/a:") ? new NotAvailable(reply.error.slice(4).trim()) : new Error(reply.error));
  });
  child.on("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`the bench server exited (code ${code})`));
    pending.clear();
  });
  const { port, ingestToken, viewerToken } = await ready;
  return {
    base: `http://127.0.0.1:${port}`,
    dbUrl,
    ingestToken,
    viewerToken,
    call(command, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, command, args });
      });
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.disconnect();
      });
    },
  };
}
