// The Connectors page in Chromium: an admin presses Sync now, htmx swaps the section, the failed sync shows in red
// with its error; no console errors (the CSP holds); screenshots in test-artifacts/screenshots/connectors-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnector } from "../../server/connectors/connectors.js";
import { systemContext } from "../../server/context.js";
import { defaultConfig } from "../../server/config.js";
import { systemClock } from "../../server/clock.js";
import { startHarness, type Harness } from "./browser.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  process.env.RT_E2E_TOKEN = "1-2-e2e";
  // nothing listens on port 9 of the loopback: the sync fails, saying so
  await createConnector({
    ctx: systemContext({ database: h.database, clock: systemClock, config: defaultConfig }, "e2e"),
    input: { kind: "rt", name: "helpdesk", url: "http://127.0.0.1:9", queue: "Support", service: "it-support", token_env: "RT_E2E_TOKEN" },
  });
}, 120_000);
afterAll(async () => {
  delete process.env.RT_E2E_TOKEN;
  await h?.close();
});

describe("Connectors page, in the browser", () => {
  it("Sync now records a sync and shows its status and error in place", async () => {
    const { context, page } = await h.signIn("admin");
    try {
      await page.goto(`${h.base}/admin/connectors`);
      expect(await page.innerText("h1")).toBe("Connectors");
      await page.click(`button:has-text("Sync now")`);
      await page.waitForSelector(".badge-failed");
      const row = await page.innerText("#connectors");
      expect(row).toContain("Sync of helpdesk finished: failed.");
      expect(row).toContain("cannot be reached");
      await h.screenshot(page, "connectors-failed-sync");
      expect(h.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
