// GET /: the overview: what waits for the signed-in role first, then the verdict per plan (conformant or not, the
// failing rules, what the colours mean), KPI tiles, open findings and overdue actions.
import { Hono } from "hono";
import { OverviewPage } from "../../../views/overview.js";
import { can } from "../../auth/roles.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../deps.js";
import { openFindingsBySeverity, overdueActions, planScores } from "../../kpis/compliance.js";
import { kpiTiles } from "../../kpis/this-month.js";
import { pendingWaiverCount } from "../../../audits/waiver-queries.js";
import { planVerdicts } from "../../kpis/verdict.js";
import { waitingFor } from "../../queues/waiting.js";
import { today } from "../route-params.js";
import { html } from "./render.js";
import { inTurns } from "../../event-loop.js";

export function overviewPages() {
  const app = new Hono<AppEnv>();
  app.get("/", requires("read"), async (c) => {
    const { database, clock, kpiCache } = c.get("deps");
    const db = database.db;
    const now = clock.now();
    const principal = currentPrincipal(c);
    // the organisation's day decides "overdue", as on the findings page and in the API
    const day = today(c);
    // one after another, the event loop turning between them: their SQL runs on the main thread
    const compute = () => inTurns([() => kpiTiles(db, now), () => planScores(db), () => openFindingsBySeverity(db), () => overdueActions(db, day), () => pendingWaiverCount(db), () => planVerdicts(db)] as const);
    // the answer depends on the data and the day (this month, overdue) only: see server/kpis/cache.ts
    const [tiles, scores, openFindings, overdue, waiting, verdicts] = await (kpiCache ? kpiCache.get(db, `overview|${day}`, compute) : compute());
    // the queues are the caller's own (owned actions), so they are not shared through the cache
    const queues = await waitingFor(principal.role, { db, today: day, actor: principal.actor });
    const pendingWaivers = can(principal.role, "waivers.approve") ? waiting : 0;
    return html(c, () => <OverviewPage principal={principal} tiles={tiles} scores={scores} openFindings={openFindings} overdue={overdue} pendingWaivers={pendingWaivers} queues={queues} verdicts={verdicts} />);
  });
  return app;
}
