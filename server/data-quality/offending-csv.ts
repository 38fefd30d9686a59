// The offending records of a data-quality scope as CSV (server/csv-output.ts), walked by id a page at a time so a
// scope of a million tickets never sits in memory.
import type { DbOrTx } from "../db/client.js";
import { csvBom, csvRow } from "../csv-output.js";
import type { MessageKey } from "../i18n/index.js";
import { offendingRows, type QualityScope } from "./offending-records.js";
import { rowProblems } from "./verdicts.js";

const pageRows = 1000;

export async function* offendingCsv(db: DbOrTx, scope: QualityScope, t: (key: MessageKey) => string): AsyncGenerator<string> {
  yield csvBom + csvRow([t("quality.col.id"), t("quality.col.service"), t("quality.col.opened"), t("quality.col.incomplete"), t("quality.col.inconsistent")]);
  let afterId: string | undefined;
  for (;;) {
    const rows = await offendingRows(db, scope, { limit: pageRows, afterId });
    if (rows.length === 0) return;
    let chunk = "";
    for (const row of rows) {
      const p = rowProblems(row, t);
      chunk += csvRow([row.id, row.service, row.opened_at, p.incomplete.join(t("quality.separator")), p.inconsistent.join(t("quality.separator"))]);
    }
    yield chunk;
    afterId = rows[rows.length - 1].id;
  }
}
