// The notification pages in real Chromium: an admin adds a WeCom channel through the form, sends it a test that a
// local receiver gets, and sees the outbox; "Forgot password?" from the sign-in page; screenshots kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./browser.js";
import { startHttpReceiver, type HttpReceiver } from "../support/mail-receivers.js";

let h: Harness;
let hook: HttpReceiver;
beforeAll(async () => {
  h = await startHarness();
  hook = await startHttpReceiver();
}, 120_000);
afterAll(async () => {
  expect(h.errors).toEqual([]);
  await hook.close();
  await h.close();
});

describe("notifications in the browser", () => {
  it("an admin adds a channel, tests it and sees the outbox", async () => {
    const { page } = await h.signIn("admin");
    await page.goto(`${h.base}/admin`);
    await Promise.all([page.waitForURL(/\/admin\/notifications$/), page.click("a[href='/admin/notifications']")]);
    await page.fill("form[action='/admin/notifications/channels'] input[name=name]", "Service desk group");
    await page.selectOption("form[action='/admin/notifications/channels'] select[name=kind]", "wecom");
    await page.fill("form[action='/admin/notifications/channels'] input[name=url]", `${hook.url}/cgi-bin/webhook/send?key=abc`);
    await page.check("input[name=events][value='action.overdue']");
    await page.check("input[name=events][value='waiver.expiring']");
    await Promise.all([page.waitForURL(/notice=added/), page.click("form[action='/admin/notifications/channels'] button[type=submit]")]);
    expect(await page.textContent("p.notice")).toBe("Channel added.");
    expect(await page.textContent("#channels tbody")).toContain("Action overdue, Waiver expiring within 14 days");
    await Promise.all([page.waitForLoadState("load"), page.click("form[action$='/test'] button")]);
    expect(await page.textContent("p.notice")).toBe("Test message delivered.");
    expect(hook.requests).toHaveLength(1);
    expect(JSON.parse(hook.requests[0].body).msgtype).toBe("markdown");
    await h.screenshot(page, "notifications-admin");
  }, 120_000);

  it("the sign-in page leads to the reset form, which answers the same for any address", async () => {
    const context = await h.browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${h.base}/login`);
    await Promise.all([page.waitForURL(/\/login\/forgot$/), page.click("a[href='/login/forgot']")]);
    await page.fill("input[name=email]", "nobody@e2e.test");
    await Promise.all([page.waitForLoadState("load"), page.click("form[action='/login/forgot'] button[type=submit]")]);
    expect(await page.textContent("p.notice")).toContain("If an account has this address");
    // nothing overflows sideways on a phone
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await h.screenshot(page, "password-forgot-390");
    await context.close();
  }, 120_000);
});
