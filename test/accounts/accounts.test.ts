// Accounts: changing one's own password (the page), deactivating and reactivating users (the admin page), and what a
// deactivated user meets: no sign-in (a clear message), no session, no API token of theirs.
import { testCtx } from "../support/ctx.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deactivateUser, reactivateUser } from "../../server/auth/deactivation.js";
import { verifyPassword } from "../../server/auth/passwords.js";
import { createApiToken, createUser } from "../../server/auth/users.js";
import { systemContext } from "../../server/context.js";
import { auditTrail, users } from "../../server/db/schema.js";
import { defaultConfig } from "../../server/config.js";
import { AppError } from "../../server/errors.js";
import { buildTestApp, cookieOf, signIn, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const ctx = () => systemContext({ database: t.database, clock: t.clock, config: defaultConfig }, "test");
const userOf = async (email: string) => (await t.database.db.select().from(users).where(eq(users.email, email)))[0];
const trailOf = async (userId: number) => (await t.database.db.select().from(auditTrail).where(eq(auditTrail.entityId, String(userId)))).map((r) => r.action);

/** A second browser signed in as the same user. */
async function signInAgain(email: string, password: string) {
  const res = await signIn(t.app, { email, password });
  return { res, cookie: cookieOf(res, "assay_session") ?? "" };
}

const get = (path: string, cookie: string) => t.app.request(path, { headers: { cookie, accept: "text/html" } });
const postForm = (path: string, cookie: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: "POST", body: new URLSearchParams(fields), headers: { cookie, accept: "text/html", "content-type": "application/x-www-form-urlencoded", ...headers } });

