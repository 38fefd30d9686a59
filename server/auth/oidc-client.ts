// The OpenID Connect relying party (openid-client): discovery of the configured issuer, the authorization request
// (code flow with PKCE, state and nonce) and the checks of the provider's answer. One instance per app.
import * as client from "openid-client";
import type { OidcSettings } from "./oidc-settings.js";

/** Why a single sign-on was refused: each has its sentence on the refusal page. */
export type OidcRefusalReason = "expired" | "provider" | "issuer" | "denied" | "role" | "email" | "no_account" | "deactivated";

export class OidcRefusal extends Error {
  constructor(
    readonly reason: OidcRefusalReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = "OidcRefusal";
  }
}

/** What the callback needs from the start of the sign-in: kept in a short-lived HttpOnly cookie of this browser. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

/** A plain-HTTP issuer is accepted only on this machine (a provider in a test, a local Keycloak); else HTTPS. */
function isLoopback(url: URL): boolean {
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/** openid-client's errors that mean the provider is not the issuer we were told to trust. */
function isIssuerMismatch(e: unknown): boolean {
  for (let err = e as { message?: string; cause?: unknown } | undefined; err; err = err.cause as typeof err) {
    if (/\b(issuer|iss)\b/i.test(err.message ?? "") && /(unexpected|mismatch|does not match|comparison|invalid)/i.test(err.message ?? "")) return true;
    const cause = err.cause as { claim?: string; attribute?: string } | undefined;
    if (cause && (cause.claim === "iss" || cause.attribute === "issuer")) return true;
  }
  return false;
}

export class OidcSignOn {
  private discovered: Promise<client.Configuration> | null = null;

  constructor(readonly settings: OidcSettings) {}

  /** The provider's metadata, discovered once; a failed discovery is tried again on the next sign-in. */
  private configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const issuer = new URL(this.settings.issuer);
      this.discovered = client
        .discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : undefined)
        .catch((e: unknown) => {
          this.discovered = null;
          // discovery checks that the document's issuer is exactly the one configured (a look-alike is refused)
          throw new OidcRefusal(isIssuerMismatch(e) ? "issuer" : "provider", `discovery of ${this.settings.issuer} failed: ${(e as Error).message}`, { cause: e });
        });
    }
    return this.discovered;
  }

  /** The provider's authorization URL and what the callback must find again. */
  async start(next: string): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: "openid email profile",
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /**
   * Exchanges the code and checks the answer (state, PKCE, the id_token's signature, issuer, audience and nonce);
   * returns the id_token's claims, with the userinfo's added when the role claim or the e-mail is not in the token
   * (many providers put only `sub` there).
   */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<{ issuer: string; claims: Record<string, unknown> }> {
    const config = await this.configuration();
    const providerError = callbackUrl.searchParams.get("error");
    if (providerError) throw new OidcRefusal("denied", `the provider answered ${providerError}: ${callbackUrl.searchParams.get("error_description") ?? ""}`);
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      throw new OidcRefusal(isIssuerMismatch(e) ? "issuer" : "provider", `the provider's answer was refused: ${(e as Error).message}`, { cause: e });
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcRefusal("provider", "no id_token in the provider's answer");
    let claims: Record<string, unknown> = { ...idClaims };
    if (claims[this.settings.roleClaim] === undefined || claims.email === undefined) {
      try {
        const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...claims };
      } catch (e) {
        throw new OidcRefusal("provider", `userinfo could not be read: ${(e as Error).message}`, { cause: e });
      }
    }
    return { issuer: config.serverMetadata().issuer, claims };
  }
}
