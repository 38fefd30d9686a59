// The English catalogue: every user-facing string, by area. English is the reference: its keys are the MessageKey type.
import { common } from "./common.js";
import { dashboard } from "./dashboard.js";
import { reports } from "./reports.js";

export const en = { ...common, ...dashboard, ...reports };
