// GET /: the overview (KPI tiles, compliance per plan, open findings, overdue actions; waivers awaiting approval).
import { Hono } from "hono";
import { OverviewPage } from "../../../views/overview.js";
import { can } from "../../auth/roles.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../env.js";
import { openFindingsBySeverity, overdueActions, planScores } from "../../kpis/compliance.js";
import { kpiTiles } from "../../kpis/this-month.js";
import { pendingWaiverCount } from "./waivers/queries.js";

export function overviewPages() {
  const app = new Hono<AppEnv>();
  app.get("/", requires("read"), async (c) => {
    const { database, clock } = c.get("deps");
    const db = database.db;
    const now = clock.now();
    const principal = currentPrincipal(c);
    const [tiles, scores, openFindings, overdue, pendingWaivers] = await Promise.all([
      kpiTiles(db, now),
      planScores(db),
      openFindingsBySeverity(db),
      overdueActions(db, now),
      can(principal.role, "waivers.approve") ? pendingWaiverCount(db) : 0,
    ]);
    return c.html(<OverviewPage principal={principal} tiles={tiles} scores={scores} openFindings={openFindings} overdue={overdue} pendingWaivers={pendingWaivers} />);
  });
  return app;
}
