// The end-to-end harness: the real server on a random port over a temporary seeded database, real Chromium
// through playwright-core, sign-in per role, console errors collected, screenshots kept as test artifacts.
import { testCtx } from "../support/ctx.js";
import { serve, type ServerType } from "@hono/node-server";
import { mkdirSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createApp } from "../../server/app.js";
import { createUser } from "../../server/auth/users.js";
import { fixedClock } from "../../server/clock.js";
import { openDatabase, type Database } from "../../server/db/client.js";
import { roles, type Role } from "../../server/db/schema.js";
import { prepareDatabase } from "../../server/startup.js";
import { tempDatabaseUrl } from "../support/app.js";
import { chromiumPath } from "../support/chromium.js";
import { seedDataSet } from "../pages/seed.js";

export const password = "correct horse battery staple";
export const emailOf = (role: Role) => `${role}@e2e.test`;
export const screenshotDir = join(process.cwd(), "test-artifacts", "screenshots");

// --disable-dev-shm-usage: containers often give /dev/shm 64 MB, too little for Chromium, whose tabs then crash
const chromiumArgs = ["--headless", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface Harness {
  base: string;
  database: Database;
  browser: Browser;
  /** console errors and failed page scripts seen so far, with the page they came from */
  errors: string[];
  /** a fresh browser for the role, signed in; `locale` is the browser's language (its Accept-Language) */
  signIn(role: Role, opts?: { locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const { dir, url } = await tempDatabaseUrl();
  const database = await openDatabase(url);
  const clock = fixedClock("2026-11-24T12:00:00Z");
  await prepareDatabase(database, clock);
  await seedDataSet(database.db, clock.now());
  for (const role of roles) await createUser({ ctx: testCtx(database.db, clock.now(), "e2e"), input: { email: emailOf(role), name: `E2E ${role}`, role, password } });
  const app = createApp({ database, clock });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  mkdirSync(screenshotDir, { recursive: true });
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    base,
    database,
    browser,
    errors,
    async signIn(role, opts = {}) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: opts.locale ?? "en-GB" });
      contexts.push(context);
      const page = await context.newPage();
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(`${role} ${page.url()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => errors.push(`${role} ${page.url()}: ${e.message}`));
      await page.goto(`${base}/login`);
      await page.fill("input[name=email]", emailOf(role));
      await page.fill("input[name=password]", password);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("form[action='/login'] button[type=submit]")]);
      return { context, page };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
