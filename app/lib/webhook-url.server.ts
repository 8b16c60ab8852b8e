import { lookup } from "node:dns/promises";
import type { LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";

/**
 * A webhook URL is a place Padauk's server will connect to, chosen by a partner: left open, it
 * could be pointed at the server's own loopback, the private network behind it or a cloud's
 * metadata address (server-side request forgery). So only http(s), and only to public unicast
 * addresses, unless `WEBHOOK_ALLOW_PRIVATE=1` (for tests and a partner's CRM on the same
 * private network). The check runs when the URL is saved and again, on the resolved address
 * actually connected to, at every delivery, so a name that later resolves inward is refused too.
 */
export type WebhookUrlProblem = "invalid" | "scheme" | "private" | "unresolvable";

export const WEBHOOK_URL_MAX = 500;

/** Whether connecting to this address could reach something a stranger must not. */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() !== "unicast";
}

export function webhookUrlShape(typed: string): { ok: true; url: URL } | { ok: false; problem: WebhookUrlProblem } {
  const s = typed.trim();
  if (s.length === 0 || s.length > WEBHOOK_URL_MAX) return { ok: false, problem: "invalid" };
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return { ok: false, problem: "invalid" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problem: "scheme" };
  if (url.username || url.password || !url.hostname) return { ok: false, problem: "invalid" };
  return { ok: true, url };
}

/** The addresses a host name resolves to (an IP literal is itself). */
async function resolve(hostname: string): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(bare)) return [{ address: bare, family: bare.includes(":") ? 6 : 4 }];
  return lookup(bare, { all: true, verbatim: true });
}

/** The URL's shape and where it resolves, as a partner saves it. */
export async function checkWebhookUrl(typed: string, allowPrivate: boolean): Promise<{ ok: true; url: string } | { ok: false; problem: WebhookUrlProblem }> {
  const shape = webhookUrlShape(typed);
  if (!shape.ok) return shape;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(shape.url.hostname);
  } catch {
    return { ok: false, problem: "unresolvable" };
  }
  if (addresses.length === 0) return { ok: false, problem: "unresolvable" };
  if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) return { ok: false, problem: "private" };
  return { ok: true, url: shape.url.toString() };
}

/**
 * A `lookup` for http.request that resolves the name and refuses a private address, so the
 * address checked is the one connected to (no second resolution in between to rebind).
 */
export function guardedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    resolve(hostname).then(
      (addresses) => {
        const usable = allowPrivate ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
        if (usable.length === 0) {
          const err = Object.assign(new Error(`${hostname} resolves only to private addresses`), { code: "EPRIVATE" });
          callback(err, "", 4);
        } else if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 4),
    );
  };
}
