import { contentSecurityPolicy } from "../lib/page-scripts";
import type express from "express";
import { randomBytes } from "../lib/crypto.server";
import { isPublicSigningPath } from "../lib/i18n";
import type { Config } from "../lib/config.server";
import { isLocalLocation } from "../web/http.server";
import { plainPage } from "./plain-page";

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

/**
 * The Host a browser sent names this machine (`localhost`, `127.x.x.x`, `[::1]`). A page on
 * another site that rebinds its own name to 127.0.0.1 (DNS rebinding) reaches the server from
 * the developer's own browser, but with its own name in Host: that is what tells it apart.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? "").toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") || name === "[::1]" || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * A call of the OSDI API (docs/osdi-api.md) authenticated by its token header and carrying no
 * cookie: cross-site request forgery rides on a browser's cookies, and this request has none —
 * a page elsewhere cannot make a browser send our token. A tool running in a browser (or any
 * server that adds an Origin) then reaches the API; a post with a cookie keeps the Origin rule.
 */
function isTokenApiCall(req: express.Request): boolean {
  return req.path.startsWith("/api/osdi/") && typeof req.headers["osdi-api-token"] === "string" && req.headers.cookie === undefined;
}

/** Headers a proxy adds: a request that carries one came through something else, not from here. */
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded", "x-real-ip", "via"];

/**
 * Every response's security headers and the rules applied before any route runs: the Content
 * Security Policy with a fresh nonce, the Origin rule for form posts, no path with a backslash,
 * no cache for answers to posts, no redirect that leaves the site, the onion address.
 */
export function securityMiddleware(config: Config): express.RequestHandler {
  const publicOrigin = new URL(config.publicUrl).origin;
  return (req, res, next) => {
    // A fresh nonce per response, for a page that hydrates (the dashboard): the only inline
    // scripts that run are the ones Remix wrote for it. Every response starts with the policy of a
    // page that runs no script; the page renderer widens it for the pages that load one.
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    // An embed may be framed by its partner's origins, which the page's CSP frame-ancestors names
    // (X-Frame-Options cannot list origins); every other page is never framed.
    if (!req.path.startsWith("/embed/")) res.setHeader("X-Frame-Options", "DENY");
    if (config.publicUrl.startsWith("https:")) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    // Remix refuses actions whose Origin differs from Host. Under our Referrer-Policy: no-referrer
    // browsers send "Origin: null" on every form post, and partner sites post the public signing
    // form from their own origin by design (docs/api.md, "The signing form from partner sites"). Double opt-in protects signing; the
    // organiser forms carry their own CSRF tokens. So the header is dropped for these two cases;
    // any other foreign Origin gets a 403 page here (Remix would answer it with a 500). A token
    // call of the OSDI API, which carries no cookie, is not a browser's form post either.
    // A backslash in the path (also as %5C) makes the router's URL parser read a host name
    // where a path should be: refused here, before any rendering.
    if (/%5c|\\/i.test(req.url.split("?")[0])) {
      plainPage(req, res, 400, "errors.badRequestBody");
      return;
    }
    // Noted before any header is dropped: a forwarded request never counts as this machine's own.
    res.locals.forwarded = FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);
    // X-Forwarded-Host is believed only from trusted proxies (Remix compares Origin with it).
    if (config.trustProxy === 0) delete req.headers["x-forwarded-host"];
    if (req.method !== "GET" && req.headers.origin !== undefined) {
      const host = String(req.headers["x-forwarded-host"] ?? req.headers.host ?? "")
        .split(",")[0]
        .trim();
      if (req.headers.origin === "null" || isPublicSigningPath(req.path) || isTokenApiCall(req)) {
        delete req.headers.origin;
      } else if (!sameHost(req.headers.origin, host)) {
        plainPage(req, res, 403, "errors.crossOrigin");
        return;
      }
    }
    const isPost = req.method !== "GET" && req.method !== "HEAD";
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      // An answer to a form post holds what one visitor typed: no cache may keep it, whatever
      // the page's loader said about the page itself.
      if (isPost) this.setHeader("Cache-Control", "no-store");
      // No redirect leaves the site, whatever produced it: the last line behind safeLocalPath.
      const location = this.getHeader("Location");
      if (typeof location === "string" && !isLocalLocation(location) && !location.startsWith(`${publicOrigin}/`)) this.setHeader("Location", "/");
      return writeHead.apply(this, args);
    } as typeof writeHead;
    // Tor Browser offers the onion address to visitors who reached the public domain.
    if (config.onionUrl) res.setHeader("Onion-Location", config.onionUrl + req.originalUrl);
    next();
  };
}
