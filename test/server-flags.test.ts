// The server's V8 flags: `npm start` and `npm run serve` cap the old space (README, Performance: it bounds how far
// V8 lets garbage pile up between collections), and the benchmark's server process runs with the very same flags,
// so its peak memory is the peak of what production runs.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type ServerHandle } from "./bench/server-handle.js";
import { tempDatabaseUrl } from "./support/app.js";
import { scriptNodeFlags, serverNodeFlags } from "./support/server-flags.js";

let server: ServerHandle | undefined;
let dir: string | undefined;
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the server's Node flags", () => {
  it("are the same for npm start and npm run serve, and cap the old space", () => {
    expect(scriptNodeFlags("start")).toEqual(scriptNodeFlags("serve"));
    expect(serverNodeFlags()).toContain("--max-old-space-size=512");
  });

  it("are the flags the benchmark's server process runs with", async () => {
    const temp = await tempDatabaseUrl();
    dir = temp.dir;
    server = await startServer(temp.url);
    const m = (await server.call("memory")) as { execArgv: string[]; heapLimitMb: number };
    expect(m.execArgv.slice(0, serverNodeFlags().length)).toEqual(serverNodeFlags());
    // V8's heap limit is the old space plus the young generation: far below the default (≈ 4 GB on this machine)
    expect(m.heapLimitMb).toBeGreaterThanOrEqual(512);
    expect(m.heapLimitMb).toBeLessThan(640);
  });
});
