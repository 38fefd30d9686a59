// Runs the real `assay` command line in a child process against a given database.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..", "..");

export function runCli(args: string[], opts: { databaseUrl: string; input?: string; env?: Record<string, string> }) {
  const res = spawnSync(process.execPath, ["--import", "tsx", join(repoRoot, "server", "cli.ts"), ...args], {
    cwd: repoRoot,
    input: opts.input ?? "",
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: opts.databaseUrl, ...opts.env },
    timeout: 120_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}
