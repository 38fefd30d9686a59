// Notification pages: the admin's outbox (delivery state), webhook channels (add, test, remove) and everyone's
// e-mail choice; and each user's own choice.
import { deliveryModes, notificationEvents, webhookKinds, type DeliveryMode, type NotificationEvent } from "../server/db/schema.js";
import type { Principal } from "../server/deps.js";
import type { Issue } from "../server/errors.js";
import { localeNames, locales, t, type MessageKey } from "../server/i18n/index.js";
import { CsrfField } from "./components/csrf-field.js";
import { FormIssues } from "./components/form-issues.js";
import { formatInstant } from "./format.js";
import { Layout } from "./layout.js";

export interface OutboxRow {
  id: number;
  event: NotificationEvent;
  channel: "email" | "webhook";
  address: string | null;
  channelName: string | null;
  status: "pending" | "sending" | "sent" | "failed";
  delivery: "immediately" | "daily_digest";
  digestId: number | null;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
}

export interface ChannelRow {
  id: number;
  name: string;
  kind: (typeof webhookKinds)[number];
  url: string;
  signed: boolean;
  secret_env: string | null;
  events: string[];
  locale: string;
}

export interface UserPreferenceRow {
  id: number;
  email: string;
  name: string;
  disabled: boolean;
  mode: DeliveryMode | null;
}

export interface NotificationsAdminProps {
  principal: Principal;
  outbox: OutboxRow[];
  counts: Record<string, number>;
  channels: ChannelRow[];
  users: UserPreferenceRow[];
  notice?: string;
  error?: string;
  channelForm?: { values: Record<string, string | string[]>; issues: Issue[] };
}

/** The status colours of the rest of the app: sent as passed, failed as failed, waiting as pending. */
const badgeOf: Record<OutboxRow["status"], string> = { sent: "completed", failed: "failed", pending: "pending", sending: "running" };
const subscribable = notificationEvents.filter((e) => e !== "digest" && e !== "password.reset");
const eventName = (e: string) => t(`notifications.eventName.${e}` as MessageKey);

