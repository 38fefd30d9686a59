// The report panel of a run page: stored versions with their SHA-256, download links for the roles
// that may download, and the sign-off form for compliance officers. Served alone at
// GET /runs/:id/report-panel and swapped in place after a sign-off.
import { DateTime } from "luxon";
import type { Issue } from "../../server/errors.js";
import { can } from "../../server/auth/roles.js";
import type { Principal } from "../../server/env.js";
import { t } from "../messages.js";
import "../report-messages.js";
import { CsrfField } from "./csrf-field.js";
import { FormIssues } from "./form-issues.js";

export interface ReportVersionView {
  version: number;
  sha256: string;
  size: number;
  signoffId: number | null;
  createdAt: number;
}

export interface RunReportPanelProps {
  principal: Principal;
  runId: number;
  status: string;
  timezone: string;
  signoff: { name: string; signedAt: number; comment: string | null } | null;
  versions: ReportVersionView[];
  form?: { values: { name?: string; comment?: string }; issues: Issue[] };
}

export const reportDownloadUrl = (runId: number, version?: number) => `/api/v1/runs/${runId}/report.pdf${version ? `?version=${version}` : ""}`;

export function formatWhen(ms: number, timezone: string): string {
  const dt = DateTime.fromMillis(ms, { zone: timezone });
  return `${dt.toFormat("yyyy-MM-dd HH:mm")} (UTC${dt.toFormat("ZZ")})`;
}

export function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function ReportVersionsTable({ runId, versions, timezone, canDownload }: { runId: number; versions: ReportVersionView[]; timezone: string; canDownload: boolean }) {
  return (
    <table class="data-table report-versions">
      <thead>
        <tr>
          <th class="num">#</th>
          <th>{t("reports.sha256")}</th>
          <th class="num">{t("reports.size")}</th>
          <th>{t("reports.created")}</th>
          <th>{t("reports.shows")}</th>
          {canDownload && <th></th>}
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr>
            <td class="num">{v.version}</td>
            <td>
              <code class="sha256">{v.sha256}</code>
            </td>
            <td class="num">{formatSize(v.size)}</td>
            <td>{formatWhen(v.createdAt, timezone)}</td>
            <td>{v.signoffId ? t("reports.showsSignoff") : t("reports.showsUnsigned")}</td>
            {canDownload && (
              <td>
                <a href={reportDownloadUrl(runId, v.version)} download>
                  {t("reports.downloadVersion", { version: v.version })}
                </a>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The versions as a narrow list, for the run page's side column. */
export function ReportVersionsList({ runId, versions, timezone, canDownload }: { runId: number; versions: ReportVersionView[]; timezone: string; canDownload: boolean }) {
  return (
    <ol class="report-versions-list">
      {[...versions].reverse().map((v) => (
        <li>
          <strong>{t("reports.version", { version: v.version })}</strong> · {formatSize(v.size)} · {v.signoffId ? t("reports.showsSignoff") : t("reports.showsUnsigned")}
          <br />
          <span class="muted">
            {t("reports.created")} {formatWhen(v.createdAt, timezone)}
          </span>
          <br />
          {t("reports.sha256")} <code class="sha256">{v.sha256}</code>
          {canDownload && (
            <>
              <br />
              <a href={reportDownloadUrl(runId, v.version)} download>
                {t("reports.downloadVersion", { version: v.version })}
              </a>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

export function RunReportPanel({ principal, runId, status, timezone, signoff, versions, form }: RunReportPanelProps) {
  const canDownload = can(principal.role, "reports.download");
  const canSign = can(principal.role, "runs.signoff");
  const completed = status === "completed";
  return (
    <section id="run-report-panel" class="card report-panel" hx-target="this" hx-swap="outerHTML">
      <h2>{t("panel.title")}</h2>
      {!completed && <p class="muted">{t("panel.notCompleted")}</p>}
      {completed && (
        <>
          {canDownload ? (
            <p>
              <a class="button" href={reportDownloadUrl(runId)} download>
                {t("reports.download")}
              </a>
            </p>
          ) : (
            <p class="muted">{t("panel.noDownload")}</p>
          )}
          {versions.length === 0 ? <p class="muted">{t("reports.noVersion")}</p> : <ReportVersionsList runId={runId} versions={versions} timezone={timezone} canDownload={canDownload} />}
          {signoff ? (
            <div class="signoff">
              <p>
                <strong>{t("panel.signed", { name: signoff.name, at: formatWhen(signoff.signedAt, timezone) })}</strong>
              </p>
              {signoff.comment && <blockquote>{signoff.comment}</blockquote>}
            </div>
          ) : canSign ? (
            <form class="signoff-form stacked" method="post" action={`/runs/${runId}/signoff`} hx-post={`/runs/${runId}/signoff`}>
              <h3>{t("panel.signTitle")}</h3>
              <p class="muted">{t("panel.signHelp")}</p>
              <FormIssues issues={form?.issues} />
              <CsrfField principal={principal} />
              <label>
                {t("panel.name")}
                <input type="text" name="name" required maxlength={200} value={form?.values.name ?? principal.name} />
              </label>
              <label>
                {t("panel.comment")}
                <textarea name="comment" rows={3} maxlength={4000}>
                  {form?.values.comment ?? ""}
                </textarea>
              </label>
              <div class="form-actions">
                <button type="submit">{t("panel.sign")}</button>
              </div>
            </form>
          ) : (
            <p class="muted">{t("reports.notSigned")}</p>
          )}
        </>
      )}
    </section>
  );
}
