// The configuration environment variables set (the README's Configuration table), and its defaults.
import { isIP } from "node:net";
import { defaultLocaleFromEnv, type Locale } from "./i18n/locales.js";
import { oidcSettingsFromEnv, type OidcSettings } from "./auth/oidc-settings.js";

export interface AppConfig {
  /** cookies get the Secure flag; also set when the request arrived over HTTPS */
  secureCookies: boolean;
  /** max upload body in bytes for JSON batches and CSV */
  maxBodyBytes: number;
  /** max attachment size in bytes */
  maxAttachmentBytes: number;
  /** organisation time zone for dashboards */
  timezone: string;
  /** the language of a visitor whose browser names none of ours (ASSAY_DEFAULT_LOCALE) */
  defaultLocale: Locale;
  /** which proxies in front of Assay may say who the client is (X-Forwarded-For); see TRUST_PROXY in the README */
  trustProxy: TrustProxy;
  /** OpenID Connect single sign-on (OIDC_ISSUER …), or null: password sign-in only */
  oidc: OidcSettings | null;
}

/**
 * Proxies trusted to report the client's address: none (the socket's address is the client), a number of hops
 * (the load balancers in front, each appending the address it was reached from), or the proxies' addresses.
 */
export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "cidrs"; cidrs: string[] };

export const defaultConfig: AppConfig = {
  secureCookies: false,
  maxBodyBytes: 40 * 1024 * 1024,
  maxAttachmentBytes: 5 * 1024 * 1024,
  timezone: "UTC",
  defaultLocale: "en",
  trustProxy: { kind: "none" },
  oidc: null,
};

const maxHops = 10;

/** TRUST_PROXY: unset, empty, 0 or false = none; a hop count; or comma-separated addresses and CIDRs. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? "").trim();
  if (text === "" || text === "0" || text === "false") return { kind: "none" };
  const refuse = () =>
    new Error(`TRUST_PROXY must be a hop count from 1 to ${maxHops} (e.g. 1) or a comma-separated list of the proxies' addresses or CIDRs (e.g. 10.0.0.0/8); got "${value}"`);
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > maxHops) throw refuse();
    return { kind: "hops", hops };
  }
  const cidrs = text.split(",").map((part) => {
    const [address, prefix, ...rest] = part.trim().split("/");
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    if (!family || rest.length || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits))) throw refuse();
    return `${address}/${prefix ?? bits}`;
  });
  return { kind: "cidrs", cidrs };
}

/** The configuration that environment variables set (the README's Configuration table). */
export function configFromEnv(env: Record<string, string | undefined>): Pick<AppConfig, "secureCookies" | "timezone" | "trustProxy" | "defaultLocale" | "oidc"> {
  return {
    secureCookies: env.SECURE_COOKIES === "1",
    timezone: env.ASSAY_TIMEZONE ?? "UTC",
    defaultLocale: defaultLocaleFromEnv(env.ASSAY_DEFAULT_LOCALE),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    oidc: oidcSettingsFromEnv(env),
  };
}
