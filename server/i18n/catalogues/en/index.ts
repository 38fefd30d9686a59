// The English catalogue: every user-facing string, by area. English is the reference: its keys are the MessageKey type.
import { admin } from "./admin.js";
import { common } from "./common.js";
import { data } from "./data.js";
import { findings } from "./findings.js";
import { imports } from "./imports.js";
import { kpis } from "./kpis.js";
import { overview } from "./overview.js";
import { plans } from "./plans.js";
import { reports } from "./reports.js";
import { runs } from "./runs.js";
import { ticket } from "./ticket.js";
import { vocabulary } from "./vocabulary.js";
import { waivers } from "./waivers.js";

export const en = { ...common, ...vocabulary, ...overview, ...kpis, ...data, ...imports, ...admin, ...plans, ...runs, ...ticket, ...findings, ...waivers, ...reports };
