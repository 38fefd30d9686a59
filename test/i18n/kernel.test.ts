// The i18n kernel: choosing a language, ICU messages in both catalogues, Intl formats in the organisation's zone.
import { IntlMessageFormat } from "intl-messageformat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrail, users } from "../../server/db/schema.js";
import { eq } from "drizzle-orm";
import {
  catalogues,
  defaultLocaleFromEnv,
  describeTimeZone,
  formatDateTime,
  formatPercent,
  localeFromEnv,
  locales,
  negotiateLocale,
  parseLocale,
  translate,
  withPresentation,
} from "../../server/i18n/index.js";
import { buildTestApp, type TestApp } from "../support/app.js";

describe("choosing a language", () => {
  it("reads language tags, Accept-Language entries and POSIX LANG values", () => {
    expect(parseLocale("zh-CN")).toBe("zh-CN");
    expect(parseLocale("zh_CN.UTF-8")).toBe("zh-CN");
    expect(parseLocale("zh-Hans-CN")).toBe("zh-CN");
    expect(parseLocale("en-US")).toBe("en");
    expect(parseLocale("fr-FR")).toBeNull();
    expect(parseLocale("")).toBeNull();
  });

  it("negotiates by q-value, then by order, skipping languages we do not have", () => {
    expect(negotiateLocale("fr-FR,zh-CN;q=0.8,en;q=0.9")).toBe("en");
    expect(negotiateLocale("fr, zh-TW;q=0.5")).toBe("zh-CN");
    expect(negotiateLocale("en;q=0, zh;q=0.1")).toBe("zh-CN");
    expect(negotiateLocale("de, fr")).toBeNull();
    expect(negotiateLocale(undefined)).toBeNull();
  });

  it("takes the command line's language from ASSAY_LOCALE, then LC_ALL, LC_MESSAGES, LANG", () => {
    expect(localeFromEnv({ LANG: "zh_CN.UTF-8" })).toBe("zh-CN");
    expect(localeFromEnv({ ASSAY_LOCALE: "en", LANG: "zh_CN.UTF-8" })).toBe("en");
    expect(localeFromEnv({ LC_ALL: "C", LANG: "zh_CN.UTF-8" })).toBe("zh-CN");
    expect(localeFromEnv({})).toBe("en");
  });

  it("refuses an ASSAY_DEFAULT_LOCALE it does not know, naming it", () => {
    expect(defaultLocaleFromEnv(undefined)).toBe("en");
    expect(defaultLocaleFromEnv("zh-CN")).toBe("zh-CN");
    expect(() => defaultLocaleFromEnv("zh")).toThrow(/ASSAY_DEFAULT_LOCALE/);
  });
});

describe("catalogues", () => {
  it("have the same keys in every language", () => {
    const keys = Object.keys(catalogues.en).sort();
    for (const locale of locales) expect(Object.keys(catalogues[locale]).sort()).toEqual(keys);
  });

  it("hold a message that parses as ICU in every language, with the same placeholders", () => {
    const argsOf = (pattern: string, locale: string) => {
      const ast = new IntlMessageFormat(pattern, locale, undefined, { ignoreTag: true }).getAst();
      const names = new Set<string>();
      const walk = (nodes: unknown[]) => {
        for (const n of nodes as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
          if (n.type !== 0 && n.type !== 7 && typeof n.value === "string") names.add(n.value);
          for (const o of Object.values(n.options ?? {})) walk(o.value);
        }
      };
      walk(ast);
      return [...names].sort();
    };
    for (const [key, en] of Object.entries(catalogues.en)) {
      const expected = argsOf(en, "en");
      for (const locale of locales) expect({ key, locale, args: argsOf(catalogues[locale][key as keyof typeof catalogues.en], locale) }).toEqual({ key, locale, args: expected });
    }
  });

  it("formats plurals and numbers in the language's own way", () => {
    expect(translate("en", "login.throttled", { minutes: 15 })).toBe("Too many failed sign-ins. Try again in 15 min.");
    expect(translate("zh-CN", "login.throttled", { minutes: 15 })).toBe("登录失败次数过多，请在 15 分钟后重试。");
  });

  it("leaves a plain {id} as it is (ids are not quantities: no grouping), while {n, number} groups", () => {
    expect(new IntlMessageFormat("Run #{id}", "en").format({ id: 12345 })).toBe("Run #12345");
    expect(new IntlMessageFormat("{n, number} tickets", "en").format({ n: 12345 })).toBe("12,345 tickets");
  });
});

