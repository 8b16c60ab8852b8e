import { createHmac } from "node:crypto";
import type express from "express";
import type { Booted } from "./boot.server";
import type { RateLimiter } from "../models/rate-limit.server";
import type { AppContext } from "../web/context.server";
import { isLoopback, isLoopbackHost } from "./security";

/** What the process shares with every loader and action, beside the request's own facts. */
interface Shared {
  booted: Booted;
  limiter: RateLimiter;
  cliToken: string | null;
  wakeOutbox(): void;
}

/** The `context` every loader and action receives, built per request. */
export function requestContext({ booted, limiter, cliToken, wakeOutbox }: Shared) {
  const { database, crypto, config, mailer } = booted;
  const db = database.db;
  return (req: express.Request): AppContext => ({
    db,
    crypto,
    config,
    mailCaptureDir: mailer.captureDir,
    wakeOutbox,
    cliToken,
    limiter,
    // The socket's peer, never a header. A proxy on this machine is a loopback peer too, so a
    // request it forwarded (it carries a forwarding header) does not count as local, and nor
    // does one whose Host is not a loopback name (DNS rebinding).
    clientIsLoopback: isLoopback(req.socket.remoteAddress) && isLoopbackHost(req.headers.host) && req.res?.locals.forwarded === false,
    cspNonce: (req.res?.locals.cspNonce as string | undefined) ?? "",
    // Keyed with the secret and today's date: the raw address is never stored or logged.
    // Computed when a throttle asks for it, not for every page view.
    get clientKey() {
      return createHmac("sha256", config.appSecret)
        .update(`client:${new Date().toISOString().slice(0, 10)}:${req.ip ?? req.socket.remoteAddress ?? ""}`)
        .digest("base64url")
        .slice(0, 22);
    },
  });
}
