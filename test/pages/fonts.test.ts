// The Chinese web font: pages name a CJK-capable stack and load our own subset Noto Sans SC (font-src 'self'): the
// font CSS names only /assets URLs, and each is served as font/woff2 with a long cache lifetime.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe("web fonts", () => {
  it("app.css loads the font CSS and names Chinese fonts, the system's before ours", async () => {
    const css = await (await t.app.request("/assets/app.css")).text();
    expect(css).toContain('@import url("/assets/fonts.css");');
    expect(css).toMatch(/body \{[^}]*"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif/);
  });

  it("the font CSS references only our own /assets URLs, each served as font/woff2 and cached for a year", async () => {
    const res = await t.app.request("/assets/fonts.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toContain("font-src 'self'");
    const css = await res.text();
    const urls = [...css.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(150); // about 100 unicode-range pieces per weight
    for (const url of urls) expect(url).toMatch(/^\/assets\/fonts\/[\d.]+\/noto-sans-sc-(\d+|latin|latin-ext|cyrillic|vietnamese)-(400|700)-normal\.woff2$/);
    expect(css).toContain("font-weight: 400;");
    expect(css).toContain("font-weight: 700;");
    expect(css).toContain("unicode-range:");
    expect(css).toContain('local("NotoSansSC-Regular")');
    for (const url of urls) {
      const font = await t.app.request(url);
      expect(font.status, url).toBe(200);
      expect(font.headers.get("content-type")).toBe("font/woff2");
      expect(font.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const bytes = new Uint8Array(await font.arrayBuffer());
      expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe("wOF2");
    }
  });

  it("serves nothing else from the font package: other files, other versions, paths", async () => {
    const [, version] = /\/assets\/fonts\/([\d.]+)\//.exec(await (await t.app.request("/assets/fonts.css")).text())!;
    for (const path of [
      `/assets/fonts/${version}/noto-sans-sc-4-400-normal.woff`,
      `/assets/fonts/${version}/noto-sans-sc-4-100-normal.woff2`,
      `/assets/fonts/0.0.1/noto-sans-sc-4-400-normal.woff2`,
      `/assets/fonts/${version}/..%2F400.css`,
      `/assets/fonts/${version}/package.json`,
    ]) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
  });
});
