// A private Request Tracker 5 (Debian's request-tracker5 package) for the connector's tests: SQLite, config and logs in
// a temporary directory, its own server on a random loopback port, run under libfaketime so that every ticket and
// transaction gets the time the test chooses (RT lets no one set them through REST). Facts and traps:
// ../shared/domain/request-tracker.md.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const rtServer = "/usr/share/request-tracker5/libexec/rt-server";
const rtSetup = "/usr/sbin/rt-setup-database-5";
const rtLib = "/usr/share/request-tracker5/lib";
const libfaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

/** Why the RT tests cannot run here, or null when they can (the package is installed: test/support/prepare.ts installs it). */
export function requestTrackerMissing(): string | null {
  const status = spawnSync("dpkg", ["-s", "request-tracker5"], { encoding: "utf8" });
  if (status.status !== 0 || !existsSync(rtServer)) return "Debian package request-tracker5 is not installed (apt-get install request-tracker5 rt5-db-sqlite rt5-standalone dbconfig-no-thanks faketime)";
  if (!existsSync(libfaketime)) return "Debian package faketime is not installed";
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function siteConfig(dir: string, port: number): string {
  return `Set($DatabaseType, 'SQLite');
Set($DatabaseName, '${join(dir, "rt.db")}');
Set($Timezone, 'UTC');
Set($WebDomain, '127.0.0.1');
Set($WebPort, ${port});
Set($WebPath, '');
Set($WebBaseURL, 'http://127.0.0.1:${port}');
Set($LogToSyslog, undef);
Set($LogToSTDERR, 'warning');
Set($LogToFile, undef);
Set($MailCommand, 'mbox');
Set($BcryptCost, 4);
Set(%MasonParameters, data_dir => '${join(dir, "var", "mason")}');
$RT::VarPath = '${join(dir, "var")}';
$RT::MasonDataDir = '${join(dir, "var", "mason")}';
$RT::MasonSessionDir = '${join(dir, "var", "session")}';
1;
`;
}

/** A directory holding an RT config; RT_SITE_CONFIG_DIR is empty so the package's system-wide snippets are not read. */
function configure(dir: string, port: number) {
  mkdirSync(join(dir, "var", "mason"), { recursive: true });
  mkdirSync(join(dir, "var", "session"), { recursive: true });
  mkdirSync(join(dir, "site.d"), { recursive: true });
  writeFileSync(join(dir, "RT_SiteConfig.pm"), siteConfig(dir, port));
  return { ...process.env, RT_SITE_CONFIG: join(dir, "RT_SiteConfig.pm"), RT_SITE_CONFIG_DIR: join(dir, "site.d") };
}

/** Initialising costs ≈ 15–25 s on 2 cores: done once per test process, then each server copies the file. */
let prepared: { dir: string; token: string } | null = null;

/**
 * rt.db initialised, with root's auth token (no REST call creates one) and two global ticket custom fields,
 * Satisfaction and Category (created before any server runs: a running server caches the custom fields it knows).
 */
function preparedDatabase(): { dir: string; token: string } {
  if (prepared) return prepared;
  const dir = mkdtempSync(join(tmpdir(), "assay-rt-init-"));
  const env = configure(dir, 1);
  execFileSync(rtSetup, ["--action", "init", "--dba-password", ""], { env, input: "", stdio: ["pipe", "ignore", "pipe"] });
  const script = `use RT; RT::LoadConfig(); RT::Init();
my $u = RT::User->new(RT->SystemUser); $u->Load("root");
for my $n ("Satisfaction", "Category") {
  my $cf = RT::CustomField->new(RT->SystemUser);
  my ($ok, $m) = $cf->Create(Name => $n, Type => "Freeform", MaxValues => 1, LookupType => "RT::Queue-RT::Ticket"); die $m unless $ok;
  ($ok, $m) = $cf->AddToObject(RT::Queue->new(RT->SystemUser)); die $m unless $ok;
}
my ($ok, $msg, $auth) = RT::AuthToken->new($u)->Create(Owner => $u->Id, Description => "assay tests"); die $msg unless $ok;
print "TOKEN=$auth\\n";`;
  const out = execFileSync("perl", [`-I${rtLib}`, "-e", script], { env, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
  const token = /TOKEN=(\S+)/.exec(out)?.[1];
  if (!token) throw new Error(`no RT auth token created: ${out}`);
  prepared = { dir, token };
  return prepared;
}

export interface RequestTracker {
  /** base URL, without /REST/2.0 */
  url: string;
  /** root's auth token (`Authorization: token …`) */
  token: string;
  /** freezes RT's clock at this UTC time ('2026-03-06 16:00:00') for the calls that follow */
  at(time: string): void;
  /** a REST 2.0 call as root; a PUT whose message array reports a failure throws (RT answers those with 200) */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startRequestTracker(): Promise<RequestTracker> {
  const base = preparedDatabase();
  const dir = mkdtempSync(join(tmpdir(), "assay-rt-"));
  const port = await freePort();
  const env = configure(dir, port);
  copyFileSync(join(base.dir, "rt.db"), join(dir, "rt.db"));
  const clockFile = join(dir, "faketime");
  writeFileSync(clockFile, "+0");
  const child: ChildProcess = spawn(rtServer, ["--host", "127.0.0.1", "--port", String(port), "--max-workers", "2"], {
    env: { ...env, LD_PRELOAD: libfaketime, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_NO_CACHE: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const basic = `Basic ${Buffer.from("root:password").toString("base64")}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // a frozen clock keeps the server's shutdown waiting for ever: let time run again first. SIGTERM, never
      // SIGINT: as root, its handler runs chown -R on the package's state directory.
      writeFileSync(clockFile, "+0");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`rt-server exited (${child.exitCode}): ${stderr}`);
      const ok = await fetch(`${url}/REST/2.0/rt`, { headers: { authorization: basic } }).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`rt-server did not answer within 90 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    url,
    token: base.token,
    at(time) {
      writeFileSync(clockFile, time);
    },
    async call<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${url}/REST/2.0${path}`, {
        method,
        headers: { authorization: `token ${base.token}`, "content-type": "application/json", accept: "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`RT ${method} ${path}: ${res.status} ${text}`);
      const json = JSON.parse(text) as T;
      if (method === "PUT" && Array.isArray(json) && json.some((m) => /isn't|not |invalid|could not|failed/i.test(String(m)))) throw new Error(`RT ${method} ${path}: ${JSON.stringify(json)}`);
      return json;
    },
    stop,
  };
}

/** Removes the initialised database this process kept (call from afterAll). */
export function forgetPreparedDatabase() {
  if (prepared) rmSync(prepared.dir, { recursive: true, force: true });
  prepared = null;
}

