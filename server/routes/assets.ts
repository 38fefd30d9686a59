// Static assets: htmx and Chart.js straight from node_modules, plus our own CSS and client script, with cache headers.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import type { AppEnv } from "../env.js";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const viewsAssets = join(here, "..", "..", "views", "assets");

const files: Record<string, { path: string; type: string }> = {
  "htmx.min.js": { path: require.resolve("htmx.org/dist/htmx.min.js"), type: "text/javascript" },
  "chart.umd.min.js": { path: join(dirname(require.resolve("chart.js")), "chart.umd.min.js"), type: "text/javascript" },
  "app.css": { path: join(viewsAssets, "app.css"), type: "text/css" },
  "app.js": { path: join(viewsAssets, "app.js"), type: "text/javascript" },
};

export function assetRoutes() {
  const app = new Hono<AppEnv>();
  const cache = new Map<string, Buffer>();
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
