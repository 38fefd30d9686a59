// The Connectors page (admins): each ticketing-system connector with a Sync now button, and the recent syncs with
// their counts, status and error. The section is also the partial that Sync now swaps in.
import type { Principal } from "../server/deps.js";
import { t } from "../server/i18n/index.js";
import { CsrfField } from "./components/csrf-field.js";
import { formatInstant, formatValue } from "./format.js";
import { Layout } from "./layout.js";

export interface ConnectorItem {
  id: number;
  name: string;
  kind: string;
  url: string;
  queue: string;
  service: string | null;
  tokenEnv: string | null;
  tokenStored: boolean;
  schedule: string;
  cursor: string | null;
}

export interface SyncItem {
  id: number;
  connector: string;
  startedAt: number;
  finishedAt: number | null;
  status: "running" | "succeeded" | "failed";
  ticketsRead: number;
  ticketsChanged: number;
  error: string | null;
}

export interface ConnectorsPageProps {
  principal: Principal;
  connectors: ConnectorItem[];
  syncs: SyncItem[];
  /** the sync Sync now just finished */
  finished?: SyncItem;
}

export function ConnectorsSection({ principal, connectors, syncs, finished }: ConnectorsPageProps) {
  return (
    <section id="connectors" class="card">
      <p class="muted">{t("connectors.help")}</p>
      {finished && (
        <div class={`notice ${finished.status === "failed" ? "error" : ""}`} role="status">
          {t("connectors.synced", { name: finished.connector, status: t(`connectors.status.${finished.status}`) })}
        </div>
      )}
      {connectors.length === 0 ? (
        <p class="empty">{t("connectors.none")}</p>
      ) : (
        <table class="data-table">
          <thead>
            <tr>
              <th>{t("connectors.name")}</th>
              <th>{t("connectors.system")}</th>
              <th>{t("connectors.queue")}</th>
              <th>{t("connectors.service")}</th>
              <th>{t("connectors.token")}</th>
              <th>{t("connectors.schedule")}</th>
              <th>{t("connectors.cursor")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {connectors.map((c) => (
              <tr>
                <td>{c.name}</td>
                <td>
                  Request Tracker <span class="muted small">{c.url}</span>
                </td>
                <td>{c.queue}</td>
                <td>{c.service ?? c.queue}</td>
                <td>{c.tokenEnv ? t("connectors.tokenEnv", { name: c.tokenEnv }) : t("connectors.tokenStored")}</td>
                <td>
                  <code>{c.schedule}</code>
                </td>
                <td>{c.cursor ?? t("connectors.never")}</td>
                <td>
                  <form class="inline" method="post" action={`/admin/connectors/${c.id}/sync`} hx-post={`/admin/connectors/${c.id}/sync`} hx-target="#connectors" hx-swap="outerHTML">
                    <CsrfField principal={principal} />
                    <button type="submit" class="small">
                      {t("connectors.syncNow")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("connectors.syncs")}</h2>
      {syncs.length === 0 ? (
        <p class="empty">{t("connectors.noSyncs")}</p>
      ) : (
        <table class="data-table">
          <thead>
            <tr>
              <th>{t("connectors.name")}</th>
              <th>{t("connectors.started")}</th>
              <th>{t("connectors.finished")}</th>
              <th class="num">{t("connectors.read")}</th>
              <th class="num">{t("connectors.changed")}</th>
              <th>{t("connectors.status")}</th>
              <th>{t("connectors.error")}</th>
            </tr>
          </thead>
          <tbody>
            {syncs.map((s) => (
              <tr>
                <td>{s.connector}</td>
                <td>{formatInstant(s.startedAt)}</td>
                <td>{formatInstant(s.finishedAt)}</td>
                <td class="num">{formatValue(s.ticketsRead, "tickets")}</td>
                <td class="num">{formatValue(s.ticketsChanged, "tickets")}</td>
                <td>
                  <span class={`badge badge-${s.status}`}>{t(`connectors.status.${s.status}`)}</span>
                </td>
                <td class="sync-error">{s.error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ConnectorsPage(props: ConnectorsPageProps) {
  return (
    <Layout title={t("connectors.title")} principal={props.principal} active="/admin/connectors">
      <h1>{t("connectors.title")}</h1>
      <ConnectorsSection {...props} />
    </Layout>
  );
}
