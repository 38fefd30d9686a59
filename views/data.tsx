// The data page: CSV upload with progress (ingest or admin), recent ingest batches, services and SLA policies.
import { can } from "../server/auth/roles.js";
import type { SlaCalendar, SlaTargets } from "../server/db/schema.js";
import type { Principal } from "../server/deps.js";
import { StatusBadge } from "./components/status-badge.js";
import { clientTemplate, currentLocale, formatNumber, intlLocale, label, t } from "../server/i18n/index.js";
import { formatInstant } from "../views/format.js";
import { Layout } from "./layout.js";
import type { IngestBatch, PolicyRow } from "./types.js";
import { inconsistencyCheckSchema, incompleteFieldSchema } from "../server/contract/index.js";

export interface DataPageProps {
  principal: Principal;
  batches: IngestBatch[];
  services: { id: number; key: string; name: string }[];
  policies: PolicyRow[];
  /** the import formats (presets) the upload offers, `assay` first */
  formats: string[];
}

const hours = (minutes: number) => t("data.hours", { h: formatNumber(minutes / 60, 2) });

function targetsText(targets: SlaTargets): string {
  const i = targets.incident;
  const r = targets.request;
  return t("data.targets", {
    iu: `${hours(i.urgent.response)}/${hours(i.urgent.resolution)}`,
    ii: `${hours(i.important.response)}/${hours(i.important.resolution)}`,
    ig: `${hours(i.general.response)}/${hours(i.general.resolution)}`,
    rr: hours(r.response),
    ru: hours(r.urgent),
    rg: hours(r.general),
    rc: hours(r.complex),
    rf: hours(r.feedback),
  });
}

/** ISO weekdays (1 = Monday) as the reader's short names in a list: "Mon, Tue, Wed" / "周一、周二、周三". */
function weekdays(days: number[]): string {
  const locale = intlLocale(currentLocale());
  const name = new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" });
  // 1 January 2024 was a Monday
  return new Intl.ListFormat(locale, { style: "narrow", type: "conjunction" }).format(days.map((d) => name.format(Date.UTC(2024, 0, d))));
}

function calendarText(cal: SlaCalendar): string {
  if (cal.type === "24x7") return t("data.calendar24x7");
  return t("data.calendarBusiness", { days: weekdays(cal.days), start: cal.start, end: cal.end, tz: cal.timezone, holidays: cal.holidays.length });
}

/** The preview names a row's problems from the dry run's codes: their labels ride on the form. */
function problemLabels(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of incompleteFieldSchema.options) out[`data-msg-field-${f}`] = t(`quality.field.${f}`);
  for (const c of inconsistencyCheckSchema.options) out[`data-msg-check-${c}`] = t(`quality.check.${c}`);
  return out;
}

export function UploadForm({ formats }: { formats: string[] }) {
  return (
    <form
      id="csv-upload"
      class="upload"
      data-endpoint="/api/v1/tickets"
      data-msg-uploading={clientTemplate("data.uploading")}
      data-msg-processing={clientTemplate("data.processing")}
      data-msg-done={clientTemplate("data.done")}
      data-msg-failed={clientTemplate("data.failed")}
      data-msg-rejected={clientTemplate("data.rejected")}
      data-msg-issue-line={clientTemplate("data.issueLine")}
      data-msg-more-issues={clientTemplate("data.moreIssues")}
      data-msg-choose={clientTemplate("data.choose")}
      data-msg-network={clientTemplate("data.network")}
      data-msg-error-invalid={t("error.code.invalid")}
      data-msg-error-forbidden={t("error.code.forbidden")}
      data-msg-error-unauthorized={t("error.code.unauthorized")}
      data-msg-error-too_large={t("error.code.too_large")}
      data-msg-error-unsupported_media_type={t("error.code.unsupported_media_type")}
      data-msg-error-too_many_requests={t("error.code.too_many_requests")}
      data-msg-error-busy={t("error.code.busy")}
      data-msg-error-internal={t("error.code.internal")}
      data-msg-preview={clientTemplate("imports.previewDone")}
      data-msg-unmapped={clientTemplate("imports.previewUnmapped")}
      data-msg-refused={clientTemplate("imports.previewRefused")}
      data-msg-quality={clientTemplate("quality.preview")}
      data-msg-quality-rows={clientTemplate("quality.previewRows")}
      data-msg-separator={t("quality.separator")}
      {...problemLabels()}
    >
      <label>
        {t("data.file")}
        <input type="file" name="file" accept=".csv,.tsv,text/csv" required />
      </label>
      <label>
        {t("imports.format")}
        <select name="format">
          {formats.map((f) => (
            <option value={f}>{label(`imports.format.${f}`, f)}</option>
          ))}
        </select>
      </label>
      <label>
        {t("imports.service")}
        <input type="text" name="service" maxlength={64} />
      </label>
      <label>
        {t("imports.timezone")}
        <input type="text" name="timezone" placeholder="UTC" maxlength={64} />
      </label>
      <label>
        <input type="checkbox" name="dry_run" value="1" /> {t("imports.preview")}
      </label>
      <label>
        {t("csv.encoding")}
        <select name="encoding">
          <option value="utf-8">{t("csv.encodingUtf8")}</option>
          <option value="gb18030">{t("csv.encodingGb18030")}</option>
        </select>
      </label>
      <button type="submit" class="primary">
        {t("data.upload")}
      </button>
      <progress max="100" value="0" hidden></progress>
      <output class="upload-status" aria-live="polite"></output>
      <p class="muted">{t("data.uploadHelp")}</p>
      <p class="muted">{t("imports.help")}</p>
    </form>
  );
}

