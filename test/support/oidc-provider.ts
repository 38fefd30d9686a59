// A real OpenID provider (the `oidc-provider` package) on a random port, with one confidential client for Assay and
// accounts whose claims a test sets; and a hand-driven browser (a cookie jar per origin, redirects followed one by
// one) that goes through the provider's own sign-in and consent pages.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestProvider {
  issuer: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** the claims of each account, by the login typed on the provider's sign-in page (which is also its `sub`) */
  accounts: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startProvider(opts: { redirectUris: string[] }): Promise<TestProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const { server, port } = await listen((req, res) => handle(req, res));
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, Record<string, unknown>>();
  const clientId = "assay";
  const clientSecret = "assay-test-client-secret-0123456789";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    // the role claim is released with the profile scope, as an IdP's claim mapping would
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "assay_role", "groups"] },
    findAccount: async (_ctx, id) => {
      const claims = accounts.get(id);
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["assay-test-provider-cookie-key"] },
  });
  // its console warnings about development-only features are expected here
  handle = provider.callback();
  return { issuer, port, clientId, clientSecret, accounts, close: () => closeServer(server) };
}

/**
 * An impostor: serves the real provider's discovery document under its own address, claiming to be the issuer,
 * with every endpoint still the real provider's. Its tokens then carry the real provider's `iss`.
 */
export async function startImpostor(real: TestProvider): Promise<{ issuer: string; close(): Promise<void> }> {
  let issuer = "";
  const { server, port } = await listen((req, res) => {
    if (req.url !== "/.well-known/openid-configuration") {
      res.statusCode = 404;
      res.end();
      return;
    }
    void fetch(`${real.issuer}/.well-known/openid-configuration`)
      .then((r) => r.json() as Promise<Record<string, unknown>>)
      .then((doc) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ ...doc, issuer }));
      });
  });
  issuer = `http://127.0.0.1:${port}`;
  return { issuer, close: () => closeServer(server) };
}

/** A browser reduced to what sign-in needs: cookies per origin (paths ignored), redirects followed by hand. */
export class HandDrivenBrowser {
  readonly jars = new Map<string, Map<string, string>>();
  /** every URL the browser was sent to, in order */
  readonly visited: string[] = [];

  private jar(url: URL) {
    let jar = this.jars.get(url.origin);
    if (!jar) this.jars.set(url.origin, (jar = new Map()));
    return jar;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    this.visited.push(target.toString());
    const jar = this.jar(target);
    const headers: Record<string, string> = { accept: "text/html" };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
    const res = await fetch(target, { method: init.method ?? "GET", headers, body: init.form ? new URLSearchParams(init.form) : undefined, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]) < Date.now()));
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /**
   * Starts at `url` and follows redirects; on the provider's sign-in page types `login` (any password: the
   * development interactions accept it), on its consent page continues. Returns the answer to the first URL that
   * starts with `until`, else the last answer that is not a redirect or one of those pages.
   */
  async signIn(url: string, login: string, opts: { until?: string } = {}): Promise<Response> {
    let res = await this.request(url);
    for (let step = 0; step < 20; step++) {
      if (opts.until && this.visited.at(-1)!.startsWith(opts.until)) return res;
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        res = await this.request(new URL(location, res.url || this.visited.at(-1)).toString());
        continue;
      }
      const type = res.headers.get("content-type") ?? "";
      if (!type.includes("text/html")) return res;
      const html = await res.clone().text();
      const prompt = /name="prompt" value="(login|consent)"/.exec(html)?.[1];
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!prompt || !action) return res;
      const at = new URL(action, this.visited.at(-1));
      res = await this.request(at.toString(), { method: "POST", form: prompt === "login" ? { prompt, login, password: "any" } : { prompt } });
    }
    throw new Error(`sign-in did not settle: ${this.visited.join(" → ")}`);
  }
}