function Flash({ notice, error }: { notice?: string; error?: string }) {
  return (
    <>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function ModeSelect({ value, label }: { value: DeliveryMode; label: string }) {
  return (
    <select name="email" aria-label={label}>
      {deliveryModes.map((m) => (
        <option value={m} selected={m === value}>
          {t(`notifications.mode.${m}`)}
        </option>
      ))}
    </select>
  );
}

function Outbox({ outbox, counts }: Pick<NotificationsAdminProps, "outbox" | "counts">) {
  return (
    <section id="outbox" class="card">
      <h2>{t("notifications.outbox")}</h2>
      <p>
        {(["pending", "sending", "sent", "failed"] as const).map((s) => (
          <>
            <a href={`/admin/notifications?status=${s}`} class={`badge badge-${badgeOf[s]}`}>
              {t(`notifications.status.${s}`)}: {counts[s] ?? 0}
            </a>{" "}
          </>
        ))}
        <a href="/admin/notifications">{t("notifications.all")}</a>
      </p>
      {outbox.length === 0 ? (
        <p class="muted">{t("notifications.outboxEmpty")}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th>{t("notifications.col.id")}</th>
                <th>{t("notifications.col.event")}</th>
                <th>{t("notifications.col.recipient")}</th>
                <th>{t("notifications.col.status")}</th>
                <th class="num">{t("notifications.col.attempts")}</th>
                <th>{t("notifications.col.next")}</th>
                <th>{t("notifications.col.sent")}</th>
                <th>{t("notifications.col.error")}</th>
              </tr>
            </thead>
            <tbody>
              {outbox.map((r) => (
                <tr>
                  <td>{r.id}</td>
                  <td>{eventName(r.event)}</td>
                  <td>{r.channel === "email" ? r.address : `${r.channelName ?? "—"} · Webhook`}</td>
                  <td>
                    <span class={`badge badge-${badgeOf[r.status]}`}>{t(`notifications.status.${r.status}`)}</span>
                    {r.digestId !== null && <span class="muted"> {t("notifications.inDigest", { id: r.digestId })}</span>}
                    {r.delivery === "daily_digest" && r.digestId === null && <span class="muted"> {t("notifications.mode.daily_digest")}</span>}
                  </td>
                  <td class="num">{r.attempts}</td>
                  <td>{r.status === "pending" || r.status === "sending" ? formatInstant(r.nextAttemptAt) : ""}</td>
                  <td>{formatInstant(r.sentAt)}</td>
                  <td class="error">{r.lastError ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Channels({ principal, channels, channelForm }: Pick<NotificationsAdminProps, "principal" | "channels" | "channelForm">) {
  const v = channelForm?.values ?? {};
  const chosen = new Set(Array.isArray(v.events) ? v.events : v.events ? [v.events] : []);
  const labels = {
    name: t("notifications.channel.name"),
    kind: t("notifications.channel.kind"),
    url: t("notifications.channel.url"),
    secret: t("notifications.channel.secret"),
    secret_env: t("notifications.channel.secretEnv"),
    events: t("notifications.channel.events"),
  };
  return (
    <section id="channels" class="card">
      <h2>{t("notifications.channels")}</h2>
      {channels.length === 0 ? (
        <p class="muted">{t("notifications.channelsEmpty")}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th>{labels.name}</th>
                <th>{labels.kind}</th>
                <th>{labels.url}</th>
                <th>{labels.events}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {channels.map((ch) => (
                <tr>
                  <td>
                    {ch.name}
                    {ch.signed && <span class="muted"> 🔒</span>}
                  </td>
                  <td>{t(`notifications.kind.${ch.kind}`)}</td>
                  <td>
                    <code>{ch.url.replace(/([?&](?:key|access_token)=)[^&]+/g, "$1…")}</code>
                  </td>
                  <td>{ch.events.map(eventName).join(", ")}</td>
                  <td>
                    <form method="post" action={`/admin/notifications/channels/${ch.id}/test`} class="inline">
                      <CsrfField principal={principal} />
                      <button type="submit">{t("notifications.channel.test")}</button>
                    </form>{" "}
                    <form method="post" action={`/admin/notifications/channels/${ch.id}/delete`} class="inline">
                      <CsrfField principal={principal} />
                      <button type="submit" class="danger">
                        {t("notifications.channel.remove")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t("notifications.channel.add")}</h3>
      <FormIssues issues={channelForm?.issues} labels={labels} />
      <form method="post" action="/admin/notifications/channels">
        <CsrfField principal={principal} />
        <label>
          {labels.name}
          <input name="name" required maxlength={100} value={(v.name as string) ?? ""} />
        </label>
        <label>
          {labels.kind}
          <select name="kind">
            {webhookKinds.map((k) => (
              <option value={k} selected={k === v.kind}>
                {t(`notifications.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {labels.url}
          <input name="url" type="url" required value={(v.url as string) ?? ""} />
        </label>
        <label>
          {labels.secret}
          <input name="secret" type="password" autocomplete="off" />
        </label>
        <label>
          {labels.secret_env}
          <input name="secret_env" pattern="[A-Z_][A-Z0-9_]*" value={(v.secret_env as string) ?? ""} />
        </label>
        <label>
          {t("notifications.channel.locale")}
          <select name="locale">
            {locales.map((l) => (
              <option value={l} lang={l} selected={l === v.locale}>
                {localeNames[l]}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{labels.events}</legend>
          {subscribable.map((e) => (
            <label class="check">
              <input type="checkbox" name="events" value={e} checked={chosen.has(e)} /> {eventName(e)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t("notifications.channel.add")}</button>
      </form>
    </section>
  );
}

function UsersPreferences({ principal, users }: Pick<NotificationsAdminProps, "principal" | "users">) {
  return (
    <section id="preferences" class="card">
      <h2>{t("notifications.usersPrefs")}</h2>
      <div class="table-scroll">
        <table class="data-table">
          <thead>
            <tr>
              <th>{t("notifications.user")}</th>
              <th>{t("notifications.pref.email")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>
                  {u.name} <span class="muted">{u.email}</span>
                </td>
                <td>
                  <form method="post" action="/admin/notifications/preferences" class="inline">
                    <CsrfField principal={principal} />
                    <input type="hidden" name="user_id" value={String(u.id)} />
                    <ModeSelect value={u.mode ?? "immediately"} label={t("notifications.pref.email") + " · " + u.email} />{" "}
                    <button type="submit">{t("notifications.pref.save")}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function NotificationsAdminPage(props: NotificationsAdminProps) {
  return (
    <Layout title={t("notifications.title")} principal={props.principal} active="/admin">
      <h1>{t("notifications.title")}</h1>
      <p class="muted">{t("notifications.help")}</p>
      <Flash notice={props.notice} error={props.error} />
      <Outbox outbox={props.outbox} counts={props.counts} />
      <Channels principal={props.principal} channels={props.channels} channelForm={props.channelForm} />
      <UsersPreferences principal={props.principal} users={props.users} />
    </Layout>
  );
}

export function MyNotificationsPage({ principal, mode, notice }: { principal: Principal; mode: DeliveryMode; notice?: string }) {
  return (
    <Layout title={t("notifications.preferences")} principal={principal}>
      <section class="card">
        <h1>{t("notifications.preferences")}</h1>
        <p class="muted">{t("notifications.preferencesHelp", { email: principal.actor })}</p>
        <Flash notice={notice} />
        <form method="post" action="/notifications/preferences">
          <CsrfField principal={principal} />
          <label>
            {t("notifications.pref.email")}
            <ModeSelect value={mode} label={t("notifications.pref.email")} />
          </label>
          <button type="submit">{t("notifications.pref.save")}</button>
        </form>
      </section>
    </Layout>
  );
}
