// Annex A, the statement of applicability of the run: every ISO/IEC 20000-1 clause its rules cite (or cover through
// sub-clauses) with those rules and their results, then the clauses no rule covers with the justification of each.
import { statementOfApplicability } from "../../audits/applicability.js";
import { ruleTitle, t } from "../../server/i18n/index.js";
import type { ReportCanvas } from "../canvas.js";
import { formatInstant, statusColours, statusLabel } from "../format.js";
import { isoClauseTitle } from "../iso-clauses.js";
import { inEachLanguage, pp, pt } from "../language.js";
import type { ReportData } from "../load.js";
import { drawTable, type Row } from "../table.js";

/** "8.6.1 · Incident management" in the report's language(s); the clause number alone for one the catalogue lacks. */
function clauseHeading(clause: string): string {
  const title = inEachLanguage(() => isoClauseTitle(clause) ?? "", " / ");
  return title ? `${clause} · ${title}` : clause;
}

export function drawApplicability(canvas: ReportCanvas, data: ReportData): void {
  const statement = statementOfApplicability(
    data.results.map((r) => ({ id: r.ruleId, title: r.rule.title, clause: r.rule.clause, status: r.status })),
    data.clauseJustifications,
  );
  canvas.newPage();
  canvas.heading(pt("applicability.pdf.heading"), 140);
  canvas.paragraph(pp("applicability.pdf.intro"), { size: 8.5 });

  canvas.subheading(pt("applicability.pdf.applicable"));
  const covered: Row[] = [];
  for (const c of statement.filter((s) => s.applicable)) {
    covered.push({ band: clauseHeading(c.clause) });
    if (c.rules.length === 0) covered.push({ cells: ["", pp("applicability.through", { count: c.through.length, clauses: c.through.join(", ") }), ""] });
    for (const r of c.rules) {
      covered.push({
        cells: [
          { text: r.id, bold: true, size: 7.5 },
          inEachLanguage(() => ruleTitle(r), "\n"),
          r.status ? { text: statusLabel(r.status), bold: true, colour: statusColours[r.status] } : pt("applicability.notRun"),
        ],
      });
    }
  }
  drawTable(
    canvas,
    [
      { header: pt("applicability.pdf.rule"), width: 24 },
      { header: pt("applicability.pdf.requirement"), width: 58 },
      { header: pt("applicability.pdf.result"), width: 18 },
    ],
    covered,
  );

  canvas.subheading(pt("applicability.pdf.notApplicable"));
  const excluded: Row[] = statement
    .filter((s) => !s.applicable)
    .map((c) => {
      const own = c.organisation;
      const justification = own
        ? `${own.justification}\n${pt("applicability.pdf.organisation", () => ({ who: own.updatedBy, when: formatInstant(own.updatedAt, data.run.timezone) }))}`
        : pp(`applicability.reason.${c.reason ?? "records"}`);
      return {
        cells: [{ text: c.clause, bold: true }, inEachLanguage(() => isoClauseTitle(c.clause) ?? t("clause.other", { clause: c.clause }), "\n"), justification],
      };
    });
  drawTable(
    canvas,
    [
      { header: pt("applicability.clause"), width: 13 },
      { header: pt("applicability.clauseTitle"), width: 30 },
      { header: pt("applicability.justification"), width: 57 },
    ],
    excluded,
  );
}
