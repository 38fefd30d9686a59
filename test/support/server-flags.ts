// The Node/V8 flags the server runs with, read from package.json's scripts: `npm start` and `npm run serve` run
// `node <flags> --import tsx server/main.ts`, and the benchmark's server process is started with the same flags, so the
// bench measures the memory of what production runs (README, Performance).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

/** The flags between `node` and `--import tsx` in one of package.json's scripts. */
export function scriptNodeFlags(script: "start" | "serve"): string[] {
  const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const words = scripts[script].trim().split(/\s+/);
  const end = words.indexOf("--import");
  if (words[0] !== "node" || end < 0) throw new Error(`package.json's ${script} script is not \`node <flags> --import tsx …\`: ${scripts[script]}`);
  return words.slice(1, end);
}

/** The server's flags (`npm run serve`, which `npm start` shares). */
export const serverNodeFlags = (): string[] => scriptNodeFlags("serve");
