// What the notification worker needs from the environment: the SMTP server, the sender, links, the secret key.
import { defaultLocaleFromEnv, type Locale } from "../i18n/locales.js";
import { secretKeyOf } from "./secret-box.js";

export interface NotifyConfig {
  /** SMTP_URL, e.g. smtp://user:pass@mail.example.com:587 or smtps://…; null: e-mails wait in the outbox */
  smtpUrl: string | null;
  /** MAIL_FROM */
  mailFrom: string;
  /** ASSAY_BASE_URL: links in messages point here */
  baseUrl: string;
  /** ASSAY_DEFAULT_LOCALE: users without a language, and webhook channels by default */
  defaultLocale: Locale;
  /** ASSAY_SECRET_KEY: seals webhook secrets stored in the database */
  secretKey: Buffer | null;
  /** ASSAY_DIGEST_HOUR: the local hour (0–23) at which daily digests go out */
  digestHour: number;
  /** where a channel's `secret_env` is looked up */
  env: Record<string, string | undefined>;
}

export function notifyConfigFromEnv(env: Record<string, string | undefined>): NotifyConfig {
  const hour = Number(env.ASSAY_DIGEST_HOUR ?? 8);
  return {
    smtpUrl: env.SMTP_URL?.trim() || null,
    mailFrom: env.MAIL_FROM?.trim() || "Assay <assay@localhost>",
    baseUrl: (env.ASSAY_BASE_URL?.trim() || `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, ""),
    defaultLocale: defaultLocaleFromEnv(env.ASSAY_DEFAULT_LOCALE),
    secretKey: secretKeyOf(env.ASSAY_SECRET_KEY),
    digestHour: Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : 8,
    env,
  };
}
