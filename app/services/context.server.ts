import type { DB } from "../../db/index";
import type { Config } from "../lib/config.server";
import type { Crypto } from "../lib/crypto.server";
import { isThrottled, type LimitName, type RateLimiter } from "../models/rate-limit.server";

/**
 * What a use case needs from the running app: the request context (app/web/context.server.ts)
 * extends this, so a route hands its `context` straight in. Nothing here knows about HTTP.
 */
export interface ServiceContext {
  db: DB;
  crypto: Crypto;
  config: Config;
  /** The throttles, kept in the database so every app process shares them. */
  limiter: RateLimiter;
  /** A keyed hash of the client's address that changes daily: enough to throttle, useless to trace. */
  clientKey: string;
  /** Nudges the in-process outbox worker so a new email leaves now, not at the next poll. */
  wakeOutbox(): void;
}

/** A use case refused by a throttle: the route answers 429 and says when to come back. */
export interface Throttle {
  kind: "throttled";
  /** The first limit that refused, in the order the checks were given. */
  limit: LimitName;
  retryAfterSeconds: number;
}

/**
 * Spend points on every listed (limit, key), in this order; the throttle that refused, or null.
 * The one place a Throttled error becomes a result: any other error goes on up.
 */
export async function throttle(limiter: RateLimiter, ...checks: [LimitName, string][]): Promise<Throttle | null> {
  try {
    await limiter.consume(...checks);
    return null;
  } catch (err) {
    if (!isThrottled(err)) throw err;
    return { kind: "throttled", limit: err.limit, retryAfterSeconds: err.retryAfterSeconds };
  }
}

/** The key an address's mail allowance (`mail.recipient`) is counted under. */
export function recipientKey(emailHmac: Uint8Array): string {
  return Buffer.from(emailHmac).toString("base64url");
}

/** A model's `{ status, … }` result as a use case's `{ kind, … }`, case by case. */
export type Kinded<R extends { status: string }> = R extends { status: infer S } ? { kind: S } & Omit<R, "status"> : never;

export function kinded<R extends { status: string }>(result: R): Kinded<R> {
  const { status, ...rest } = result;
  return { kind: status, ...rest } as unknown as Kinded<R>;
}
