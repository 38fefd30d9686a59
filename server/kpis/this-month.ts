// The overview's KPI tiles: SLA attainment, mean time to resolve, CSAT and availability for the current month (organisation time).
import type { DbOrTx } from "../db/client.js";
import { availabilityByMonth, availabilityTarget } from "./availability.js";
import { csatTarget } from "./satisfaction.js";
import { monthsScope, percent, round } from "./kpi-scope.js";
import { sumBy, ticketTotals } from "./ticket-totals.js";
import { slaTarget } from "./sla-attainment.js";

export interface KpiTiles {
  month: string;
  sla: { value: number | null; response: number | null; resolution: number | null; target: number };
  mttrHours: { value: number | null; resolved: number };
  csat: { value: number | null; rated: number; target: number };
  availability: { value: number | null; lowest: { name: string; value: number } | null; target: number };
}

export async function kpiTiles(db: DbOrTx, now: number): Promise<KpiTiles> {
  const scope = await monthsScope(db, { period: "3m" }, null, now, 1);
  const { months, fromMs, toMs } = scope;
  const [row] = [...sumBy(await ticketTotals(db, scope), () => "all").values()];
  const t = row ?? { responseMet: 0, responseBreached: 0, resolutionMet: 0, resolutionBreached: 0, resolved: 0, resolutionMinutes: 0, rated: 0, satisfied: 0 };
  const availability = await availabilityByMonth(db, fromMs, toMs, null, scope.zone);
  const lowest = availability.reduce<(typeof availability)[number] | null>((low, a) => (!low || a.mean < low.mean ? a : low), null);
  const mean = availability.length ? availability.reduce((s, a) => s + a.mean, 0) / availability.length : null;
  const met = t.responseMet + t.resolutionMet;
  return {
    month: months[0],
    sla: {
      value: percent(met, met + t.responseBreached + t.resolutionBreached),
      response: percent(t.responseMet, t.responseMet + t.responseBreached),
      resolution: percent(t.resolutionMet, t.resolutionMet + t.resolutionBreached),
      target: slaTarget,
    },
    mttrHours: { value: t.resolved > 0 ? round(t.resolutionMinutes / t.resolved / 60, 1) : null, resolved: t.resolved },
    csat: { value: percent(t.satisfied, t.rated), rated: t.rated, target: csatTarget },
    availability: { value: mean === null ? null : round(mean, 2), lowest: lowest ? { name: lowest.name, value: round(lowest.mean, 2) } : null, target: availabilityTarget },
  };
}
