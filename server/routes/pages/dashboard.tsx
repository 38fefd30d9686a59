// The dashboard's page areas, one module each: overview, KPI explorer, plans, runs, findings, waivers, data, admin.
import { Hono } from "hono";
import type { AppEnv } from "../../deps.js";
import { adminPages } from "./admin/index.js";
import { connectorPages } from "./connectors.js";
import { rulebookPages } from "./rulebooks.js";
import { dataPages } from "./data/index.js";
import { findingPages } from "./findings/index.js";
import { kpiPages } from "./kpis.js";
import { overviewPages } from "./overview.js";
import { planPages } from "./plans/index.js";
import { applicabilityPages } from "./plans/applicability.js";
import { runPages } from "./runs/index.js";
import { ticketPages } from "./tickets.js";
import { waiverPages } from "./waivers/index.js";

export function dashboardPages() {
  const app = new Hono<AppEnv>();
  app.route("/", overviewPages());
  app.route("/", kpiPages());
  app.route("/", planPages());
  app.route("/", applicabilityPages());
  app.route("/", runPages());
  app.route("/", ticketPages());
  app.route("/", findingPages());
  app.route("/", waiverPages());
  app.route("/", dataPages());
  app.route("/", adminPages());
  app.route("/", connectorPages());
  app.route("/", rulebookPages());
  return app;
}
