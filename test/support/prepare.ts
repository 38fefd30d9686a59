// Run by `npm test` before the suite: installs the Debian tools the tests drive (Chromium, poppler-utils, sqlite3)
// when they are missing. Needs root (CI is root); otherwise it says what to install.
import { execFileSync, execSync } from "node:child_process";
import { existsSync } from "node:fs";

const needs: { pkg: string; file: string }[] = [
  { pkg: "chromium", file: "/usr/bin/chromium" },
  { pkg: "poppler-utils", file: "/usr/bin/pdftotext" },
  { pkg: "sqlite3", file: "/usr/bin/sqlite3" },
];

const missing = needs.filter((n) => !existsSync(n.file)).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.error(`The test suite needs these Debian packages: ${missing.join(" ")}\nInstall them with: sudo apt-get install -y ${missing.join(" ")}`);
  process.exit(1);
}
console.log(`installing ${missing.join(", ")} with apt-get …`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execSync("apt-get update -qq", { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { stdio: "inherit", env });