export function BatchesTable({ batches }: { batches: IngestBatch[] }) {
  return (
    <div id="batches">
      {batches.length === 0 ? (
        <p class="empty">{t("data.noBatches")}</p>
      ) : (
        <table class="data-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("data.entity")}</th>
              <th>{t("data.source")}</th>
              <th>{t("data.status")}</th>
              <th class="num">{t("data.received")}</th>
              <th class="num">{t("data.inserted")}</th>
              <th class="num">{t("data.updated")}</th>
              <th>{t("data.actor")}</th>
              <th>{t("data.started")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr>
                <td>{b.id}</td>
                <td>{t(`data.entity.${b.entity}`)}</td>
                <td>{b.source}</td>
                <td>
                  <StatusBadge status={b.status} group="batch" />
                  {b.error && <div class="error">{b.error}</div>}
                </td>
                <td class="num">{formatNumber(b.received)}</td>
                <td class="num">{formatNumber(b.inserted)}</td>
                <td class="num">{formatNumber(b.updated)}</td>
                <td>{b.actor ?? t("common.none")}</td>
                <td>{formatInstant(b.startedAt)}</td>
                <td>{b.entity === "tickets" && b.status === "completed" && <a href={`/data/quality?batch=${b.id}`}>{t("quality.batchLink")}</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function DataPage({ principal, batches, services, policies, formats }: DataPageProps) {
  return (
    <Layout title={t("data.title")} principal={principal} active="/data">
      <h1>{t("data.title")}</h1>
      {can(principal.role, "ingest") && (
        <section class="card">
          <h2>{t("data.uploadTitle")}</h2>
          <UploadForm formats={formats} />
        </section>
      )}
      {can(principal.role, "data.quality") && (
        <section class="card">
          <h2>{t("quality.lastImport")}</h2>
          {/* loaded after the page: it counts the last import's tickets, a scan the page should not wait for */}
          <div id="last-import-quality" hx-get="/data/quality/last" hx-trigger="load" hx-swap="outerHTML">
            <p class="muted">
              <a href="/data/quality">{t("quality.loading")}</a>
            </p>
          </div>
        </section>
      )}
      <section class="card">
        <h2>{t("data.batches")}</h2>
        <BatchesTable batches={batches} />
      </section>
      <div class="columns">
        <section class="card">
          <h2>{t("data.services")}</h2>
          {services.length === 0 ? (
            <p class="empty">{t("data.noServices")}</p>
          ) : (
            <table class="data-table">
              <thead>
                <tr>
                  <th>{t("data.serviceKey")}</th>
                  <th>{t("data.serviceName")}</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {services.map((s) => (
                  <tr>
                    <td>
                      <code>{s.key}</code>
                    </td>
                    <td>{s.name}</td>
                    <td>
                      <a href={`/kpis?service=${encodeURIComponent(s.key)}`}>{t("data.serviceKpis")}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="card">
          <h2>{t("data.policies")}</h2>
          <table class="data-table">
            <thead>
              <tr>
                <th>{t("data.policyService")}</th>
                <th>{t("data.policyName")}</th>
                <th>{t("data.policyEffective")}</th>
                <th>{t("data.policyCalendar")}</th>
                <th>{t("data.policyTargets")}</th>
              </tr>
            </thead>
            <tbody>
              {policies.map(({ policy, serviceName }) => (
                <tr>
                  <td>{serviceName ?? t("data.policyDefault")}</td>
                  <td>
                    {policy.name} <span class="muted">{t("data.version", { version: policy.version })}</span>
                  </td>
                  <td>
                    {policy.effectiveTo === null ? formatInstant(policy.effectiveFrom) : t("data.until", { from: formatInstant(policy.effectiveFrom), to: formatInstant(policy.effectiveTo) })}
                  </td>
                  <td>{calendarText(policy.calendar)}</td>
                  <td class="small">{targetsText(policy.targets)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </Layout>
  );
}
