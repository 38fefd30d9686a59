// Static assets: htmx and Chart.js straight from node_modules, plus our own CSS and client script, with cache headers;
// and the Noto Sans SC web font (@fontsource/noto-sans-sc, OFL), 400 and 700, split by unicode-range into about
// 100 woff2 files per weight, so that a browser without a Chinese font fetches only the pieces its page uses.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import type { AppEnv } from "../deps.js";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const viewsAssets = join(here, "..", "..", "views", "assets");

const files: Record<string, { path: string; type: string }> = {
  "htmx.min.js": { path: require.resolve("htmx.org/dist/htmx.min.js"), type: "text/javascript" },
  "chart.umd.min.js": { path: join(dirname(require.resolve("chart.js")), "chart.umd.min.js"), type: "text/javascript" },
  "app.css": { path: join(viewsAssets, "app.css"), type: "text/css" },
  "app.js": { path: join(viewsAssets, "app.js"), type: "text/javascript" },
};

const fontPackage = dirname(require.resolve("@fontsource/noto-sans-sc/package.json"));
/** in the font URLs, so a new version of the package is a new URL and the files can be cached for a year */
const fontVersion = (JSON.parse(readFileSync(join(fontPackage, "package.json"), "utf8")) as { version: string }).version;
const fontWeights = [{ weight: 400, local: ["Noto Sans SC Regular", "NotoSansSC-Regular"] }, { weight: 700, local: ["Noto Sans SC Bold", "NotoSansSC-Bold"] }];

/**
 * The @font-face rules of both weights, pointing at our own /assets/fonts URLs (CSP font-src 'self'), woff2 only
 * (every browser that runs htmx 2 reads it), a locally installed Noto Sans SC first.
 */
function buildFontCss(): { css: string; woff2: Set<string> } {
  const woff2 = new Set<string>();
  const parts = fontWeights.map(({ weight, local }) =>
    readFileSync(join(fontPackage, `${weight}.css`), "utf8").replace(/src:\s*url\(\.\/files\/([\w.-]+\.woff2)\) format\('woff2'\)(?:,\s*url\([^)]*\) format\('woff'\))?;/g, (_, file: string) => {
      woff2.add(file);
      return `src: ${local.map((name) => `local("${name}")`).join(", ")}, url(/assets/fonts/${fontVersion}/${file}) format("woff2");`;
    }),
  );
  const css = `/* Noto Sans SC ${fontVersion} (SIL Open Font License 1.1), from @fontsource/noto-sans-sc: 400 and 700, split by unicode-range */\n${parts.join("\n")}`;
  if (/url\(\.\//.test(css)) throw new Error("fonts.css: a font URL of @fontsource/noto-sans-sc was not rewritten");
  return { css, woff2 };
}

let fonts: { css: string; woff2: Set<string> } | undefined;
const fontCss = () => (fonts ??= buildFontCss());

export function assetRoutes() {
  const app = new Hono<AppEnv>();
  const cache = new Map<string, Buffer>();
  app.get("/fonts.css", (c) =>
    c.body(fontCss().css, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=86400" }),
  );
  app.get("/fonts/:version/:file", (c) => {
    const { version, file } = c.req.param();
    // only the files fonts.css names: the name is checked against that list, never joined to a path as sent
    const path = join(fontPackage, "files", file);
    if (version !== fontVersion || !fontCss().woff2.has(file) || !existsSync(path)) return c.json({ error: "not_found", message: "no such font file" }, 404);
    // not cached in memory: 200 files of 5 to 100 KB each, and the browser keeps them for a year
    return c.body(new Uint8Array(readFileSync(path)), 200, {
      "content-type": "font/woff2",
      "cache-control": "public, max-age=31536000, immutable",
    });
  });
  app.get("/:name", (c) => {
    const name = c.req.param("name");
    const file = files[name];
    if (!file) return c.json({ error: "not_found", message: "no such asset" }, 404);
    let body = cache.get(name);
    if (!body) {
      body = readFileSync(file.path);
      cache.set(name, body);
    }
    return c.body(new Uint8Array(body), 200, {
      "content-type": `${file.type}; charset=utf-8`,
      "cache-control": "public, max-age=86400",
    });
  });
  return app;
}
