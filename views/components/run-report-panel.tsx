// The report panel of a run page: stored versions with their SHA-256, download links for the roles
// that may download, and the sign-off form for compliance officers. Served alone at
// GET /runs/:id/report-panel and swapped in place after a sign-off.
import type { Issue } from "../../server/errors.js";
import { can } from "../../server/auth/roles.js";
import type { Principal } from "../../server/deps.js";
import type { ReportPanelData } from "../../reports/listing.js";
import { currentLocale, describeTimeZone, formatDateTime, label, t } from "../../server/i18n/index.js";
import { formatBytes } from "../format.js";
import { CsrfField } from "./csrf-field.js";
import { FormIssues } from "./form-issues.js";

export interface ReportVersionView {
  version: number;
  sha256: string;
  size: number;
  signoffId: number | null;
  /** en, zh-CN or bilingual */
  locale: string;
  createdAt: number;
}

export interface RunReportPanelProps {
  principal: Principal;
  runId: number;
  data: ReportPanelData;
  /** why the signed-in account may not sign this run (separation of duties), if it may not */
  dutyConflict: string | null;
  form?: { values: { comment?: string; reason?: string }; issues: Issue[] };
}

export const reportDownloadUrl = (runId: number, version?: number) => `/api/v1/runs/${runId}/report.pdf${version ? `?version=${version}` : ""}`;

const reportLanguages = ["en", "zh-CN", "bilingual"] as const;

/** The current report in each language (the plan's report language is what the plain download gives). */
export function ReportLanguageLinks({ runId }: { runId: number }) {
  return (
    <span class="report-languages muted small">
      {t("pdf.downloadIn")}{" "}
      {reportLanguages.map((l, i) => (
        <>
          {i > 0 && " · "}
          <a href={`${reportDownloadUrl(runId)}?lang=${encodeURIComponent(l)}`} hreflang={l === "bilingual" ? undefined : l} download>
            {t(`pdf.language.${l}`)}
          </a>
        </>
      ))}
    </span>
  );
}

const versionLanguage = (locale: string) => label(`pdf.language.${locale}`, locale);

/** An instant in the run's time zone with its offset, as the PDF writes it: "20 Nov 2026, 20:00 (UTC+08:00)". */
export function formatWhen(ms: number, timezone: string): string {
  const offset = describeTimeZone(timezone, ms).replace(/^.*\((.*)\)$/, "$1");
  return t("reports.zonedTime", { at: formatDateTime(ms, { locale: currentLocale(), timeZone: timezone }), offset });
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
          <th>{t("pdf.versionLanguage")}</th>
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
            <td class="num">{formatBytes(v.size)}</td>
            <td>{formatWhen(v.createdAt, timezone)}</td>
            <td>{v.signoffId ? t("reports.showsSignoff") : t("reports.showsUnsigned")}</td>
            <td lang={v.locale === "bilingual" ? undefined : v.locale}>{versionLanguage(v.locale)}</td>
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
          <strong>{t("reports.version", { version: v.version })}</strong> · {versionLanguage(v.locale)} · {formatBytes(v.size)} · {v.signoffId ? t("reports.showsSignoff") : t("reports.showsUnsigned")}
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

export function RunReportPanel({ principal, runId, data, dutyConflict, form }: RunReportPanelProps) {
  const { status, timezone, signoff, versions, voided, unanswered, provisional } = data;
  const canDownload = can(principal.role, "reports.download");
  const canSign = can(principal.role, "runs.signoff");
  const canReopen = can(principal.role, "runs.reopen");
  const completed = status === "completed";
  const blocked = provisional ? t("panel.provisional") : unanswered.length ? t("panel.unanswered", { rules: unanswered.join(", ") }) : dutyConflict ? t("panel.duty", { reason: dutyConflict }) : null;
  return (
    <section id="run-report-panel" class="card report-panel" hx-target="this" hx-swap="outerHTML" hx-get={`/runs/${runId}/report-panel`} hx-trigger="run-changed from:body">
      <h2>{t("panel.title")}</h2>
      {!completed && <p class="muted">{t("panel.notCompleted")}</p>}
      {completed && (
        <>
          {provisional && (
            <p class="notice provisional">
              <span class="badge badge-provisional">{t("runs.provisional")}</span> {t("panel.provisional")}
            </p>
          )}
          {canDownload ? (
            <p>
              <a class="button" href={reportDownloadUrl(runId)} download>
                {t("reports.download")}
              </a>{" "}
              <ReportLanguageLinks runId={runId} />
            </p>
          ) : (
            <p class="muted">{t("panel.noDownload")}</p>
          )}
          {versions.length === 0 ? <p class="muted">{t("reports.noVersion")}</p> : <ReportVersionsList runId={runId} versions={versions} timezone={timezone} canDownload={canDownload} />}
          {voided.length > 0 && (
            <ul class="voided-signoffs">
              {voided.map((v) => (
                <li class="voided">
                  <s>{t("reports.signedBy", { name: v.name, at: formatWhen(v.signedAt, timezone) })}</s>{" "}
                  {t("panel.voided", { name: v.name, at: formatWhen(v.signedAt, timezone), by: v.voidedBy ?? "", when: formatWhen(v.voidedAt ?? 0, timezone), reason: v.voidReason ?? "" })}
                </li>
              ))}
            </ul>
          )}
          {signoff ? (
            <div class="signoff">
              <p>
                <strong>{t("panel.signed", { name: signoff.name, at: formatWhen(signoff.signedAt, timezone) })}</strong>
              </p>
              {signoff.comment && <blockquote>{signoff.comment}</blockquote>}
              <p class="notice locked">{t("panel.locked")}</p>
              {canReopen && (
                <form class="reopen-form stacked" method="post" action={`/runs/${runId}/reopen`} hx-post={`/runs/${runId}/reopen`}>
                  <h3>{t("panel.reopenTitle")}</h3>
                  <p class="muted">{t("panel.reopenHelp")}</p>
                  <FormIssues issues={form?.issues} />
                  <CsrfField principal={principal} />
                  <label>
                    {t("panel.reason")}
                    <textarea name="reason" rows={2} required maxlength={4000}>
                      {form?.values.reason ?? ""}
                    </textarea>
                  </label>
                  <div class="form-actions">
                    <button type="submit">{t("panel.reopen")}</button>
                  </div>
                </form>
              )}
            </div>
          ) : canSign && !blocked ? (
            <form class="signoff-form stacked" method="post" action={`/runs/${runId}/signoff`} hx-post={`/runs/${runId}/signoff`}>
              <h3>{t("panel.signTitle")}</h3>
              <p class="muted">{t("panel.signHelp", { name: principal.name })}</p>
              <FormIssues issues={form?.issues} />
              <CsrfField principal={principal} />
              <p>
                {t("panel.signer")} <strong class="signer">{principal.name}</strong>
              </p>
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
            <>
              <p class="muted">{t("reports.notSigned")}</p>
              {canSign && blocked && !provisional && <p class="notice">{blocked}</p>}
              <FormIssues issues={form?.issues} />
            </>
          )}
        </>
      )}
    </section>
  );
}
