// How the server is launched, read from package.json's scripts: `npm start` and `npm run serve` run
// `MALLOC_ARENA_MAX=1 node <flags> --import tsx server/main.ts`, and the benchmark's server process is started with the
// same environment and flags, so the bench measures the memory of what production runs (README, Performance).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

export interface Launch {
  /** the NAME=value assignments before `node` */
  env: Record<string, string>;
  /** the flags between `node` and `--import tsx` */
  flags: string[];
}

/** The environment and Node flags of one of package.json's scripts. */
export function scriptLaunch(script: "start" | "serve"): Launch {
  const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const words = scripts[script].trim().split(/\s+/);
  const env: Record<string, string> = {};
  let at = 0;
  for (; at < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[at]); at++) {
    const eq = words[at].indexOf("=");
    env[words[at].slice(0, eq)] = words[at].slice(eq + 1);
  }
  const end = words.indexOf("--import");
  if (words[at] !== "node" || end < at) throw new Error(`package.json's ${script} script is not \`[NAME=value …] node <flags> --import tsx …\`: ${scripts[script]}`);
  return { env, flags: words.slice(at + 1, end) };
}

/** The server's launch (`npm run serve`, which `npm start` shares). */
export const serverLaunch = (): Launch => scriptLaunch("serve");
