// /admin (admins only): users and roles, API tokens (shown once), the audit trail; each form swaps its own section.
import { Hono, type Context } from "hono";
import { AdminPage, AuditTrailSection, TokensSection, UsersSection, type AdminPageProps } from "../../../../views/admin.js";
import { createApiToken, createUser, revokeApiToken, setUserLocale, setUserRole } from "../../../auth/users.js";
import { t } from "../../../i18n/index.js";
import { isLocale } from "../../../i18n/locales.js";
import { currentPrincipal, requires } from "../../../auth/sessions.js";
import { AppError, type Issue } from "../../../errors.js";
import type { AppEnv } from "../../../deps.js";
import { pageParam } from "../../route-params.js";
import { wantsPartial } from "../htmx.js";
import { listTokens, listUsers } from "../../../auth/listings.js";
import { auditTrailPage, trailEntities, trailFilterSchema } from "./queries.js";
import { readForm } from "../../request-body.js";
import { deactivateUser, LastAdminError, reactivateUser } from "../../../auth/deactivation.js";
import { contextOf } from "../../../context.js";
import { submitForm, type FormSubmission } from "../form-submission.js";
import { html, textOf } from "../render.js";

type Ctx = Context<AppEnv>;

async function formFields(c: Ctx): Promise<Record<string, string>> {
  const body = await readForm(c);
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
}

async function pageProps(c: Ctx, extra: Partial<AdminPageProps> = {}): Promise<AdminPageProps> {
  const db = c.get("deps").database.db;
  const filter = { ...trailFilterSchema.parse(c.req.query()), page: pageParam(c.req.query("page")) };
  const [users, tokens, trail, entities] = await Promise.all([listUsers(db), listTokens(db), auditTrailPage(db, filter), trailEntities(db)]);
  return { principal: currentPrincipal(c), users, tokens, trail, filter, entities, ...extra };
}

/** htmx gets the section; a plain form post gets the whole page (so a new token is still shown once). */
async function answer(c: Ctx, section: "users" | "tokens", extra: Partial<AdminPageProps>, status: 200 | 409 | 422 = 200) {
  const props = await pageProps(c, extra);
  if (wantsPartial(c)) {
    return html(c, () => section === "users" ? <UsersSection {...props} /> : <TokensSection {...props} />, status);
  }
  return html(c, () => <AdminPage {...props} />, status);
}

/** The admin forms show the domain's own words beside the form, for invalid input and for a conflict (a taken email …). */
const asSent = (e: AppError): Issue[] => (e.issues.length ? e.issues : [{ path: "", message: e.message }]);
const adminForm = (rerender: FormSubmission["rerender"]): FormSubmission => ({ fields: {}, refused: [400, 409], rerender });

export function adminPages() {
  const app = new Hono<AppEnv>();
  app.get("/admin", requires("admin"), async (c) => {
    const props = await pageProps(c);
    if (wantsPartial(c) && c.req.header("hx-target") === "audit-trail") return html(c, () => <AuditTrailSection {...props} />);
    return html(c, () => <AdminPage {...props} />);
  });
  app.post("/admin/users", requires("admin"), async (c) => {
    const { database, clock } = c.get("deps");
    const form = await formFields(c);
    const input = { email: form.email, name: form.name || undefined, role: form.role, password: form.password };
    return submitForm(c, 
      () => createUser({ ctx: contextOf(c), input: input }),
      adminForm(({ error }) => answer(c, "users", { userForm: { values: { ...form, password: "" }, issues: asSent(error) } }, 422)),
      () => answer(c, "users", { notice: "admin.userCreated" }),
    );
  });
  app.post("/admin/users/:id", requires("admin"), async (c) => {
    const { database, clock } = c.get("deps");
    const form = await formFields(c);
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id)) throw AppError.notFound("user");
    // the user's language: absent (an older form) leaves it, "auto" lets the browser decide; checked before the role
    // changes, so that a refused language leaves the role as it was (setUserRole validates the role itself)
    const locale = form.locale === undefined ? undefined : form.locale === "auto" || form.locale === "" ? null : form.locale;
    if (locale !== undefined && locale !== null && !isLocale(locale)) throw AppError.invalid("invalid language", [{ path: "locale", message: "must be en, zh-CN or auto" }]);
    const actor = currentPrincipal(c).actor;
    return submitForm(c, 
      // deactivation has its own buttons (they end sessions): saving a role leaves the state as it is, unless an
      // older form still posts its "disabled" checkbox ticked
      () => setUserRole({ ctx: contextOf(c), input: { userId: id, data: { role: form.role, disabled: form.disabled === "on" ? true : undefined } } }),
      {
        fields: {},
        refused: [409],
        // the last enabled admin: the users section comes back saying why nothing changed
        rerender: ({ error }) => {
          const email = /^(\S+) is the last enabled administrator/.exec(error.message)?.[1];
          return answer(c, "users", { usersError: email ? textOf(c)("admin.lastAdmin", { email }) : error.message }, 409);
        },
      },
      async () => {
        if (locale !== undefined) await setUserLocale({ ctx: contextOf(c), input: { userId: id, data: { locale } } });
        return answer(c, "users", { notice: "admin.userUpdated" });
      },
    );
  });
  app.post("/admin/users/:id/deactivate", requires("admin"), async (c) => {
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id) || id < 1) throw AppError.notFound("user");
    try {
      const done = await deactivateUser({ ctx: contextOf(c), input: { userId: id } });
      return answer(c, "users", { userNotice: textOf(c)("accounts.userDeactivated", { email: done.email }) });
    } catch (e) {
      if (!(e instanceof LastAdminError)) throw e;
      return answer(c, "users", { usersError: textOf(c)("accounts.lastAdmin", { email: e.email }) }, 409);
    }
  });
  app.post("/admin/users/:id/reactivate", requires("admin"), async (c) => {
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id) || id < 1) throw AppError.notFound("user");
    const done = await reactivateUser({ ctx: contextOf(c), input: { userId: id } });
    return answer(c, "users", { userNotice: textOf(c)("accounts.userReactivated", { email: done.email }) });
  });
  app.post("/admin/tokens", requires("admin"), async (c) => {
    const { database, clock } = c.get("deps");
    const form = await formFields(c);
    const principal = currentPrincipal(c);
    return submitForm(c, 
      () => createApiToken({ ctx: contextOf(c), input: { data: { name: form.name, role: form.role }, createdBy: principal.kind === "user" ? principal.id : undefined } }),
      adminForm(({ error }) => answer(c, "tokens", { tokenForm: { values: form, issues: asSent(error) } }, 422)),
      (created) => answer(c, "tokens", { newToken: { name: created.name, token: created.token } }),
    );
  });
  app.post("/admin/tokens/:id/revoke", requires("admin"), async (c) => {
    const { database, clock } = c.get("deps");
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id)) throw AppError.notFound("token");
    await revokeApiToken({ ctx: contextOf(c), input: { id: id } });
    return answer(c, "tokens", {});
  });
  return app;
}
