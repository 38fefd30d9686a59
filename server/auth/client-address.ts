// Who the client is: the socket's address, or, behind trusted proxies (TRUST_PROXY), the address the nearest
// untrusted hop was seen from in X-Forwarded-For. Login throttling keys on it.
import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { BlockList, isIP } from "node:net";
import type { AppEnv } from "../deps.js";
import type { TrustProxy } from "../config.js";

/** "::ffff:10.0.0.2" (an IPv4 client on a dual-stack socket) is 10.0.0.2 */
function normalise(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

const blockLists = new WeakMap<string[], BlockList>();
function trusted(cidrs: string[]): BlockList {
  let list = blockLists.get(cidrs);
  if (!list) {
    list = new BlockList();
    for (const cidr of cidrs) {
      const [address, prefix] = cidr.split("/");
      list.addSubnet(address, Number(prefix), isIP(address) === 6 ? "ipv6" : "ipv4");
    }
    blockLists.set(cidrs, list);
  }
  return list;
}

/**
 * The hops nearest to us come last in X-Forwarded-For (each proxy appends the address it was reached from), and
 * only those a trusted proxy wrote can be believed: everything to their left is whatever the client sent. So the
 * chain is walked from the socket outwards, past the trusted proxies, to the first address they vouch for. An entry
 * there that is not an address (a misconfigured proxy) is not believed: the last trusted hop stands in for it.
 */
export function clientAddressOf(socketAddress: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): string {
  if (!socketAddress) return "unknown";
  const socket = normalise(socketAddress);
  if (trust.kind === "none") return socket;
  const hops = [socket, ...(forwardedFor ?? "").split(",").map(normalise).filter(Boolean).reverse()];
  const isTrusted =
    trust.kind === "hops"
      ? (_address: string, i: number) => i < trust.hops
      : (address: string) => {
          const family = isIP(address);
          return family !== 0 && trusted(trust.cidrs).check(address, family === 6 ? "ipv6" : "ipv4");
        };
  let client = socket;
  for (let i = 0; i < hops.length; i++) {
    if (!isIP(hops[i])) break;
    client = hops[i];
    if (!isTrusted(hops[i], i)) break;
  }
  return client;
}

/** The client of a request under the app's TRUST_PROXY setting. */
export function clientAddress(c: Context<AppEnv>): string {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    // app.request in tests and tools: no socket at all
    return "local";
  }
  return clientAddressOf(socket, c.req.header("x-forwarded-for"), c.get("deps").config.trustProxy);
}
