// The reader's language is set for synchronous rendering only (server/i18n/presentation.ts), not carried across
// awaits by an AsyncLocalStorage: requests in different languages that interleave must each answer in their own.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  const tickets = Array.from({ length: 30 }, (_, i) => ticket(i + 1, { opened_at: `2026-11-${String(1 + (i % 20)).padStart(2, "0")}T08:00:00Z` }));
  await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" });
});
afterAll(() => t.close());

const languages = ["en", "zh-CN"] as const;
const paths = ["/kpis", "/kpis/volume", "/kpis/volume.csv", "/findings", "/findings.csv", "/runs", "/plans"];
const get = async (path: string, lang: string) => {
  const res = await t.request(path, { role: "viewer", headers: { "accept-language": lang } });
  expect(res.status, `${path} in ${lang}`).toBe(200);
  return res.text();
};
// the CSRF token of a page differs between requests; everything else is the same answer
const stable = (body: string) => body.replace(/[A-Za-z0-9_-]{32}/g, "TOKEN");

describe("interleaved requests in two languages", () => {
  it("each answer in its own reader's language, exactly as when asked one at a time", async () => {
    const alone = new Map<string, string>();
    for (const path of paths) for (const lang of languages) alone.set(`${lang} ${path}`, stable(await get(path, lang)));
    // the two languages' answers really differ, so a mix-up could not go unseen
    for (const path of paths) expect(alone.get(`en ${path}`), path).not.toBe(alone.get(`zh-CN ${path}`));
    const asked = Array.from({ length: 6 }, () => paths.flatMap((path) => languages.map((lang) => ({ path, lang })))).flat();
    const answers = await Promise.all(asked.map(async ({ path, lang }) => ({ key: `${lang} ${path}`, body: stable(await get(path, lang)) })));
    for (const a of answers) expect(a.body, a.key).toBe(alone.get(a.key));
  });

  it("no module of the server, audits or reports uses an AsyncLocalStorage (it slows every await of the process)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && /\bAsyncLocalStorage\b/.test(readFileSync(path, "utf8").replace(/\/\/.*$/gm, ""))) offenders.push(path);
      }
    };
    for (const dir of ["server", "audits", "reports", "views"]) walk(dir);
    expect(offenders).toEqual([]);
  });
});
