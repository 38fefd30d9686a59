// GET /findings.csv: every finding of the current filter (not only the page shown), one row per action, formula-neutralised.
import type { Context } from "hono";
import { findingsPage } from "../../../../audits/findings.js";
import { csvDocument, csvRow } from "../../../csv-output.js";
import type { AppEnv } from "../../../deps.js";
import { t } from "../../../i18n/index.js";
import { findingTitle } from "../../../../views/finding-text.js";
import { today } from "../../route-params.js";
import { inPresentation } from "../render.js";

/** At most this many pages of 1000 findings: a filter that wide is no working list (the API pages further). */
const maxPages = 20;

export async function findingsCsv(c: Context<AppEnv>, filters: Record<string, unknown>) {
  const db = c.get("deps").database.db;
  const day = today(c);
  const rows = inPresentation(c, () => [
    csvRow([
      t("queues.csv.finding"),
      t("findings.plan"),
      t("queues.rule"),
      t("findings.severity"),
      t("findings.status"),
      t("queues.csv.title"),
      t("queues.csv.recurrence"),
      t("queues.csv.lastRun"),
      t("queues.csv.action"),
      t("queues.csv.actionStatus"),
      t("findings.owner"),
      t("findings.due"),
      t("findings.overdue"),
    ]),
  ]);
  for (let page = 1; page <= maxPages; page++) {
    const result = await findingsPage(db, { ...filters, page, page_size: 1000 }, day);
    inPresentation(c, () => {
    for (const f of result.findings) {
      const common = [f.id, f.plan_name, f.rule_id, t(`severity.${f.severity}`), t(`finding.${f.status}`), findingTitle(f.rule_id, f.title), f.recurrence, f.last_run_id];
      if (f.actions.length === 0) rows.push(csvRow([...common, null, null, null, null, null]));
      for (const a of f.actions) {
        rows.push(csvRow([...common, a.id, t(`action.${a.status}`), a.owner, a.due_date, a.overdue ? t("queues.yes") : t("queues.no")]));
      }
    }
    });
    if (page * 1000 >= result.total) break;
  }
  return c.body(csvDocument(rows), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="findings-${day}.csv"`,
  });
}
