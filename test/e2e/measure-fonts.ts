// Measures the web-font bytes a Chinese page costs a browser without a Chinese font (run on a machine without
// fonts-noto-cjk): the zh-CN overview, then each main page, in real Chromium. Prints one JSON line.
//   node --import tsx test/e2e/measure-fonts.ts
import { startHarness } from "./browser.js";

const h = await startHarness();
try {
  const { context, page } = await h.signIn("auditor");
  await context.setExtraHTTPHeaders({ "accept-language": "zh-CN" });
  const fonts = new Map<string, number>();
  page.on("response", async (res) => {
    if (!res.url().endsWith(".woff2")) return;
    const body = await res.body().catch(() => Buffer.alloc(0));
    if (body.length > 0 || !fonts.has(res.url())) fonts.set(res.url(), Math.max(body.length, fonts.get(res.url()) ?? 0));
  });
  const sum = () => [...fonts.values()].reduce((a, b) => a + b, 0);
  const measured: Record<string, { files: number; bytes: number }> = {};
  for (const path of ["/", "/kpis", "/plans", "/runs", "/findings", "/reports", "/data"]) {
    await page.goto(`${h.base}${path}`, { waitUntil: "networkidle" });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForTimeout(300);
    measured[path] = { files: fonts.size, bytes: sum() };
  }
  const lang = await page.evaluate(() => document.documentElement.lang);
  console.log(JSON.stringify({ lang, cumulative: measured }));
} finally {
  await h.close();
}
