// Organisation rulebooks (English): the `assay rulebook` commands and the Rulebooks page.
export const rulebooks = {
  "rulebooks.cliUsage":
    "Organisation rulebooks (README: \"Organisation rulebooks\"):\n  rulebook lint FILE                     check a rulebook file (YAML or JSON); every error with its place in the file\n  rulebook import FILE                   import a version of a rulebook; a version a run used never changes\n  rulebook export ID [--version V]       write a rulebook as YAML (e.g. iso20000-support, to start your own)\n  rulebook test FILE --fixtures DIR      judge the rulebook over the fixture data in DIR and compare with\n                                         DIR/expected.json; exit 1 on any mismatch",
  "rulebooks.cli.lintOk": "{file}: valid, {rules, plural, one {# rule} other {# rules}} ({ref})",
  "rulebooks.cli.lintErrors": "{file}: {n, plural, one {# error} other {# errors}}",
  "rulebooks.cli.imported": "imported {ref} ({rules, plural, one {# rule} other {# rules}}), SHA-256 {sha256}",
  "rulebooks.cli.unchanged": "{ref} is already imported with identical content; nothing changed",
  "rulebooks.cli.replaced": "replaced {ref} (no run had used it), SHA-256 {sha256}",
  "rulebooks.cli.unknown": "no rulebook {id}",
  "rulebooks.cli.testHeader": "rule|expected|actual|value|result",
  "rulebooks.cli.testOk": "ok",
  "rulebooks.cli.testMismatch": "MISMATCH",
  "rulebooks.cli.testNotRun": "not judged",
  "rulebooks.cli.testSummary": "{ref}: {passed} of {total} expected results met",
  "rulebooks.cli.testFailed": "{failed, plural, one {# rule differs} other {# rules differ}} from expected.json",
};
