// Run by `npm test` before the suite: installs the Debian tools the tests drive (Chromium, poppler-utils, sqlite3)
// and the Chinese fonts its screenshots need (fonts-noto-cjk: without them Chinese pages show empty boxes) when
// they are missing; and Request Tracker 5 with libfaketime for the connector's tests. Needs root (CI is root);
// otherwise, or when apt-get fails, it says what to install. Request Tracker is the one optional part: where it
// cannot be installed its tests skip, saying why (test/support/request-tracker.ts).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromiumPath } from "./chromium.js";

const needs: { pkg: string; file: string }[] = [
  { pkg: "chromium", file: chromiumPath },
  { pkg: "poppler-utils", file: "/usr/bin/pdftotext" },
  { pkg: "sqlite3", file: "/usr/bin/sqlite3" },
  { pkg: "fonts-noto-cjk", file: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc" },
];

/** A private Request Tracker for test/connectors: dbconfig-no-thanks keeps the package from creating a system database. */
const requestTracker = ["request-tracker5", "rt5-db-sqlite", "rt5-standalone", "dbconfig-no-thanks", "faketime"];

const installed = (pkg: string) => spawnSync("dpkg", ["-s", pkg], { stdio: "ignore" }).status === 0;

const missing = needs.filter((n) => !existsSync(n.file)).map((n) => n.pkg);
const missingRt = requestTracker.filter((p) => !installed(p));
if (missing.length === 0 && missingRt.length === 0) process.exit(0);

const hint = (pkgs: string[]) => `The test suite needs these Debian packages: ${pkgs.join(" ")}; install them with: sudo apt-get install -y ${pkgs.join(" ")}`;
const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  if (missing.length) {
    console.error(hint(missing));
    process.exit(1);
  }
  console.warn(`${hint(missingRt)} (the Request Tracker connector's tests skip without them)`);
  process.exit(0);
}
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
// another apt (unattended-upgrades on a fresh machine, a parallel job) may hold the dpkg lock: wait for it up to
// 5 minutes instead of failing at once
const wait = ["-o", "DPkg::Lock::Timeout=300"];
const install = (pkgs: string[]) => execFileSync("apt-get", [...wait, "install", "-y", "-qq", "--no-install-recommends", ...pkgs], { stdio: "inherit", env });
console.log(`installing ${[...missing, ...missingRt].join(", ")} with apt-get …`);
try {
  execFileSync("apt-get", [...wait, "update", "-qq"], { stdio: "inherit", env });
  if (missing.length) install(missing);
} catch {
  // apt-get has already said why on the inherited stderr; a stack trace of this script would add nothing
  if (missing.length) {
    console.error(`apt-get failed. ${hint(missing)}`);
    process.exit(1);
  }
}
if (missingRt.length) {
  try {
    install(missingRt);
  } catch {
    console.warn(`apt-get could not install Request Tracker: ${hint(missingRt)} (the connector's tests skip without them)`);
  }
}
