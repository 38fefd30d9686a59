// Run by `npm test` before the suite: installs the Debian tools the tests drive (Chromium, poppler-utils, sqlite3)
// and the Chinese fonts its screenshots need (fonts-noto-cjk: without them Chinese pages show empty boxes) when
// they are missing. Needs root (CI is root); otherwise, or when apt-get fails, it says what to install.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromiumPath } from "./chromium.js";

const needs: { pkg: string; file: string }[] = [
  { pkg: "chromium", file: chromiumPath },
  { pkg: "poppler-utils", file: "/usr/bin/pdftotext" },
  { pkg: "sqlite3", file: "/usr/bin/sqlite3" },
  { pkg: "fonts-noto-cjk", file: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc" },
];

const missing = needs.filter((n) => !existsSync(n.file)).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const hint = `The test suite needs these Debian packages: ${missing.join(" ")}; install them with: sudo apt-get install -y ${missing.join(" ")}`;
const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.error(hint);
  process.exit(1);
}
console.log(`installing ${missing.join(", ")} with apt-get …`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
// another apt (unattended-upgrades on a fresh machine, a parallel job) may hold the dpkg lock: wait for it up to
// 5 minutes instead of failing at once
const wait = ["-o", "DPkg::Lock::Timeout=300"];
try {
  execFileSync("apt-get", [...wait, "update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", [...wait, "install", "-y", "-qq", "--no-install-recommends", ...missing], { stdio: "inherit", env });
} catch {
  // apt-get has already said why on the inherited stderr; a stack trace of this script would add nothing
  console.error(`apt-get failed. ${hint}`);
  process.exit(1);
}
