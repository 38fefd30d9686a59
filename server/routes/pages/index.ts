// Mounts every page module. Pages check the role table with `requires`, like the API.
import type { Hono } from "hono";
import type { AppEnv } from "../../deps.js";
import { accountPages } from "./account.js";
import { authPages } from "./auth.js";
import { oidcPages } from "./oidc.js";
import { dashboardPages } from "./dashboard.js";
import { localePages } from "./locale.js";
import { notificationPages } from "./notifications.js";
import { passwordResetPages } from "./password-reset.js";
import { reportPages } from "./reports.js";

export function mountPages(app: Hono<AppEnv>) {
  app.route("/", authPages());
  app.route("/", oidcPages());
  app.route("/", accountPages());
  app.route("/", passwordResetPages());
  app.route("/", notificationPages());
  app.route("/", localePages());
  app.route("/", dashboardPages());
  app.route("/", reportPages());
}
