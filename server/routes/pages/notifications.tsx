// /admin/notifications (admins): the outbox, webhook channels, everyone's e-mail choice;
// /notifications/preferences (each signed-in user): their own choice. Plain forms, answered by redirect.
import { Hono, type Context } from "hono";
import { MyNotificationsPage, NotificationsAdminPage, type NotificationsAdminProps } from "../../../views/notifications.js";
import { contextOf } from "../../context.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../deps.js";
import { AppError } from "../../errors.js";
import { t } from "../../i18n/index.js";
import { addChannel, channelJson, listChannels, removeChannel, testChannel } from "../../notifications/channels.js";
import { notifyConfigFromEnv, type NotifyConfig } from "../../notifications/config.js";
import { listOutbox, outboxFilterSchema } from "../../notifications/outbox-listing.js";
import { allPreferences, preferencesOf, setPreferences } from "../../notifications/preferences.js";
import { outboxCounts } from "../../notifications/worker.js";
import { readForm } from "../request-body.js";
import { html, textOf } from "./render.js";

type C = Context<AppEnv>;

const notices = { added: "notifications.channel.added", removed: "notifications.channel.removed", saved: "notifications.pref.saved" } as const;

/** The app's notification settings; an app built without them (tests, tools) reads the environment. */
const notifyOf = (c: C): NotifyConfig => c.get("deps").notify ?? notifyConfigFromEnv(process.env);

async function adminProps(c: C, extra: Partial<NotificationsAdminProps> = {}): Promise<NotificationsAdminProps> {
  const ctx = contextOf(c);
  const filter = outboxFilterSchema.parse(c.req.query());
  const [outbox, counts, channels, users] = await Promise.all([listOutbox(ctx.db, filter), outboxCounts(c.get("deps").database), listChannels(ctx), allPreferences(ctx)]);
  const notice = notices[c.req.query("notice") as keyof typeof notices];
  return { principal: currentPrincipal(c), outbox, counts, channels: channels.map(channelJson), users, notice: notice ? textOf(c)(notice) : undefined, ...extra };
}

const idOf = (c: C) => {
  const id = Number(c.req.param("id"));
  if (!Number.isInteger(id) || id < 1) throw AppError.notFound("channel");
  return id;
};

export function notificationPages() {
  const app = new Hono<AppEnv>();
  app.get("/admin/notifications", requires("admin"), async (c) => {
    const props = await adminProps(c);
    return html(c, () => <NotificationsAdminPage {...props} />);
  });
  app.post("/admin/notifications/channels", requires("admin"), async (c) => {
    const form = await readForm(c, { all: true });
    const text = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : undefined);
    const events = ([] as unknown[]).concat(form.events ?? []).filter((e): e is string => typeof e === "string");
    const input = { name: text("name"), kind: text("kind"), url: text("url"), secret: text("secret"), secret_env: text("secret_env"), locale: text("locale"), events };
    try {
      await addChannel({ ctx: contextOf(c), input, config: notifyOf(c) });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      const values = { ...input, secret: "", events } as Record<string, string | string[]>;
      const props = await adminProps(c, { channelForm: { values, issues: e.issues } });
      return html(c, () => <NotificationsAdminPage {...props} />, 422);
    }
    return c.redirect("/admin/notifications?notice=added#channels", 303);
  });
  app.post("/admin/notifications/channels/:id/test", requires("admin"), async (c) => {
    const refusal = await testChannel({ ctx: contextOf(c), input: { id: idOf(c) }, config: notifyOf(c) });
    const extra = refusal === null ? { notice: textOf(c)("notifications.channel.tested") } : { error: textOf(c)("notifications.channel.testFailed", { error: refusal }) };
    const props = await adminProps(c, extra);
    return html(c, () => <NotificationsAdminPage {...props} />, refusal === null ? 200 : 502);
  });
  app.post("/admin/notifications/channels/:id/delete", requires("admin"), async (c) => {
    await removeChannel({ ctx: contextOf(c), input: { id: idOf(c) } });
    return c.redirect("/admin/notifications?notice=removed#channels", 303);
  });
  app.post("/admin/notifications/preferences", requires("admin"), async (c) => {
    const form = await readForm(c);
    await setPreferences({ ctx: contextOf(c), input: { user_id: form.user_id, email: form.email } });
    return c.redirect("/admin/notifications?notice=saved#preferences", 303);
  });
  app.get("/notifications/preferences", requires("notifications.own"), async (c) => {
    const principal = currentPrincipal(c);
    // an API token has no mailbox, hence no settings
    if (principal.kind !== "user") throw AppError.notFound("notification settings of an API token");
    const { email } = await preferencesOf(contextOf(c).db, principal.id);
    const notice = c.req.query("notice") === "saved" ? textOf(c)("notifications.pref.saved") : undefined;
    return html(c, () => <MyNotificationsPage principal={principal} mode={email} notice={notice} />);
  });
  app.post("/notifications/preferences", requires("notifications.own"), async (c) => {
    const principal = currentPrincipal(c);
    // an API token has no mailbox, hence no settings
    if (principal.kind !== "user") throw AppError.notFound("notification settings of an API token");
    const form = await readForm(c);
    await setPreferences({ ctx: contextOf(c), input: { user_id: principal.id, email: form.email } });
    return c.redirect("/notifications/preferences?notice=saved", 303);
  });
  return app;
}