describe("changing one's own password", () => {
  it("needs the current password and the new one twice, by the password rules, each problem named at its field", async () => {
    const me = await t.session("viewer");
    const page = await get("/account/password", me.cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="currentPassword"');
    expect(html).toContain('name="confirmPassword"');
    const tries: [Record<string, string>, string][] = [
      [{ currentPassword: "wrong password here", newPassword: "staple orbit lantern velvet", confirmPassword: "staple orbit lantern velvet" }, "Current password: is not your current password"],
      [{ currentPassword: "correct horse battery", newPassword: "staple orbit lantern velvet", confirmPassword: "staple orbit lantern" }, "New password again: does not match the new password"],
      [{ currentPassword: "correct horse battery", newPassword: "short", confirmPassword: "short" }, "New password: at least 12 characters"],
      [{ currentPassword: "correct horse battery", newPassword: "Password1234", confirmPassword: "Password1234" }, "New password: is one of the most common passwords"],
      [{ currentPassword: "correct horse battery", newPassword: "correct horse battery", confirmPassword: "correct horse battery" }, "New password: is your current password"],
    ];
    for (const [fields, message] of tries) {
      const res = await postForm("/account/password", me.cookie, { _csrf: me.csrf, ...fields });
      expect(res.status, message).toBe(422);
      expect(await res.text(), message).toContain(message);
    }
    expect(await verifyPassword("correct horse battery", (await userOf(me.email)).passwordHash)).toBe(true);
  });

  it("refuses a post without the session's CSRF token", async () => {
    const me = await t.session("manager");
    const res = await postForm("/account/password", me.cookie, { currentPassword: "correct horse battery", newPassword: "staple orbit lantern velvet", confirmPassword: "staple orbit lantern velvet" });
    expect(res.status).toBe(403);
    expect(await verifyPassword("correct horse battery", (await userOf(me.email)).passwordHash)).toBe(true);
  });

  it("changes it, signs out the user's other sessions, keeps this browser signed in with a new session, and records it", async () => {
    const me = await t.session("auditor");
    const other = await signInAgain(me.email, "correct horse battery");
    expect((await get("/", other.cookie)).status).toBe(200);
    const res = await postForm("/account/password", me.cookie, { _csrf: me.csrf, currentPassword: "correct horse battery", newPassword: "staple orbit lantern velvet", confirmPassword: "staple orbit lantern velvet" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/password?ended=1");
    const fresh = cookieOf(res, "assay_session")!;
    expect(fresh).not.toBe(me.cookie);
    expect(res.headers.getSetCookie().find((c) => c.startsWith("assay_session="))).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/);
    // the other browser and the old cookie are signed out; the new cookie works and says so
    expect((await get("/", other.cookie)).status).toBe(302);
    expect((await get("/", me.cookie)).status).toBe(302);
    const done = await get("/account/password?ended=1", fresh);
    expect(await done.text()).toContain("Your password was changed. 1 other session was signed out.");
    // the new password signs in, the old one does not
    expect((await signInAgain(me.email, "staple orbit lantern velvet")).res.status).toBe(303);
    expect((await signInAgain(me.email, "correct horse battery")).res.status).toBe(401);
    const user = await userOf(me.email);
    expect(await trailOf(user.id)).toContain("user.password_change");
  });

  it("is for people: an API token has no password page", async () => {
    expect((await t.request("/account/password", { role: "admin" })).status).toBe(403);
  });
});

describe("deactivating and reactivating users", () => {
  it("stops sign-in with a clear message, ends the sessions and the user's API tokens at once; reactivation restores sign-in", async () => {
    const admin = await t.session("admin");
    const victim = await t.session("manager");
    const victimUser = await userOf(victim.email);
    const token = await createApiToken({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { data: { name: "victim-token", role: "viewer" }, createdBy: victimUser.id } });
    const bearer = { headers: { authorization: `Bearer ${token.token}` } };
    expect((await t.app.request("/api/v1/services", bearer)).status).toBe(200);
    expect((await get("/", victim.cookie)).status).toBe(200);

    const res = await postForm(`/admin/users/${victimUser.id}/deactivate`, admin.cookie, { _csrf: admin.csrf }, { "hx-request": "true", "hx-target": "users" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`${victim.email} was deactivated and signed out everywhere.`);
    expect((await userOf(victim.email)).disabled).toBe(true);
    expect((await get("/", victim.cookie)).status).toBe(302);
    expect((await t.app.request("/api/v1/services", bearer)).status).toBe(401);
    const refused = await signInAgain(victim.email, "correct horse battery");
    expect(refused.res.status).toBe(403);
    expect(await refused.res.text()).toContain("This account is deactivated. Ask an administrator to reactivate it.");
    expect(refused.cookie).toBe("");
    // a wrong password says nothing about the account's state
    const guessed = await signInAgain(victim.email, "not the password at all");
    expect(guessed.res.status).toBe(401);
    expect(await guessed.res.text()).not.toContain("deactivated");

    const back = await postForm(`/admin/users/${victimUser.id}/reactivate`, admin.cookie, { _csrf: admin.csrf });
    expect(back.status).toBe(200);
    expect(await back.text()).toContain(`${victim.email} was reactivated and can sign in again.`);
    expect((await signInAgain(victim.email, "correct horse battery")).res.status).toBe(303);
    expect((await t.app.request("/api/v1/services", bearer)).status).toBe(200);
    expect(await trailOf(victimUser.id)).toEqual(expect.arrayContaining(["user.deactivate", "user.reactivate"]));
  });

  it("needs the admin role and the CSRF token", async () => {
    const manager = await t.session("manager");
    const target = await userOf(manager.email);
    expect((await postForm(`/admin/users/${target.id}/deactivate`, manager.cookie, { _csrf: manager.csrf })).status).toBe(403);
    const admin = await t.session("admin");
    expect((await postForm(`/admin/users/${target.id}/deactivate`, admin.cookie, {})).status).toBe(403);
    expect((await userOf(manager.email)).disabled).toBe(false);
  });

  it("keeps the last active administrator", async () => {
    // every admin so far off, then one left
    const others = await t.database.db.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
    for (const o of others) await deactivateUser({ ctx: ctx(), input: { userId: o.id } }).catch(() => undefined);
    const last = await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "last-one@example.test", role: "admin", password: "staple orbit lantern velvet" } });
    for (const o of others) await deactivateUser({ ctx: ctx(), input: { userId: o.id } });
    const refusal = await deactivateUser({ ctx: ctx(), input: { email: "last-one@example.test" } }).then(
      () => null,
      (e: unknown) => (e instanceof AppError ? [e.status, e.message] : e),
    );
    expect(refusal).toEqual([409, "last-one@example.test is the last active administrator: make another user an administrator first, so that someone can still manage Assay"]);
    expect((await userOf("last-one@example.test")).disabled).toBe(false);
    // the page says why
    await reactivateUser({ ctx: ctx(), input: { userId: others[0].id } });
    const admin = await signInAgain("last-one@example.test", "staple orbit lantern velvet");
    const page = await get("/admin", admin.cookie);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    await deactivateUser({ ctx: ctx(), input: { userId: others[0].id } });
    const res = await postForm(`/admin/users/${last.id}/deactivate`, admin.cookie, { _csrf: csrf });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("last-one@example.test is the last active administrator");
  });
});
