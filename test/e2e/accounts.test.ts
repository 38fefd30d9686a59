// Accounts in real Chromium: a viewer changes their password from the top bar's "Account" link; an admin deactivates
// a manager on the admin page (htmx swap), whose open page then sends them to sign in and whose sign-in is refused
// with a clear message; reactivation lets them in again. Screenshots in test-artifacts/screenshots/.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { emailOf, password, startHarness, type Harness } from "./browser.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

describe("accounts in the browser", () => {
  it("a viewer changes their password from the Account link", async () => {
    const { page } = await h.signIn("viewer");
    await Promise.all([page.waitForURL((u) => u.pathname === "/account/password"), page.click("header .account-link")]);
    await page.fill("input[name=currentPassword]", password);
    await page.fill("input[name=newPassword]", "quiet harbour morning tide");
    await page.fill("input[name=confirmPassword]", "quiet harbour morning tide");
    await Promise.all([page.waitForURL((u) => u.searchParams.has("ended")), page.click("#change-password button[type=submit]")]);
    await expect(page.textContent("#password [role=status]")).resolves.toContain("Your password was changed.");
    await h.screenshot(page, "account-password");
  });

  it("an admin deactivates a manager, who is signed out and refused; reactivation lets them in", async () => {
    const manager = await h.signIn("manager");
    const { page } = await h.signIn("admin");
    await page.goto(`${h.base}/admin`);
    const row = page.locator("#users tr", { hasText: emailOf("manager") });
    await row.locator("form.user-state button").click();
    // waits for the swapped-in answer: a status already on the page would be read at once, with its old text
    await page.locator("#users [role=status]", { hasText: `${emailOf("manager")} was deactivated and signed out everywhere.` }).waitFor();
    await expect(page.locator("#users tr", { hasText: emailOf("manager") }).locator("form.user-state button").textContent()).resolves.toBe("Reactivate");
    await h.screenshot(page, "admin-deactivated-user");

    await manager.page.reload();
    expect(new URL(manager.page.url()).pathname).toBe("/login");
    await manager.page.fill("input[name=email]", emailOf("manager"));
    await manager.page.fill("input[name=password]", password);
    await manager.page.click("form[action='/login'] button[type=submit]");
    await expect(manager.page.textContent("[role=alert]")).resolves.toContain("This account is deactivated.");
    await h.screenshot(manager.page, "login-deactivated");
    // the refused sign-in answers 403, which Chromium reports on the console: expected here, and only here
    const expected = (e: string) => e.startsWith("manager ") && e.endsWith("/login: Failed to load resource: the server responded with a status of 403 (Forbidden)");
    expect(h.errors.filter(expected)).toHaveLength(1);
    h.errors.splice(0, h.errors.length, ...h.errors.filter((e) => !expected(e)));

    await page.locator("#users tr", { hasText: emailOf("manager") }).locator("form.user-state button").click();
    await page.locator("#users [role=status]", { hasText: "was reactivated" }).waitFor();
    await manager.page.fill("input[name=email]", emailOf("manager"));
    await manager.page.fill("input[name=password]", password);
    await Promise.all([manager.page.waitForURL((u) => !u.pathname.startsWith("/login")), manager.page.click("form[action='/login'] button[type=submit]")]);
  });
});
