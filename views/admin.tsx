// The admin page: users and roles, API tokens (a new token is shown once), the audit trail (filterable, paged).
import { minPasswordLength } from "../server/auth/password-policy.js";
import { roles } from "../server/db/schema.js";
import type { Principal } from "../server/deps.js";
import type { Issue } from "../server/errors.js";
import { ChangeFields } from "./components/change-fields.js";
import { CsrfField } from "./components/csrf-field.js";
import { FormIssues } from "./components/form-issues.js";
import { Pager } from "./components/pager.js";
import { label, localeNames, locales, t, type MessageKey } from "../server/i18n/index.js";
import { formatInstant } from "../views/format.js";
import { Layout } from "./layout.js";
import type { TokenRow, TrailFilter, TrailRow, UserRow } from "./types.js";

interface FormState {
  values: Record<string, string>;
  issues: Issue[];
}

export interface AdminPageProps {
  principal: Principal;
  users: UserRow[];
  tokens: TokenRow[];
  trail: { total: number; pageSize: number; rows: TrailRow[] };
  filter: TrailFilter;
  entities: string[];
  userForm?: FormState;
  tokenForm?: FormState;
  newToken?: { name: string; token: string };
  notice?: MessageKey;
  /** a notice that names its user (deactivated, reactivated) */
  userNotice?: string;
  /** why a change to a user was refused (the last enabled admin) */
  usersError?: string;
}

function RoleSelect({ name, value, labelled }: { name: string; value?: string; labelled?: boolean }) {
  // inside a table row there is no visible label: the select names itself
  return (
    <select name={name} required aria-label={labelled ? undefined : t("admin.role")}>
      {roles.map((r) => (
        <option value={r} selected={r === value}>
          {t(`role.${r}`)}
        </option>
      ))}
    </select>
  );
}

/** A user's language: one of ours, or none (the browser's language decides). */
function LocaleSelect({ value }: { value: string | null | undefined }) {
  return (
    <select name="locale" aria-label={t("admin.language")}>
      <option value="auto" selected={!value}>
        {t("locale.auto")}
      </option>
      {locales.map((l) => (
        <option value={l} lang={l} selected={l === value}>
          {localeNames[l]}
        </option>
      ))}
    </select>
  );
}

/** Deactivate (signs the user out everywhere) or reactivate: a form of its own, so that saving a role never flips it. */
function UserStateForm({ principal, user }: { principal: Principal; user: UserRow }) {
  const action = `/admin/users/${user.id}/${user.disabled ? "reactivate" : "deactivate"}`;
  return (
    <form class="inline user-state" method="post" action={action} hx-post={action} hx-target="#users" hx-swap="outerHTML">
      <CsrfField principal={principal} />
      <span class={user.disabled ? "badge" : "badge badge-pass"}>{t(user.disabled ? "accounts.deactivated" : "accounts.active")}</span>{" "}
      <button type="submit" class={user.disabled ? undefined : "danger"}>
        {t(user.disabled ? "accounts.reactivate" : "accounts.deactivate")}
      </button>
    </form>
  );
}

export function UsersSection({ principal, users, userForm, notice, userNotice, usersError }: AdminPageProps) {
  const v = userForm?.values ?? {};
  return (
    <section id="users" class="card">
      <h2>{t("admin.users")}</h2>
      {notice && (
        <p class="notice" role="status">
          {t(notice)}
        </p>
      )}
      {userNotice && (
        <p class="notice" role="status">
          {userNotice}
        </p>
      )}
      {usersError && (
        <p class="error" role="alert">
          {usersError}
        </p>
      )}
      <table class="data-table">
        <thead>
          <tr>
            <th>{t("admin.email")}</th>
            <th>{t("admin.name")}</th>
            <th>{t("admin.language")}</th>
            <th>{t("admin.roleAndState")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr class={u.disabled ? "disabled" : undefined}>
              <td>{u.email}</td>
              <td>{u.name}</td>
              <td class="user-locale">{u.locale ? localeNames[u.locale] : t("locale.auto")}</td>
              <td>
                <form class="inline" method="post" action={`/admin/users/${u.id}`} hx-post={`/admin/users/${u.id}`} hx-target="#users" hx-swap="outerHTML">
                  <CsrfField principal={principal} />
                  <RoleSelect name="role" value={u.role} />
                  <LocaleSelect value={u.locale} />
                  <button type="submit">{t("common.save")}</button>
                </form>
                <UserStateForm principal={principal} user={u} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t("admin.createUser")}</h3>
      <form id="create-user" class="stacked" method="post" action="/admin/users" hx-post="/admin/users" hx-target="#users" hx-swap="outerHTML">
        <FormIssues issues={userForm?.issues} labels={{ email: t("admin.email"), name: t("admin.name"), role: t("admin.role"), password: t("admin.passwordField") }} />
        <CsrfField principal={principal} />
        <label>
          {t("admin.email")}
          <input type="email" name="email" required value={v.email ?? ""} />
        </label>
        <label>
          {t("admin.name")}
          <input type="text" name="name" value={v.name ?? ""} />
        </label>
        <label>
          {t("admin.role")}
          <RoleSelect name="role" value={v.role ?? "viewer"} labelled />
        </label>
        <label>
          {t("admin.password", { n: minPasswordLength })}
          <input type="password" name="password" required minlength={minPasswordLength} autocomplete="new-password" />
        </label>
        <button type="submit" class="primary">
          {t("admin.createUser")}
        </button>
      </form>
    </section>
  );
}

