// The data-quality page (/data/quality): would the stored records pass REC-COMPLETE and REC-CONSISTENT, and which
// records would not, paged, with a CSV; the report part is also the htmx partial of a page change.
import { dataQualityPageDefault, type DataQuality } from "../server/contract/index.js";
import { qualityVerdicts, rowProblems, type Verdict } from "../server/data-quality/verdicts.js";
import type { Principal } from "../server/deps.js";
import { formatFixed, t } from "../server/i18n/index.js";
import { Pager } from "./components/pager.js";
import { formatInstant } from "./format.js";
import { Layout } from "./layout.js";

export interface DataQualityPageProps {
  principal: Principal;
  report: DataQuality;
  services: { key: string; name: string }[];
}

/** The scope's query string, for the pager (with the page and its size), the CSV link and the card's link. */
export function qualityQuery(scope: DataQuality["scope"], page?: number, pageSize?: number): string {
  const p = new URLSearchParams();
  if (scope.service) p.set("service", scope.service);
  if (scope.since) p.set("since", scope.since);
  if (scope.data_change) p.set("data_change", String(scope.data_change));
  if (scope.batch) p.set("batch", String(scope.batch));
  if (page && page > 1) p.set("page", String(page));
  if (pageSize && pageSize !== dataQualityPageDefault) p.set("page_size", String(pageSize));
  const s = p.toString();
  return s ? `?${s}` : "";
}

function scopeText(scope: DataQuality["scope"]): string {
  const parts: string[] = [];
  if (scope.batch) parts.push(t("quality.scope.batch", { batch: scope.batch }));
  if (scope.data_change) parts.push(t("quality.scope.dataChange", { id: scope.data_change }));
  if (scope.service) parts.push(t("quality.scope.service", { service: scope.service }));
  if (scope.since) parts.push(t("quality.scope.since", { since: scope.since }));
  return parts.length ? parts.join(" · ") : t("quality.scope.all");
}

function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const text = verdict === "pass" ? t("quality.wouldPass") : verdict === "fail" ? t("quality.wouldFail") : t("quality.noData");
  return <span class={`badge badge-${verdict}`}>{text}</span>;
}

/** The two verdicts with their counts: the Data page's card of the last import shows them too. */
export function QualityVerdicts({ report }: { report: Pick<DataQuality, "tickets" | "incomplete" | "inconsistent" | "checks"> }) {
  const v = qualityVerdicts(report);
  const failingChecks = Object.entries(report.checks).filter(([, n]) => n > 0);
  return (
    <div class="quality-verdicts">
      <p class="muted">{t("quality.tickets", { n: report.tickets })}</p>
      <p data-rule="REC-COMPLETE">
        <VerdictBadge verdict={v.complete.verdict} /> <strong>{t("quality.complete.title")}</strong>{" "}
        {t("quality.complete.value", { complete: report.tickets - report.incomplete, tickets: report.tickets, incomplete: report.incomplete, value: v.complete.value === null ? "—" : formatFixed(v.complete.value, 1), threshold: v.complete.threshold })}
      </p>
      <p data-rule="REC-CONSISTENT">
        <VerdictBadge verdict={v.consistent.verdict} /> <strong>{t("quality.consistent.title")}</strong> {t("quality.consistent.value", { n: report.inconsistent, threshold: v.consistent.threshold })}
        {failingChecks.length > 0 && (
          <ul class="small">
            {failingChecks.map(([check, n]) => (
              <li>{t("quality.checkCount", { check: t(`quality.check.${check as keyof DataQuality["checks"]}`), n })}</li>
            ))}
          </ul>
        )}
      </p>
    </div>
  );
}

/** The report: verdicts, then the offending records (the pager swaps this whole element). */
export function QualityReport({ report }: { report: DataQuality }) {
  const href = (page: number) => `/data/quality${qualityQuery(report.scope, page, report.page_size)}`;
  return (
    <div id="quality-report">
      <p>
        {t("quality.scope")}: <strong>{scopeText(report.scope)}</strong>
      </p>
      {report.tickets === 0 ? (
        <p class="empty">{t("quality.empty")}</p>
      ) : (
        <>
          <QualityVerdicts report={report} />
          <h2>{t("quality.rows")}</h2>
          {report.offending === 0 ? (
            <p class="empty quality-clean">{t("quality.none")}</p>
          ) : (
            <>
              <p>
                <a href={`/data/quality.csv${qualityQuery(report.scope)}`} download>
                  {t("quality.csv")}
                </a>
              </p>
              <table class="data-table quality-rows">
                <thead>
                  <tr>
                    <th>{t("quality.col.id")}</th>
                    <th>{t("quality.col.service")}</th>
                    <th>{t("quality.col.opened")}</th>
                    <th>{t("quality.col.incomplete")}</th>
                    <th>{t("quality.col.inconsistent")}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((row) => {
                    const p = rowProblems(row, t);
                    return (
                      <tr>
                        <td>
                          <a href={`/tickets/${encodeURIComponent(row.id)}`}>{row.id}</a>
                        </td>
                        <td>{row.service}</td>
                        <td>{formatInstant(Date.parse(row.opened_at))}</td>
                        <td class="quality-problem">{p.incomplete.join(t("quality.separator"))}</td>
                        <td class="quality-problem">{p.inconsistent.join(t("quality.separator"))}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <Pager page={report.page} pageSize={report.page_size} total={report.offending} href={href} target="#quality-report" />
            </>
          )}
        </>
      )}
    </div>
  );
}

export function DataQualityPage({ principal, report, services }: DataQualityPageProps) {
  return (
    <Layout title={t("quality.title")} principal={principal} active="/data">
      <h1>{t("quality.title")}</h1>
      <p class="muted">{t("quality.intro")}</p>
      <form class="filters card" method="get" action="/data/quality">
        <label>
          {t("quality.filter.service")}
          <select name="service">
            <option value="">{t("quality.filter.allServices")}</option>
            {services.map((s) => (
              <option value={s.key} selected={s.key === report.scope.service}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("quality.filter.since")}
          <input type="date" name="since" value={report.scope.since ?? ""} />
        </label>
        <button type="submit">{t("quality.filter.apply")}</button>
      </form>
      <section class="card">
        <QualityReport report={report} />
      </section>
    </Layout>
  );
}

/** The Data page's card: the record rules on the tickets the last ticket import wrote (refreshed after an upload). */
export function LastImportQuality({ report }: { report: DataQuality | null }) {
  return (
    <div id="last-import-quality">
      {report === null ? (
        <p class="empty">{t("quality.lastImportNone")}</p>
      ) : (
        <>
          <p>{scopeText(report.scope)}</p>
          <QualityVerdicts report={report} />
          <p>
            <a href={`/data/quality${qualityQuery(report.scope)}`}>{t("quality.rows")}</a> · <a href="/data/quality">{t("quality.allTickets")}</a>
          </p>
        </>
      )}
    </div>
  );
}
