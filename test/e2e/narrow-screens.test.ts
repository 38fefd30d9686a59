// Every page at a phone's width (390 px) for every role, in English and Chinese: nothing overflows sideways, the
// navigation stays inside the top bar, every select has a label, and no page logs a console error.
import { testCtx } from "../support/ctx.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createPlan } from "../../audits/plans.js";
import { runAndReport } from "../../audits/start-run.js";
import { createRun } from "../../audits/runs.js";
import { can, type Permission } from "../../server/auth/roles.js";
import type { Role } from "../../server/db/schema.js";
import { startHarness, type Harness } from "./browser.js";

let h: Harness;
let planId = 0;
let runId = 0;
beforeAll(async () => {
  h = await startHarness();
  const now = Date.parse("2026-11-24T12:00:00Z");
  const plan = await createPlan({ ctx: testCtx(h.database.db, now, "e2e"), input: {
    name: "October support audit with a long name that must wrap on a phone",
    rulebook: "iso20000-support",
    period: { type: "custom", start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" },
    schedule: null,
    timezone: "Asia/Shanghai",
    owner: "manager@e2e.test",
  } });
  planId = plan.id;
  const run = await createRun({ ctx: testCtx(h.database.db, now, "e2e"), input: { planId, trigger: "manual" } });
  await runAndReport(h.database, { now: () => now }, run.id, "e2e");
  runId = run.id;
}, 120_000);
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

const pages: { path: () => string; permission: Permission }[] = [
  { path: () => "/", permission: "read" },
  { path: () => "/kpis", permission: "read" },
  { path: () => "/kpis/backlog", permission: "read" },
  { path: () => "/plans", permission: "read" },
  { path: () => "/plans/new", permission: "plans.write" },
  { path: () => `/plans/${planId}`, permission: "read" },
  { path: () => "/runs", permission: "read" },
  { path: () => `/runs/${runId}`, permission: "read" },
  { path: () => "/findings", permission: "read" },
  { path: () => "/reports", permission: "reports.download" },
  { path: () => "/data", permission: "read" },
  { path: () => "/admin", permission: "admin" },
  { path: () => "/tickets/IT-2026-000024", permission: "read" },
];

/** What the page measures: its width, top-bar items outside the bar, and selects nobody named. */
function measure(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector("header.topbar")!.getBoundingClientRect();
    const outside = [...document.querySelectorAll("header.topbar a, header.topbar button, header.topbar select")]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.left < bar.left - 0.5 || r.right > bar.right + 0.5 || r.top < bar.top - 0.5 || r.bottom > bar.bottom + 0.5;
      })
      .map((el) => el.textContent?.trim());
    const unlabelled = [...document.querySelectorAll("select")].filter((s) => s.labels.length === 0 && !s.getAttribute("aria-label")).map((s) => s.name);
    // the widest element, to say what overflows
    let widest = "";
    let right = 0;
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.right > right && r.width > 0) {
        right = r.right;
        widest = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}#${el.id}`;
      }
    }
    return { width: document.documentElement.scrollWidth, outside, unlabelled, widest: right > 390 ? widest : "" };
  });
}

const roles = ["viewer", "manager", "auditor", "compliance_officer", "admin"] as const satisfies Role[];

describe.each([["en-GB"], ["zh-CN"]])("at 390 px in %s", (locale) => {
  it.each(roles)("%s: every page fits, the navigation is inside its bar, every select has a label", async (role) => {
    const { page, context } = await h.signIn(role, { locale });
    await page.setViewportSize({ width: 390, height: 844 });
    const seen: Record<string, { width: number; outside: (string | undefined)[]; unlabelled: string[]; widest: string }> = {};
    for (const p of pages.filter((p) => can(role, p.permission))) {
      await page.goto(`${h.base}${p.path()}`);
      await page.waitForLoadState("load");
      // the run page's report panel arrives after the page: measure it too
      if (p.path().startsWith("/runs/")) await page.waitForSelector("#report-panel h2, #report-panel h3");
      seen[p.path()] = await measure(page);
      if (role === "admin" || (role === "auditor" && locale === "zh-CN")) await h.screenshot(page, `narrow-${locale}-${role}${p.path().replace(/\//g, "-")}`);
    }
    const fits = Object.fromEntries(Object.entries(seen).map(([path, m]) => [path, m.width <= 390 ? "fits" : `${m.width} px (${m.widest})`]));
    expect(fits).toEqual(Object.fromEntries(Object.keys(seen).map((path) => [path, "fits"])));
    expect(Object.fromEntries(Object.entries(seen).map(([path, m]) => [path, m.outside]))).toEqual(Object.fromEntries(Object.keys(seen).map((path) => [path, []])));
    expect(Object.fromEntries(Object.entries(seen).map(([path, m]) => [path, m.unlabelled]))).toEqual(Object.fromEntries(Object.keys(seen).map((path) => [path, []])));
    await context.close();
  }, 300_000);
});
