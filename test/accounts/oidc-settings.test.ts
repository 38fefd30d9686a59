// The single sign-on settings from the environment, and how a role claim becomes an Assay role.
import { describe, expect, it } from "vitest";
import { oidcSettingsFromEnv, parseRoleMap, roleFromClaim } from "../../server/auth/oidc-settings.js";

describe("OIDC settings", () => {
  it("are off without OIDC_ISSUER, and complete with it", () => {
    expect(oidcSettingsFromEnv({})).toBeNull();
    expect(
      oidcSettingsFromEnv({ OIDC_ISSUER: "https://id.example.com/realms/x", OIDC_CLIENT_ID: "assay", OIDC_CLIENT_SECRET: "s3cret", ASSAY_BASE_URL: "https://assay.example.com/", OIDC_ROLE_MAP: "grp-auditors=auditor, grp-it=manager", OIDC_PROVISION: "1" }),
    ).toEqual({
      issuer: "https://id.example.com/realms/x",
      clientId: "assay",
      clientSecret: "s3cret",
      roleClaim: "assay_role",
      roleMap: { "grp-auditors": "auditor", "grp-it": "manager" },
      provision: true,
      redirectUri: "https://assay.example.com/auth/oidc/callback",
    });
  });

  it("name what is missing, and refuse a role map naming no Assay role", () => {
    expect(() => oidcSettingsFromEnv({ OIDC_ISSUER: "https://id.example.com" })).toThrow("OIDC_ISSUER is set, so OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, ASSAY_BASE_URL must be set too");
    expect(() => parseRoleMap("grp-auditors=boss")).toThrow('OIDC_ROLE_MAP: "grp-auditors=boss" is not VALUE=ROLE');
    expect(() => parseRoleMap("auditor")).toThrow('OIDC_ROLE_MAP: "auditor" is not VALUE=ROLE');
    // a value may itself hold "=": the last one separates the role
    expect(parseRoleMap("team=qa=auditor")).toEqual({ "team=qa": "auditor" });
  });

  it("take the most powerful role a claim grants, mapped or by name, and nothing from unknown values", () => {
    const map = parseRoleMap("grp-auditors=auditor");
    expect(roleFromClaim("manager", map)).toBe("manager");
    expect(roleFromClaim(["grp-everyone", "grp-auditors", "viewer"], map)).toBe("auditor");
    expect(roleFromClaim(["admin", "viewer"], map)).toBe("admin");
    expect(roleFromClaim("superuser", map)).toBeNull();
    expect(roleFromClaim(undefined, map)).toBeNull();
    expect(roleFromClaim([42, null], map)).toBeNull();
    expect(roleFromClaim("toString", map)).toBeNull();
  });
});
