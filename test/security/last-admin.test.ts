// The last enabled administrator can be neither demoted nor disabled: the domain verb answers 409 with a clear
// message, the admin page shows it, and nothing changes; with a second enabled admin both are allowed.
import { testCtx } from "../support/ctx.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, setUserRole } from "../../server/auth/users.js";
import { users } from "../../server/db/schema.js";
import { AppError } from "../../server/errors.js";
import { buildTestApp, type TestApp } from "../support/app.js";

const lastAdmin = (email: string) => `${email} is the last enabled administrator: make another user an administrator first, so that someone can still manage Assay`;

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const userOf = async (email: string) => (await t.database.db.select().from(users).where(eq(users.email, email)))[0];
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof AppError ? [e.status, e.code, e.message] : e));

describe("the last enabled administrator", () => {
  it("cannot be demoted or disabled through the domain verb (409), and stays as it was", async () => {
    const only = await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "only-admin@example.test", role: "admin", password: "correct horse battery" } });
    // a disabled admin does not count as another one
    const off = await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "off-admin@example.test", role: "admin", password: "correct horse battery" } });
    await setUserRole({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { userId: off.id, data: { role: "admin", disabled: true } } });
    expect(await refusal(setUserRole({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { userId: only.id, data: { role: "viewer" } } }))).toEqual([409, "conflict", lastAdmin("only-admin@example.test")]);
    expect(await refusal(setUserRole({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { userId: only.id, data: { role: "admin", disabled: true } } }))).toEqual([409, "conflict", lastAdmin("only-admin@example.test")]);
    expect(await userOf("only-admin@example.test")).toMatchObject({ role: "admin", disabled: false });
    // saving the admin unchanged is fine
    expect(await refusal(setUserRole({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { userId: only.id, data: { role: "admin", disabled: false } } }))).toBeNull();

    // with a second enabled admin, the first may go
    await setUserRole({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { userId: off.id, data: { role: "admin", disabled: false } } });
    expect(await refusal(setUserRole({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { userId: only.id, data: { role: "viewer" } } }))).toBeNull();
    expect(await userOf("only-admin@example.test")).toMatchObject({ role: "viewer", disabled: false });
    // and now the second is the last one
    expect(await refusal(setUserRole({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { userId: off.id, data: { role: "auditor" } } }))).toEqual([409, "conflict", lastAdmin("off-admin@example.test")]);
    // the verb validates its input itself: a role that does not exist is a 400 naming the field, and nothing changes
    const bad = await setUserRole({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { userId: off.id, data: { role: "boss" } } }).then(() => null, (e: AppError) => e);
    expect([bad?.status, bad?.issues.map((i) => i.path)]).toEqual([400, ["role"]]);
    expect(await userOf("off-admin@example.test")).toMatchObject({ role: "admin", disabled: false });
  });

  it("cannot demote themselves on the admin page, which says why", async () => {
    await t.database.db.update(users).set({ disabled: true }).where(eq(users.role, "admin"));
    const admin = await t.session("admin");
    const me = await userOf(admin.email);
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      t.app.request(`/admin/users/${me.id}`, {
        method: "POST",
        body: new URLSearchParams({ _csrf: admin.csrf, ...fields }),
        headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...headers },
      });
    const partial = await post({ role: "viewer" }, { "hx-request": "true", "hx-target": "users" });
    expect(partial.status).toBe(409);
    const html = await partial.text();
    expect(html.startsWith('<section id="users"')).toBe(true);
    expect(html).toContain(lastAdmin(admin.email));
    const page = await post({ role: "admin", disabled: "on" });
    expect(page.status).toBe(409);
    expect(await page.text()).toContain(lastAdmin(admin.email));
    expect(await userOf(admin.email)).toMatchObject({ role: "admin", disabled: false });
  });
});
