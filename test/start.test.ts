// The README's run command, as a new user meets it: migrate, load the demo data, serve, print a login that works.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDatabaseUrl } from "./support/app.js";
import { repoRoot } from "./support/cli.js";
import { scriptLaunch } from "./support/server-flags.js";

let child: ChildProcess | undefined;
let dir: string | undefined;
afterAll(async () => {
  // the server must be gone before its database directory is removed
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe("npm start", () => {
  it("serves the demo data set and the printed administrator login works", async () => {
    const temp = await tempDatabaseUrl();
    dir = temp.dir;
    const url = temp.url;
    const port = await freePort();
    // with the start script's environment and Node flags (its capped old space): the demo data set loads within them
    const launch = scriptLaunch("start");
    child = spawn(process.execPath, [...launch.flags, "--import", "tsx", join(repoRoot, "server", "main.ts"), "--demo"], {
      cwd: repoRoot,
      // the server's log (where "listening on" is said) at its default level, whatever the test runner's
      env: { ...process.env, ...launch.env, DATABASE_URL: url, PORT: String(port), ADMIN_PASSWORD: "", DEMO_PASSWORD: "", LOG_LEVEL: "info" },
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 280_000);
      child!.stdout!.on("data", () => {
        if (out.includes("listening on")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child!.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
    });
    const [, email, password] = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(out) ?? [];
    expect(email).toBe("admin@assay.local");
    const base = `http://localhost:${port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    // as a browser does: the sign-in page first, for its CSRF cookie and hidden field
    const form = await fetch(`${base}/login`);
    const loginCookie = form.headers.getSetCookie()[0].split(";")[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const login = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCookie },
      body: new URLSearchParams({ email: email!, password: password!, _csrf: csrf }),
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("assay_session="))!.split(";")[0];
    const overview = await fetch(`${base}/`, { headers: { cookie, accept: "text/html" } });
    expect(overview.status).toBe(200);
    expect(out).toMatch(/demo data: [\d,]{6,} tickets/);
    expect(out).toMatch(/audit plans with [1-9]\d* past runs/);
  }, 300_000);
});
