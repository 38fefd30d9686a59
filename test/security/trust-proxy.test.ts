// TRUST_PROXY and the client's address: without it X-Forwarded-For is ignored; with a hop count or the proxies'
// addresses, the address the nearest untrusted hop was seen from is the client, whatever the client wrote before it.
import { describe, expect, it } from "vitest";
import { clientAddressOf } from "../../server/auth/client-address.js";
import { configFromEnv, parseTrustProxy } from "../../server/config.js";

describe("TRUST_PROXY", () => {
  it("is off when unset, empty, 0 or false", () => {
    for (const value of [undefined, "", "0", "false", " "]) expect(parseTrustProxy(value)).toEqual({ kind: "none" });
  });

  it("takes a hop count", () => {
    expect(parseTrustProxy("1")).toEqual({ kind: "hops", hops: 1 });
    expect(parseTrustProxy(" 2 ")).toEqual({ kind: "hops", hops: 2 });
  });

  it("takes the proxies' addresses or CIDRs, IPv4 and IPv6", () => {
    expect(parseTrustProxy("10.0.0.0/8, 192.168.1.7,fd00::/8")).toEqual({ kind: "cidrs", cidrs: ["10.0.0.0/8", "192.168.1.7/32", "fd00::/8"] });
  });

  it("refuses anything else, naming the variable", () => {
    for (const value of ["yes", "true", "-1", "11", "10.0.0.0/33", "10.0.0/8", "fd00::/129", "10.0.0.0/8,,", "1.5"]) {
      expect(() => parseTrustProxy(value), value).toThrow(`TRUST_PROXY must be a hop count from 1 to 10 (e.g. 1) or a comma-separated list of the proxies' addresses or CIDRs (e.g. 10.0.0.0/8); got "${value}"`);
    }
  });

  it("is read with the rest of the configuration from the environment", () => {
    expect(configFromEnv({ TRUST_PROXY: "1", SECURE_COOKIES: "1", ASSAY_TIMEZONE: "Asia/Shanghai" })).toEqual({ secureCookies: true, timezone: "Asia/Shanghai", defaultLocale: "en", trustProxy: { kind: "hops", hops: 1 }, oidc: null });
    expect(configFromEnv({})).toEqual({ secureCookies: false, timezone: "UTC", defaultLocale: "en", trustProxy: { kind: "none" }, oidc: null });
  });
});

describe("the client's address", () => {
  const none = parseTrustProxy(undefined);
  const oneHop = parseTrustProxy("1");
  const twoHops = parseTrustProxy("2");
  const proxies = parseTrustProxy("10.0.0.0/8");

  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddressOf("10.0.0.2", "203.0.113.9", none)).toBe("10.0.0.2");
    expect(clientAddressOf("::ffff:10.0.0.2", undefined, none)).toBe("10.0.0.2");
    expect(clientAddressOf(undefined, "203.0.113.9", none)).toBe("unknown");
  });

  it("behind one trusted hop, is the address the proxy appended, not what the client wrote before it", () => {
    expect(clientAddressOf("10.0.0.2", "203.0.113.9", oneHop)).toBe("203.0.113.9");
    expect(clientAddressOf("10.0.0.2", "198.51.100.1, 203.0.113.9", oneHop)).toBe("203.0.113.9");
    expect(clientAddressOf("10.0.0.2", "garbage, 203.0.113.9", oneHop)).toBe("203.0.113.9");
    expect(clientAddressOf("10.0.0.2", " 2001:db8::7 ", oneHop)).toBe("2001:db8::7");
  });

  it("behind two hops, skips both proxies", () => {
    expect(clientAddressOf("10.0.0.2", "198.51.100.1, 203.0.113.9, 10.0.5.5", twoHops)).toBe("203.0.113.9");
  });

  it("is the proxy itself when the header is missing or unusable", () => {
    expect(clientAddressOf("10.0.0.2", undefined, oneHop)).toBe("10.0.0.2");
    expect(clientAddressOf("10.0.0.2", "", oneHop)).toBe("10.0.0.2");
    expect(clientAddressOf("10.0.0.2", "not-an-address", oneHop)).toBe("10.0.0.2");
  });

  it("behind proxies named by CIDR, is the first address from the right outside them", () => {
    expect(clientAddressOf("10.0.0.2", "198.51.100.1, 203.0.113.9, 10.1.1.1", proxies)).toBe("203.0.113.9");
    expect(clientAddressOf("10.0.0.2", "203.0.113.9", proxies)).toBe("203.0.113.9");
    // a request that did not come through a trusted proxy: its header is the client's own claim
    expect(clientAddressOf("203.0.113.50", "10.9.9.9", proxies)).toBe("203.0.113.50");
  });
});
