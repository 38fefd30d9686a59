// The reports list (/reports): completed runs with their report versions, hashes, sign-off state and downloads.
import type { Principal } from "../server/deps.js";
import { formatWhen, ReportLanguageLinks, reportDownloadUrl, ReportVersionsTable, type ReportVersionView } from "./components/run-report-panel.js";
import { Pager } from "./components/pager.js";
import { Layout } from "./layout.js";
import { t } from "../server/i18n/index.js";
import { formatValue } from "./format.js";

export interface ReportRunView {
  runId: number;
  planId: number;
  planName: string;
  periodStart: number;
  periodEnd: number;
  timezone: string;
  finishedAt: number | null;
  score: number | null;
  signoff: { name: string; signedAt: number; comment: string | null } | null;
  versions: ReportVersionView[];
}

export interface ReportsPageProps {
  principal: Principal;
  page: number;
  pageSize: number;
  total: number;
  items: ReportRunView[];
}

function ReportRunCard({ run }: { run: ReportRunView }) {
  return (
    <article class="card report-run" id={`report-run-${run.runId}`}>
      <h2>
        <a href={`/runs/${run.runId}`}>{t("reports.runNumber", { id: run.runId })}</a> · <a href={`/plans/${run.planId}`}>{run.planName}</a>
      </h2>
      <dl class="facts">
        <dt>{t("reports.period")}</dt>
        <dd>
          {t("reports.periodRange", { start: formatWhen(run.periodStart, run.timezone), end: formatWhen(run.periodEnd, run.timezone) })}
        </dd>
        <dt>{t("reports.completed")}</dt>
        <dd>{run.finishedAt === null ? t("common.none") : formatWhen(run.finishedAt, run.timezone)}</dd>
        <dt>{t("reports.score")}</dt>
        <dd>{formatValue(run.score, "percent")}</dd>
        <dt>{t("reports.signoff")}</dt>
        <dd>{run.signoff ? t("reports.signedBy", { name: run.signoff.name, at: formatWhen(run.signoff.signedAt, run.timezone) }) : t("reports.notSigned")}</dd>
      </dl>
      <p>
        <a class="button" href={reportDownloadUrl(run.runId)} download>
          {t("reports.download")}
        </a>{" "}
        <ReportLanguageLinks runId={run.runId} />
      </p>
      {run.versions.length === 0 ? (
        <p class="muted">{t("reports.noVersion")}</p>
      ) : (
        <ReportVersionsTable runId={run.runId} versions={run.versions} timezone={run.timezone} canDownload={true} />
      )}
    </article>
  );
}

export function ReportsPage({ principal, page, pageSize, total, items }: ReportsPageProps) {
  return (
    <Layout title={t("reports.title")} principal={principal} active="/reports">
      <h1>{t("reports.title")}</h1>
      <p class="muted">{t("reports.intro")}</p>
      <div id="report-runs">
        {items.length === 0 ? <p class="empty">{t("reports.empty")}</p> : items.map((run) => <ReportRunCard run={run} />)}
        <Pager page={page} pageSize={pageSize} total={total} href={(p) => `/reports?page=${p}`} />
      </div>
    </Layout>
  );
}