export function TokensSection({ principal, tokens, tokenForm, newToken }: AdminPageProps) {
  const v = tokenForm?.values ?? {};
  return (
    <section id="tokens" class="card">
      <h2>{t("admin.tokens")}</h2>
      {newToken && (
        <div class="notice new-token" role="status">
          <p>{t("admin.tokenOnce", { name: newToken.name })}</p>
          <code class="token">{newToken.token}</code>
        </div>
      )}
      {tokens.length === 0 ? (
        <p class="empty">{t("admin.noTokens")}</p>
      ) : (
        <table class="data-table">
          <thead>
            <tr>
              <th>{t("admin.tokenName")}</th>
              <th>{t("admin.role")}</th>
              <th>{t("admin.prefix")}</th>
              <th>{t("admin.created")}</th>
              <th>{t("admin.lastUsed")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((tok) => (
              <tr class={tok.revokedAt ? "disabled" : undefined}>
                <td>{tok.name}</td>
                <td>{t(`role.${tok.role}`)}</td>
                <td>
                  <code>{tok.prefix}…</code>
                </td>
                <td>{formatInstant(tok.createdAt)}</td>
                <td>{formatInstant(tok.lastUsedAt)}</td>
                <td>
                  {tok.revokedAt ? (
                    <span class="muted">{t("admin.revokedAt", { at: formatInstant(tok.revokedAt) })}</span>
                  ) : (
                    <form class="inline" method="post" action={`/admin/tokens/${tok.id}/revoke`} hx-post={`/admin/tokens/${tok.id}/revoke`} hx-target="#tokens" hx-swap="outerHTML">
                      <CsrfField principal={principal} />
                      <button type="submit" class="danger">
                        {t("admin.revoke")}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t("admin.createToken")}</h3>
      <form id="create-token" class="stacked" method="post" action="/admin/tokens" hx-post="/admin/tokens" hx-target="#tokens" hx-swap="outerHTML">
        <FormIssues issues={tokenForm?.issues} labels={{ name: t("admin.tokenName"), role: t("admin.role") }} />
        <CsrfField principal={principal} />
        <label>
          {t("admin.tokenName")}
          <input type="text" name="name" required value={v.name ?? ""} />
        </label>
        <label>
          {t("admin.role")}
          <RoleSelect name="role" value={v.role ?? "ingest"} labelled />
        </label>
        <button type="submit" class="primary">
          {t("admin.createToken")}
        </button>
      </form>
    </section>
  );
}

function trailHref(filter: TrailFilter, page: number) {
  const q = new URLSearchParams();
  if (filter.actor) q.set("actor", filter.actor);
  if (filter.entity) q.set("entity", filter.entity);
  if (filter.action) q.set("action", filter.action);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return `/admin${s ? `?${s}` : ""}`;
}

export function AuditTrailSection({ trail, filter, entities }: AdminPageProps) {
  return (
    <section id="audit-trail" class="card">
      <h2>{t("admin.trail")}</h2>
      <form class="filters" method="get" action="/admin" hx-get="/admin" hx-target="#audit-trail" hx-swap="outerHTML" hx-push-url="true">
        <label>
          {t("admin.actor")}
          <input type="search" name="actor" value={filter.actor} />
        </label>
        <label>
          {t("admin.entity")}
          <select name="entity">
            <option value="">{t("common.all")}</option>
            {entities.map((e) => (
              <option value={e} selected={e === filter.entity}>
                {label(`admin.entity.${e}`, e)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("admin.action")}
          <input type="search" name="action" value={filter.action} placeholder="plan.update" />
        </label>
        <button type="submit">{t("common.filter")}</button>
      </form>
      {trail.rows.length === 0 ? (
        <p class="empty">{t("admin.noTrail")}</p>
      ) : (
        <table class="data-table trail">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("admin.at")}</th>
              <th>{t("admin.actor")}</th>
              <th>{t("admin.action")}</th>
              <th>{t("admin.entity")}</th>
              <th>{t("admin.change")}</th>
            </tr>
          </thead>
          <tbody>
            {trail.rows.map((r) => (
              <tr>
                <td>{r.id}</td>
                <td>{formatInstant(r.at)}</td>
                <td>{r.actor}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>
                  {label(`admin.entity.${r.entity}`, r.entity)}
                  {r.entityId && ` #${r.entityId}`}
                </td>
                <td class="small change">
                  <ChangeFields before={r.before} after={r.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={filter.page} pageSize={trail.pageSize} total={trail.total} href={(p) => trailHref(filter, p)} target="#audit-trail" />
    </section>
  );
}

export function AdminPage(props: AdminPageProps) {
  return (
    <Layout title={t("admin.title")} principal={props.principal} active="/admin">
      <h1>{t("admin.title")}</h1>
      <p>
        <a href="/admin/notifications">{t("notifications.title")}</a>
      </p>
      <div class="columns">
        <UsersSection {...props} />
        <TokensSection {...props} />
      </div>
      <AuditTrailSection {...props} />
    </Layout>
  );
}
