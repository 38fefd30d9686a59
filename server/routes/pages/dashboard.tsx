// The dashboard pages: filled in by the dashboard work. For now the overview greets the signed-in user.
import { Hono } from "hono";
import { Layout } from "../../../views/layout.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../env.js";

export function dashboardPages() {
  const app = new Hono<AppEnv>();
  app.get("/", requires("read"), (c) =>
    c.html(
      <Layout title="Overview" principal={currentPrincipal(c)} active="/">
        <h1>Overview</h1>
      </Layout>,
    ),
  );
  return app;
}
