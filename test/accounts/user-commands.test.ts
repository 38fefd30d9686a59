// `assay user reset-password|deactivate|reactivate --email E`, run as the real command line in a child process.
import { testCtx } from "../support/ctx.js";
import { rmSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { verifyPassword } from "../../server/auth/passwords.js";
import { createUser } from "../../server/auth/users.js";
import { fixedClock } from "../../server/clock.js";
import { openDatabase, type Database } from "../../server/db/client.js";
import { auditTrail, users } from "../../server/db/schema.js";
import { cookieOf, signIn, tempDatabaseUrl } from "../support/app.js";
import { runCli } from "../support/cli.js";

let dir: string;
let url: string;
let database: Database;
let app: ReturnType<typeof createApp>;
const clock = fixedClock("2026-11-24T12:00:00Z");

beforeAll(async () => {
  ({ dir, url } = await tempDatabaseUrl());
  expect(runCli(["migrate"], { databaseUrl: url }).status).toBe(0);
  database = await openDatabase(url);
  app = createApp({ database, clock });
  await createUser({ ctx: testCtx(database.db, clock.now(), "test"), input: { email: "first-admin@example.test", role: "admin", password: "staple orbit lantern velvet" } });
  await createUser({ ctx: testCtx(database.db, clock.now(), "test"), input: { email: "forgetful@example.test", role: "auditor", password: "staple orbit lantern velvet" } });
}, 120_000);
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const userOf = async (email: string) => (await database.db.select().from(users).where(eq(users.email, email)))[0];
const actionsOf = async (id: number) => (await database.db.select().from(auditTrail).where(eq(auditTrail.entityId, String(id)))).map((r) => [r.actor, r.action]);
const session = async (email: string, password: string) => cookieOf(await signIn(app, { email, password }), "assay_session");
const signedIn = async (cookie: string | null) => (await app.request("/", { headers: { cookie: cookie ?? "", accept: "text/html" } })).status === 200;

describe("assay user reset-password", () => {
  it("sets the password read from stdin, by the password rules, and signs the user out everywhere", async () => {
    const cookie = await session("forgetful@example.test", "staple orbit lantern velvet");
    expect(await signedIn(cookie)).toBe(true);

    const weak = runCli(["user", "reset-password", "--email", "forgetful@example.test"], { databaseUrl: url, input: "password123\n", env: { ASSAY_LOCALE: "en" } });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain("password: at least 12 characters");

    const res = runCli(["user", "reset-password", "--email", "Forgetful@Example.test"], { databaseUrl: url, input: "quiet harbour morning tide\n", env: { ASSAY_LOCALE: "en" } });
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toBe("password of forgetful@example.test set; 1 session signed out");
    const user = await userOf("forgetful@example.test");
    expect(await verifyPassword("quiet harbour morning tide", user.passwordHash)).toBe(true);
    expect(await signedIn(cookie)).toBe(false);
    expect(await actionsOf(user.id)).toContainEqual(["cli", "user.password_reset"]);
  });

  it("names an unknown user, in Chinese when asked", () => {
    const res = runCli(["user", "reset-password", "--email", "nobody@example.test"], { databaseUrl: url, input: "quiet harbour morning tide\n", env: { ASSAY_LOCALE: "en" } });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("user nobody@example.test not found");
    const usage = runCli(["user", "deactivate"], { databaseUrl: url, env: { ASSAY_LOCALE: "zh-CN" } });
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain("assay user deactivate|reactivate --email E");
    expect(usage.stderr).toContain("用法");
  });
});

describe("assay user deactivate and reactivate", () => {
  it("deactivates (sessions end, sign-in refused), says so when nothing changes, and reactivates", async () => {
    const cookie = await session("forgetful@example.test", "quiet harbour morning tide");
    const off = runCli(["user", "deactivate", "--email", "forgetful@example.test"], { databaseUrl: url, env: { ASSAY_LOCALE: "en" } });
    expect(off.status).toBe(0);
    expect(off.stdout.trim()).toBe("forgetful@example.test deactivated; 1 session signed out");
    expect(await signedIn(cookie)).toBe(false);
    expect(await session("forgetful@example.test", "quiet harbour morning tide")).toBeNull();
    const again = runCli(["user", "deactivate", "--email", "forgetful@example.test"], { databaseUrl: url, env: { ASSAY_LOCALE: "en" } });
    expect(again.stdout.trim()).toBe("forgetful@example.test was already deactivated; nothing changed");

    const on = runCli(["user", "reactivate", "--email", "forgetful@example.test"], { databaseUrl: url, env: { ASSAY_LOCALE: "zh-CN" } });
    expect(on.status).toBe(0);
    expect(on.stdout.trim()).toBe("已重新启用 forgetful@example.test");
    expect(await signedIn(await session("forgetful@example.test", "quiet harbour morning tide"))).toBe(true);
    const user = await userOf("forgetful@example.test");
    expect(await actionsOf(user.id)).toEqual(expect.arrayContaining([["cli", "user.deactivate"], ["cli", "user.reactivate"]]));
  });

  it("refuses to deactivate the last active administrator", async () => {
    const res = runCli(["user", "deactivate", "--email", "first-admin@example.test"], { databaseUrl: url, env: { ASSAY_LOCALE: "en" } });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("first-admin@example.test is the last active administrator");
    expect((await userOf("first-admin@example.test")).disabled).toBe(false);
  });
});
