// The statement of applicability (English): every ISO/IEC 20000-1:2018 clause, the rules that cover it and their
// results, or why it is not applicable. Clause titles are `clause.*` (rulebook.ts); on the plan page and in the PDF.
export const applicability = {
  "applicability.title": "Statement of applicability",
  "applicability.help":
    "Every clause of ISO/IEC 20000-1:2018, the rules of this plan that cite it with their result in the latest run, and why a clause no rule covers is not applicable. Auditors and administrators may replace the default justification with the organisation's own.",
  "applicability.summary": "{applicable, plural, one {# clause} other {# clauses}} applicable, {notApplicable, plural, one {# clause} other {# clauses}} not applicable.",
  "applicability.latestRun": "Results of run #{run}, finished {when}.",
  "applicability.noRun": "No completed run yet: results appear after the plan's first run.",
  "applicability.clause": "Clause",
  "applicability.clauseTitle": "Title",
  "applicability.status": "Status",
  "applicability.coverage": "Rules and results, or justification",
  "applicability.status.applicable": "Applicable",
  "applicability.status.not_applicable": "Not applicable",
  "applicability.through": "{count, plural, one {Covered through its sub-clause {clauses}.} other {Covered through its sub-clauses {clauses}.}}",
  "applicability.notRun": "not run yet",
  "applicability.reason.documented":
    "Not covered by ticket data: this clause is evidenced by documented information (context, policies, plans, procedures) that the auditor reviews, not by the ticket, metric and activity records Assay audits.",
  "applicability.reason.records":
    "Not covered by ticket data: no rule of this plan cites this clause, and its records are not among the ticket, metric and activity data Assay receives; it is audited from the process's own records.",
  "applicability.reason.parent": "Not covered by ticket data: none of its sub-clauses is covered by a rule of this plan.",
  "applicability.byOrganisation": "The organisation's justification, written by {who} on {when}.",
  "applicability.justification": "Justification",
  "applicability.justificationHelp": "Leave it empty to return to the default justification.",
  "applicability.edit": "Write the organisation's justification",
  "applicability.save": "Save justification",
  "applicability.saved": "Justification of clause {clause} saved.",
  // the PDF's annex
  "applicability.pdf.heading": "Annex A. Statement of applicability",
  "applicability.pdf.intro":
    "The ISO/IEC 20000-1:2018 clauses this run's rules cite, each with its rules and their results, then the clauses no rule covers with the justification of their exclusion.",
  "applicability.pdf.applicable": "Clauses covered by this run",
  "applicability.pdf.notApplicable": "Clauses not applicable",
  "applicability.pdf.rule": "Rule",
  "applicability.pdf.requirement": "Requirement",
  "applicability.pdf.result": "Result",
  "applicability.pdf.organisation": "(organisation's justification, {who}, {when})",
} as const;
