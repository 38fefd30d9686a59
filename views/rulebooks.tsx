// The Rulebooks page: every rulebook with its versions (built-in ones marked, how many runs used each), a version's
// rules, the differences between two versions, and (admins) the upload form that imports a version.
import type { RulebookDiff } from "../audits/rulebooks/diff.js";
import type { RulebookListing } from "../audits/rulebooks/store.js";
import type { Rule, Rulebook } from "../audits/rulebooks/types.js";
import { can } from "../server/auth/roles.js";
import type { Principal } from "../server/deps.js";
import type { Issue } from "../server/errors.js";
import { ruleTitle, t } from "../server/i18n/index.js";
import { CsrfField } from "./components/csrf-field.js";
import { formatInstant } from "./format.js";
import { Layout } from "./layout.js";
import { formatMeasure } from "../audits/rulebooks/units.js";

export interface RulebooksPageProps {
  principal: Principal;
  rulebooks: RulebookListing[];
  /** a version whose rules are shown */
  shown?: Rulebook;
  diff?: RulebookDiff;
  /** after an import: what happened, or what was wrong with the file */
  imported?: { ref: string; status: "imported" | "unchanged" | "replaced" };
  issues?: Issue[];
}

const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

function RulesTable({ rules }: { rules: Rule[] }) {
  return (
    <table class="data-table">
      <thead>
        <tr>
          <th>{t("rulebooks.rule")}</th>
          <th>{t("rulebooks.kind")}</th>
          <th>{t("rulebooks.clause")}</th>
          <th>{t("rulebooks.severity")}</th>
          <th>{t("rulebooks.threshold")}</th>
          <th>{t("rulebooks.params")}</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => (
          <tr id={`rule-${r.id}`}>
            <td class="rule-name">
              <code>{r.id}</code>
              <br />
              {ruleTitle(r)}
            </td>
            <td>
              <code>{r.kind}</code>
            </td>
            <td>{r.clause}</td>
            <td>{t(`severity.${r.severity}`)}</td>
            <td>{r.threshold === null ? "—" : `${{ gte: "≥", lte: "≤", lt: "<" }[r.comparison]} ${formatMeasure(r.threshold, r.unit)}`}</td>
            <td class="rule-params">
              {Object.keys(r.params).length === 0 ? (
                "—"
              ) : (
                <ul class="plain small">
                  {Object.entries(r.params).map(([k, v]) => (
                    <li>
                      <code>{k}</code>: {Array.isArray(v) ? v.join(", ") : show(v)}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DiffSection({ diff }: { diff: RulebookDiff }) {
  return (
    <section class="card" id="diff">
      <h2>{t("rulebooks.diffTitle", { from: diff.from, to: diff.to })}</h2>
      {diff.added.length + diff.removed.length + diff.changed.length === 0 && <p class="empty">{t("rulebooks.noDifferences")}</p>}
      {diff.added.length > 0 && (
        <>
          <h3>{t("rulebooks.added", { n: diff.added.length })}</h3>
          <RulesTable rules={diff.added} />
        </>
      )}
      {diff.removed.length > 0 && (
        <>
          <h3>{t("rulebooks.removed", { n: diff.removed.length })}</h3>
          <RulesTable rules={diff.removed} />
        </>
      )}
      {diff.changed.length > 0 && (
        <>
          <h3>{t("rulebooks.changed", { n: diff.changed.length })}</h3>
          <table class="data-table">
            <thead>
              <tr>
                <th>{t("rulebooks.rule")}</th>
                <th>{t("rulebooks.field")}</th>
                <th>{t("rulebooks.before")}</th>
                <th>{t("rulebooks.after")}</th>
              </tr>
            </thead>
            <tbody>
              {diff.changed.flatMap((c) =>
                c.changes.map((f, i) => (
                  <tr>
                    <td>{i === 0 ? <code>{c.id}</code> : ""}</td>
                    <td>
                      <code>{f.field}</code>
                    </td>
                    <td>{show(f.before)}</td>
                    <td>{show(f.after)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function RulebooksPage({ principal, rulebooks, shown, diff, imported, issues }: RulebooksPageProps) {
  return (
    <Layout title={t("rulebooks.title")} principal={principal} active="/rulebooks">
      <h1>{t("rulebooks.title")}</h1>
      <p class="muted">{t("rulebooks.help")}</p>
      {imported && (
        <div class="notice" role="status">
          {t(`rulebooks.page.${imported.status}`, { ref: imported.ref })}
        </div>
      )}
      {issues && issues.length > 0 && (
        <div class="notice error" role="alert">
          <p>{t("rulebooks.page.invalid", { n: issues.length })}</p>
          <ul>
            {issues.map((i) => (
              <li>
                <code>{i.path}</code>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {rulebooks.map((b) => (
        <section class="card" id={`rulebook-${b.id}`}>
          <h2>
            {b.title} <code>{b.id}</code> {b.built_in && <span class="badge">{t("rulebooks.builtIn")}</span>}
          </h2>
          <table class="data-table">
            <thead>
              <tr>
                <th>{t("rulebooks.version")}</th>
                <th class="num">{t("rulebooks.rules")}</th>
                <th class="num">{t("rulebooks.usedByRuns")}</th>
                <th>{t("rulebooks.importedBy")}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {b.versions.map((v, i) => (
                <tr>
                  <td>
                    <a href={`/rulebooks/${b.id}?version=${v.version}`}>{v.version}</a> {v.ref === b.latest && <span class="muted small">{t("rulebooks.latest")}</span>}
                  </td>
                  <td class="num">{v.rules}</td>
                  <td class="num">{v.runs}</td>
                  <td>{v.built_in ? t("rulebooks.builtIn") : `${v.imported_by ?? ""} ${v.imported_at ? formatInstant(Date.parse(v.imported_at)) : ""}`}</td>
                  <td>{i > 0 && <a href={`/rulebooks/${b.id}/diff?from=${b.versions[i - 1].version}&to=${v.version}`}>{t("rulebooks.compareWithPrevious")}</a>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {shown && (
        <section class="card" id="rules">
          <h2>{t("rulebooks.rulesOf", { ref: shown.version, n: shown.rules.length })}</h2>
          <RulesTable rules={shown.rules} />
        </section>
      )}
      {diff && <DiffSection diff={diff} />}
      {can(principal.role, "rulebooks.import") && (
        <section class="card" id="import">
          <h2>{t("rulebooks.importTitle")}</h2>
          <p class="muted">{t("rulebooks.importHelp")}</p>
          <form method="post" action="/rulebooks" enctype="multipart/form-data">
            <CsrfField principal={principal} />
            <label>
              {t("rulebooks.file")} <input type="file" name="file" accept=".yaml,.yml,.json" required />
            </label>
            <button type="submit">{t("rulebooks.importButton")}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
