// Single sign-on against a real OpenID provider (oidc-provider on a random port), Assay on real ports: the browser
// goes through the provider's sign-in and consent pages and back; the role comes from the claim; refusals leave no
// session.
import { testCtx } from "../support/ctx.js";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deactivateUser } from "../../server/auth/deactivation.js";
import type { OidcSettings } from "../../server/auth/oidc-settings.js";
import { createUser } from "../../server/auth/users.js";
import { systemContext } from "../../server/context.js";
import { defaultConfig } from "../../server/config.js";
import { auditTrail, externalIdentities, users } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { HandDrivenBrowser, startImpostor, startProvider, type TestProvider } from "../support/oidc-provider.js";

interface Assay {
  t: TestApp;
  base: string;
}

/** A listening socket whose handler is set once the app exists: its port makes ASSAY_BASE_URL. */
async function socket(): Promise<{ server: Server; base: string; attach(t: TestApp): void }> {
  let listener: ReturnType<typeof getRequestListener> | null = null;
  const server = createServer((req, res) => {
    if (listener) void listener(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base, attach: (t) => (listener = getRequestListener(t.app.fetch)) };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

let provider: TestProvider;
/** provisioning off; a role map for a provider that sends groups */
let existingOnly: Assay;
/** OIDC_PROVISION=1 */
let provisioning: Assay;
/** OIDC_ISSUER names the provider by another address: discovery's issuer does not match */
let lookAlike: Assay;
/** discovery answered by an impostor claiming to be the issuer; the real provider's tokens carry another `iss` */
let impostored: Assay;

beforeAll(async () => {
  const sockets = await Promise.all([socket(), socket(), socket(), socket()]);
  for (const s of sockets) cleanups.push(() => new Promise<void>((resolve) => (s.server.closeAllConnections(), s.server.close(() => resolve()))));
  provider = await startProvider({ redirectUris: sockets.map((s) => `${s.base}/auth/oidc/callback`) });
  cleanups.push(() => provider.close());
  const impostor = await startImpostor(provider);
  cleanups.push(() => impostor.close());
  const settings = (base: string, overrides: Partial<OidcSettings>): OidcSettings => ({
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    roleClaim: "assay_role",
    roleMap: {},
    provision: false,
    redirectUri: `${base}/auth/oidc/callback`,
    ...overrides,
  });
  const variants: Partial<OidcSettings>[] = [
    { roleMap: { "grp-auditors": "auditor" } },
    { provision: true },
    { issuer: `http://localhost:${provider.port}` },
    { issuer: impostor.issuer },
  ];
  const apps = await Promise.all(
    sockets.map(async (s, i) => {
      const t = await buildTestApp({ config: { oidc: settings(s.base, variants[i]) } });
      cleanups.push(() => t.close());
      s.attach(t);
      return { t, base: s.base };
    }),
  );
  [existingOnly, provisioning, lookAlike, impostored] = apps;
}, 60_000);

async function userByEmail(t: TestApp, email: string) {
  const [user] = await t.database.db.select().from(users).where(eq(users.email, email));
  return user;
}

/** Signs in through the provider as `login`; returns Assay's last answer and the session cookie it left, if any. */
async function ssoSignIn(assay: Assay, login: string, next = "/") {
  const browser = new HandDrivenBrowser();
  const res = await browser.signIn(`${assay.base}/auth/oidc/login?next=${encodeURIComponent(next)}`, login, { until: `${assay.base}/auth/oidc/callback` });
  return { browser, res, session: browser.cookie(assay.base, "assay_session") };
}

/** What Assay answers the session cookie: the top bar names the user and role. */
async function pageAs(assay: Assay, session: string | undefined, path = "/") {
  return fetch(`${assay.base}${path}`, { headers: { cookie: `assay_session=${session}`, accept: "text/html" }, redirect: "manual" });
}

describe("single sign-on with OpenID Connect", () => {
  it("offers SSO on the sign-in page when configured", async () => {
    const html = await (await fetch(`${existingOnly.base}/login`)).text();
    expect(html).toContain('href="/auth/oidc/login?next=%2F"');
    expect(html).toContain("Sign in with SSO");
  });

  it("signs in an existing user with the role the claim names, through the provider's sign-in and consent pages", async () => {
    await createUser({ ctx: testCtx(existingOnly.t.database.db, Date.now(), "test"), input: { email: "ana@example.test", role: "viewer", password: "staple orbit lantern velvet" } });
    provider.accounts.set("ana-sub", { email: "ana@example.test", email_verified: true, name: "Ana", assay_role: "auditor" });
    const { browser, res, session } = await ssoSignIn(existingOnly, "ana-sub", "/runs");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/runs");
    // it went through the provider's own pages
    expect(browser.visited.some((u) => u.startsWith(`${provider.issuer}/interaction/`))).toBe(true);
    // the same session cookie as a password sign-in
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("assay_session="))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(session).toBeTruthy();
    const page = await pageAs(existingOnly, session);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Signed in as ana (Auditor)");
    const user = await userByEmail(existingOnly.t, "ana@example.test");
    expect(user.role).toBe("auditor");
    const links = await existingOnly.t.database.db.select().from(externalIdentities).where(eq(externalIdentities.userId, user.id));
    expect(links.map((l) => [l.issuer, l.subject])).toEqual([[provider.issuer, "ana-sub"]]);
    const trail = await existingOnly.t.database.db.select().from(auditTrail).where(eq(auditTrail.entityId, String(user.id)));
    expect(trail.map((r) => r.action)).toEqual(expect.arrayContaining(["user.link_identity", "user.update", "session.login"]));
    expect(trail.find((r) => r.action === "session.login" && r.after?.includes("oidc"))).toBeTruthy();
  });

  it("maps a provider's group to a role with OIDC_ROLE_MAP", async () => {
    await createUser({ ctx: testCtx(existingOnly.t.database.db, Date.now(), "test"), input: { email: "bo@example.test", role: "viewer", password: "staple orbit lantern velvet" } });
    provider.accounts.set("bo-sub", { email: "bo@example.test", email_verified: true, name: "Bo", assay_role: ["grp-everyone", "grp-auditors"] });
    const { session } = await ssoSignIn(existingOnly, "bo-sub");
    expect(await (await pageAs(existingOnly, session)).text()).toContain("Signed in as bo (Auditor)");
  });

  it("follows the claim's role at every sign-in, but never demotes the last active administrator", async () => {
    await createUser({ ctx: testCtx(existingOnly.t.database.db, Date.now(), "test"), input: { email: "root@example.test", role: "admin", password: "staple orbit lantern velvet" } });
    provider.accounts.set("root-sub", { email: "root@example.test", email_verified: true, name: "Root", assay_role: "viewer" });
    const { session } = await ssoSignIn(existingOnly, "root-sub");
    expect(await (await pageAs(existingOnly, session)).text()).toContain("Signed in as root (Administrator)");
    expect((await userByEmail(existingOnly.t, "root@example.test")).role).toBe("admin");
    // with another active admin, the provider's word counts
    await createUser({ ctx: testCtx(existingOnly.t.database.db, Date.now(), "test"), input: { email: "second@example.test", role: "admin", password: "staple orbit lantern velvet" } });
    const again = await ssoSignIn(existingOnly, "root-sub");
    expect(await (await pageAs(existingOnly, again.session)).text()).toContain("Signed in as root (Viewer)");
  });

  it("without provisioning, refuses someone with no Assay account, and creates nobody", async () => {
    provider.accounts.set("cy-sub", { email: "cy@example.test", email_verified: true, name: "Cy", assay_role: "manager" });
    const { res, session } = await ssoSignIn(existingOnly, "cy-sub");
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("There is no Assay account with your e-mail address");
    expect(session).toBeUndefined();
    expect(await userByEmail(existingOnly.t, "cy@example.test")).toBeUndefined();
  });

  it("with provisioning, creates the user on the first sign-in with the claim's role, and finds them by subject after", async () => {
    provider.accounts.set("dee-sub", { email: "dee@example.test", email_verified: true, name: "Dee Dee", assay_role: "compliance_officer" });
    const first = await ssoSignIn(provisioning, "dee-sub");
    expect(first.res.status).toBe(303);
    const user = await userByEmail(provisioning.t, "dee@example.test");
    expect({ name: user.name, role: user.role, disabled: user.disabled }).toEqual({ name: "Dee Dee", role: "compliance_officer", disabled: false });
    expect(await (await pageAs(provisioning, first.session)).text()).toContain("Dee Dee (Compliance officer)");
    // the provider changes the address: the subject still finds the same account
    provider.accounts.set("dee-sub", { email: "dee.new@example.test", email_verified: true, name: "Dee Dee", assay_role: "compliance_officer" });
    const second = await ssoSignIn(provisioning, "dee-sub");
    expect(second.res.status).toBe(303);
    expect(await provisioning.t.database.db.$count(users, eq(users.name, "Dee Dee"))).toBe(1);
  });

  it("refuses a missing or unknown role claim with a clear page and no session", async () => {
    provider.accounts.set("eve-sub", { email: "eve@example.test", email_verified: true, name: "Eve", assay_role: "superuser" });
    provider.accounts.set("fay-sub", { email: "fay@example.test", email_verified: true, name: "Fay" });
    for (const login of ["eve-sub", "fay-sub"]) {
      const { res, session } = await ssoSignIn(provisioning, login);
      expect(res.status, login).toBe(403);
      const html = await res.text();
      expect(html).toContain("Single sign-on refused");
      expect(html).toContain("has no Assay role");
      expect(session, login).toBeUndefined();
    }
    expect(await userByEmail(provisioning.t, "eve@example.test")).toBeUndefined();
    expect(await userByEmail(provisioning.t, "fay@example.test")).toBeUndefined();
  });

  it("refuses a deactivated user", async () => {
    await createUser({ ctx: testCtx(provisioning.t.database.db, Date.now(), "test"), input: { email: "gil@example.test", role: "manager", password: "staple orbit lantern velvet" } });
    const { database, clock } = provisioning.t;
    await deactivateUser({ ctx: systemContext({ database, clock, config: defaultConfig }, "test"), input: { email: "gil@example.test" } });
    provider.accounts.set("gil-sub", { email: "gil@example.test", email_verified: true, name: "Gil", assay_role: "manager" });
    const { res, session } = await ssoSignIn(provisioning, "gil-sub");
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Your Assay account is deactivated");
    expect(session).toBeUndefined();
  });

  it("refuses a provider whose discovery names another issuer, before sending anyone there", async () => {
    provider.accounts.set("hal-sub", { email: "hal@example.test", email_verified: true, name: "Hal", assay_role: "admin" });
    const { res, session, browser } = await ssoSignIn(lookAlike, "hal-sub");
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("wrong issuer");
    expect(session).toBeUndefined();
    expect(browser.visited.every((u) => u.startsWith(lookAlike.base))).toBe(true);
  });

  it("refuses tokens whose issuer is not the configured one (an impostor's discovery)", async () => {
    provider.accounts.set("ivy-sub", { email: "ivy@example.test", email_verified: true, name: "Ivy", assay_role: "admin" });
    await createUser({ ctx: testCtx(impostored.t.database.db, Date.now(), "test"), input: { email: "ivy@example.test", role: "viewer", password: "staple orbit lantern velvet" } });
    const { res, session, browser } = await ssoSignIn(impostored, "ivy-sub");
    // the browser did go to the real provider and came back with a code
    expect(browser.visited.some((u) => u.startsWith(`${impostored.base}/auth/oidc/callback?code=`))).toBe(true);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("wrong issuer");
    expect(session).toBeUndefined();
  });

  it("refuses a callback without the pending sign-in of this browser (state)", async () => {
    const res = await fetch(`${existingOnly.base}/auth/oidc/callback?code=forged&state=forged`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("took too long or was started in another browser");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("assay_session="))).toBe(false);
  });
});
