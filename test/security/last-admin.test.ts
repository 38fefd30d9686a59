// The last enabled administrator can be neither demoted nor disabled: the domain verb answers 409 with a clear
// message, the admin page shows it, and nothing changes; with a second enabled admin both are allowed.
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
    const only = await createUser(t.database.db, t.clock.now(), "test", { email: "only-admin@example.test", role: "admin", password: "correct horse battery" });
    // a disabled admin does not count as another one
    const off = await createUser(t.database.db, t.clock.now(), "test", { email: "off-admin@example.test", role: "admin", password: "correct horse battery" });
    await setUserRole(t.database.db, t.clock.now(), "test", off.id, "admin", true);
    expect(await refusal(setUserRole(t.database.db, t.clock.now(), "test", only.id, "viewer"))).toEqual([409, "conflict", lastAdmin("only-admin@example.test")]);
    expect(await refusal(setUserRole(t.database.db, t.clock.now(), "test", only.id, "admin", true))).toEqual([409, "conflict", lastAdmin("only-admin@example.test")]);
    expect(await userOf("only-admin@example.test")).toMatchObject({ role: "admin", disabled: false });
    // saving the admin unchanged is fine
    expect(await refusal(setUserRole(t.database.db, t.clock.now(), "test", only.id, "admin", false))).toBeNull();

    // with a second enabled admin, the first may go
    await setUserRole(t.database.db, t.clock.now(), "test", off.id, "admin", false);
    expect(await refusal(setUserRole(t.database.db, t.clock.now(), "test", only.id, "viewer"))).toBeNull();
    expect(await userOf("only-admin@example.test")).toMatchObject({ role: "viewer", disabled: false });
    // and now the second is the last one
    expect(await refusal(setUserRole(t.database.db, t.clock.now(), "test", off.id, "auditor"))).toEqual([409, "conflict", lastAdmin("off-admin@example.test")]);
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