describe("formats", () => {
  const at = Date.UTC(2026, 9, 31, 18, 30); // 02:30 on 1 November in Shanghai
  it("writes instants in the organisation's time zone, in the reader's language", () => {
    expect(withPresentation({ locale: "en", timeZone: "Asia/Shanghai" }, () => formatDateTime(at))).toBe("1 Nov 2026, 02:30");
    expect(withPresentation({ locale: "zh-CN", timeZone: "Asia/Shanghai" }, () => formatDateTime(at))).toBe("2026年11月1日 02:30");
    expect(withPresentation({ locale: "en", timeZone: "UTC" }, () => formatDateTime(at))).toBe("31 Oct 2026, 18:30");
  });

  it("writes percentages with their decimals, and names the zone with its offset", () => {
    expect(formatPercent(83.94, 1, "en")).toBe("83.9%");
    expect(formatPercent(100, 1, "zh-CN")).toBe("100.0%");
    expect(describeTimeZone("Asia/Shanghai", at)).toBe("Asia/Shanghai (UTC+08:00)");
    expect(describeTimeZone("UTC", at)).toBe("UTC (UTC+00:00)");
  });
});

describe("the reader's language in the app", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ config: { timezone: "Asia/Shanghai" } });
  });
  afterAll(() => t.close());

  it("follows Accept-Language before sign-in, and says so in <html lang> and Vary", async () => {
    const zh = await t.app.request("/login", { headers: { accept: "text/html", "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" } });
    const html = await zh.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("<h1>登录</h1>");
    expect(zh.headers.get("vary")).toContain("Accept-Language");
    const en = await t.app.request("/login", { headers: { accept: "text/html", "accept-language": "en-GB" } });
    expect(await en.text()).toContain('<html lang="en">');
  });

  it("falls back to ASSAY_DEFAULT_LOCALE when the browser names none of ours", async () => {
    const zhFirst = await buildTestApp({ config: { defaultLocale: "zh-CN" } });
    const res = await zhFirst.app.request("/login", { headers: { accept: "text/html", "accept-language": "de-DE" } });
    expect(await res.text()).toContain('<html lang="zh-CN">');
    zhFirst.close();
  });

  it("keeps a visitor's choice in a cookie, and a user's on the account, recorded in the audit trail", async () => {
    const login = await t.app.request("/login", { headers: { accept: "text/html" } });
    const loginCookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? "";
    const forged = await t.app.request("/locale", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCookie }, body: "locale=zh-CN&_csrf=wrong" });
    expect(forged.status).toBe(403);
    const visitor = await t.app.request("/locale", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCookie, referer: "http://localhost/login?next=%2Fruns" },
      body: `locale=zh-CN&_csrf=${token}`,
    });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get("location")).toBe("/login?next=%2Fruns");
    const chosen = (visitor.headers.get("set-cookie") ?? "").split(";")[0];
    expect(chosen).toBe("assay_locale=zh-CN");
    const page = await t.app.request("/login", { headers: { accept: "text/html", "accept-language": "en", cookie: `${loginCookie}; ${chosen}` } });
    expect(await page.text()).toContain('<html lang="zh-CN">');

    const { cookie, csrf, email } = await t.session("manager");
    const bad = await t.app.request("/locale", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie }, body: `locale=fr&_csrf=${csrf}` });
    expect(bad.status).toBe(400);
    const set = await t.app.request("/locale", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie, referer: "http://localhost/kpis" }, body: `locale=zh-CN&_csrf=${csrf}` });
    expect(set.headers.get("location")).toBe("/kpis");
    const [row] = await t.database.db.select({ locale: users.locale }).from(users).where(eq(users.email, email));
    expect(row.locale).toBe("zh-CN");
    // the account's language wins over the browser's, without the cookie
    const overview = await t.app.request("/", { headers: { accept: "text/html", "accept-language": "en", cookie } });
    const html = await overview.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("时间均按 Asia/Shanghai (UTC+08:00) 显示。");
    const trail = await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, "user.locale"));
    expect(trail.map((e) => [e.actor, e.before, e.after])).toEqual([[email, '{"locale":null}', '{"locale":"zh-CN"}']]);
  });

  it("refuses a switch from another site's page to go anywhere but this site", async () => {
    const { cookie, csrf } = await t.session("viewer");
    const res = await t.app.request("/locale", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie, referer: "https://evil.example/x" }, body: `locale=en&_csrf=${csrf}` });
    expect(res.headers.get("location")).toBe("/");
  });
});
