// How the server is launched: `npm start` and `npm run serve` cap V8's old space and use one glibc malloc arena
// (README, Performance: the cap bounds how far V8 lets garbage pile up between collections; one arena keeps native
// memory from spreading over an arena per thread), and the benchmark's server process runs with the very same
// environment and flags, so its peak memory is the peak of what production runs.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type ServerHandle } from "./bench/server-handle.js";
import { tempDatabaseUrl } from "./support/app.js";
import { scriptLaunch, serverLaunch } from "./support/server-flags.js";

let server: ServerHandle | undefined;
let dir: string | undefined;
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the server's launch", () => {
  it("is the same for npm start and npm run serve: one malloc arena, the old space capped, 8 MB semi-spaces", () => {
    expect(scriptLaunch("start")).toEqual(scriptLaunch("serve"));
    expect(serverLaunch().env).toEqual({ MALLOC_ARENA_MAX: "1" });
    expect(serverLaunch().flags).toContain("--max-old-space-size=512");
    expect(serverLaunch().flags).toContain("--max-semi-space-size=8");
  });

  it("is the launch of the benchmark's server process", async () => {
    const temp = await tempDatabaseUrl();
    dir = temp.dir;
    server = await startServer(temp.url);
    const m = (await server.call("memory")) as { execArgv: string[]; heapLimitMb: number; mallocArenaMax: string | null };
    expect(m.execArgv.slice(0, serverLaunch().flags.length)).toEqual(serverLaunch().flags);
    expect(m.mallocArenaMax).toBe("1");
    // V8's heap limit is the old space plus the young generation: far below the default (≈ 4 GB on this machine)
    expect(m.heapLimitMb).toBeGreaterThanOrEqual(512);
    expect(m.heapLimitMb).toBeLessThan(640);
  });
});
