// GET /: the overview (KPI tiles, compliance per plan, open findings, overdue actions).
import { Hono } from "hono";
import { OverviewPage } from "../../../views/overview.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../env.js";
import { openFindingsBySeverity, overdueActions, planScores } from "../../kpis/compliance.js";
import { kpiTiles } from "../../kpis/this-month.js";

export function overviewPages() {
  const app = new Hono<AppEnv>();
  app.get("/", requires("read"), async (c) => {
    const { database, clock } = c.get("deps");
    const db = database.db;
    const now = clock.now();
    const [tiles, scores, openFindings, overdue] = await Promise.all([kpiTiles(db, now), planScores(db), openFindingsBySeverity(db), overdueActions(db, now)]);
    return c.html(<OverviewPage principal={currentPrincipal(c)} tiles={tiles} scores={scores} openFindings={openFindings} overdue={overdue} />);
  });
  return app;
}
