import type { DB } from "../../db/index";
import type { Config } from "../lib/config.server";
import type { Crypto } from "../lib/crypto.server";
import type { RateLimiter } from "../models/rate-limit.server";
import type { ServiceContext } from "../services/context.server";

/**
 * What every loader and action receives as `context`. Built once per process in
 * app/cli/serve.ts (the database handle, the secrets) plus two facts about the request.
 */
export interface AppContext extends ServiceContext {
  [key: string]: unknown;
  db: DB;
  crypto: Crypto;
  config: Config;
  /** Where captured mail lives when no SMTP_URL is set; null when mail goes out over SMTP. */
  mailCaptureDir: string | null;
  /** Nudges the in-process outbox worker so a new email leaves now, not at the next poll. */
  wakeOutbox(): void;
  /**
   * The request comes from this machine: a loopback peer, a loopback name in Host (not a name
   * rebound to 127.0.0.1 by another site), and no forwarding header. Only then is captured mail
   * shown. The address is not kept.
   */
  clientIsLoopback: boolean;
  /** A keyed hash of the client's address that changes daily: enough to throttle, useless to trace. */
  clientKey: string;
  /**
   * On the embedded database, the token `npm run organiser:create` presents to hand its request
   * to this server (PGlite admits one process); null otherwise.
   */
  cliToken: string | null;
  /** The throttles, kept in the database so every app process shares them. */
  limiter: RateLimiter;
  /** This response's Content-Security-Policy nonce, for the inline scripts Remix writes. */
  cspNonce: string;
}
