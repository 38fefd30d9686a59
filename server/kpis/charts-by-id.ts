// The KPI explorer's charts by id: each answers from the rollups (or metric samples) only, never the ticket table.
import type { DbOrTx } from "../db/client.js";
import { availabilityChart } from "./availability.js";
import { backlogChart } from "./backlog.js";
import type { ChartId, KpiChart } from "./kpi-chart.js";
import { durationsChart } from "./duration-percentiles.js";
import { csatChart } from "./satisfaction.js";
import type { KpiScope } from "./kpi-scope.js";
import { slaAttainmentChart } from "./sla-attainment.js";
import { volumeChart } from "./volume.js";

const builders: Record<ChartId, (db: DbOrTx, scope: KpiScope) => Promise<KpiChart>> = {
  "sla-response": (db, scope) => slaAttainmentChart(db, scope, "response"),
  "sla-resolution": (db, scope) => slaAttainmentChart(db, scope, "resolution"),
  durations: durationsChart,
  volume: volumeChart,
  backlog: backlogChart,
  csat: csatChart,
  availability: availabilityChart,
};

export function buildChart(db: DbOrTx, scope: KpiScope, id: ChartId): Promise<KpiChart> {
  return builders[id](db, scope);
}

export function buildAllCharts(db: DbOrTx, scope: KpiScope): Promise<KpiChart[]> {
  return Promise.all((Object.keys(builders) as ChartId[]).map((id) => builders[id](db, scope)));
}
