// Single sign-on settings (OIDC_* and ASSAY_BASE_URL), and how the provider's role claim becomes an Assay role.
import { roles, type Role } from "../db/schema.js";

export interface OidcSettings {
  /** the provider's issuer identifier; discovery and every id_token must name exactly this */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the claim (id_token, else userinfo) holding the role: one value or a list */
  roleClaim: string;
  /** the provider's values (groups, app roles) to Assay roles; Assay's own role names are always understood */
  roleMap: Record<string, Role>;
  /** create a user on their first sign-in; else only existing users (matched by e-mail) may sign in */
  provision: boolean;
  /** where the provider sends the browser back: ASSAY_BASE_URL + /auth/oidc/callback */
  redirectUri: string;
}

export const callbackPath = "/auth/oidc/callback";

/** When a provider sends several roles (groups), the most powerful one counts; `ingest` is a machine's role, last. */
const precedence: readonly Role[] = ["admin", "compliance_officer", "auditor", "manager", "viewer", "ingest"];

/** OIDC_ROLE_MAP: `grp-auditors=auditor,grp-it=manager`; a value naming no Assay role is refused at start. */
export function parseRoleMap(text: string | undefined): Record<string, Role> {
  const map: Record<string, Role> = {};
  for (const part of (text ?? "").split(",")) {
    if (!part.trim()) continue;
    const at = part.lastIndexOf("=");
    const value = part.slice(0, at).trim();
    const role = part.slice(at + 1).trim();
    if (at <= 0 || !value || !(roles as readonly string[]).includes(role)) {
      throw new Error(`OIDC_ROLE_MAP: "${part.trim()}" is not VALUE=ROLE with ROLE one of ${roles.join(", ")}`);
    }
    map[value] = role as Role;
  }
  return map;
}

/** The settings when OIDC_ISSUER is set (then the client id, secret and ASSAY_BASE_URL are required), else null. */
export function oidcSettingsFromEnv(env: Record<string, string | undefined>): OidcSettings | null {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const missing = ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "ASSAY_BASE_URL"].filter((name) => !env[name]?.trim());
  if (missing.length) throw new Error(`OIDC_ISSUER is set, so ${missing.join(", ")} must be set too`);
  const base = new URL(env.ASSAY_BASE_URL!.trim());
  return {
    issuer,
    clientId: env.OIDC_CLIENT_ID!.trim(),
    clientSecret: env.OIDC_CLIENT_SECRET!.trim(),
    roleClaim: env.OIDC_ROLE_CLAIM?.trim() || "assay_role",
    roleMap: parseRoleMap(env.OIDC_ROLE_MAP),
    provision: env.OIDC_PROVISION === "1",
    redirectUri: new URL(callbackPath, base).toString(),
  };
}

/** The Assay role a claim value grants, or null (missing, or no value we know). */
export function roleFromClaim(value: unknown, roleMap: Record<string, Role>): Role | null {
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
  const granted = new Set<Role>();
  for (const v of values) {
    const mapped = Object.hasOwn(roleMap, v) ? roleMap[v] : (roles as readonly string[]).includes(v) ? (v as Role) : undefined;
    if (mapped) granted.add(mapped);
  }
  return precedence.find((r) => granted.has(r)) ?? null;
}
