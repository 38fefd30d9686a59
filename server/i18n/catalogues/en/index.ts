// The English catalogue: every user-facing string, by area. English is the reference: its keys are the MessageKey type.
import { accounts } from "./accounts.js";
import { admin } from "./admin.js";
import { cli } from "./cli.js";
import { common } from "./common.js";
import { connectors } from "./connectors.js";
import { csv } from "./csv.js";
import { data } from "./data.js";
import { findings } from "./findings.js";
import { forms } from "./forms.js";
import { imports } from "./imports.js";
import { kpis } from "./kpis.js";
import { notifications } from "./notifications.js";
import { overview } from "./overview.js";
import { pdf } from "./pdf.js";
import { plans } from "./plans.js";
import { quality } from "./quality.js";
import { queues } from "./queues.js";
import { reports } from "./reports.js";
import { results } from "./results.js";
import { rulebook } from "./rulebook.js";
import { rulebooks } from "./rulebooks.js";
import { runs } from "./runs.js";
import { ticket } from "./ticket.js";
import { vocabulary } from "./vocabulary.js";
import { waivers } from "./waivers.js";

export const en = { ...common, ...vocabulary, ...accounts, ...admin, ...cli, ...connectors, ...csv, ...data, ...findings, ...forms, ...imports, ...kpis, ...notifications, ...overview, ...pdf, ...plans, ...quality, ...queues, ...reports, ...results, ...rulebook, ...rulebooks, ...runs, ...ticket, ...waivers };
