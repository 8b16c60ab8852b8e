import { createHmac } from "node:crypto";
import { createChallenge, extractParams, verifySolution } from "altcha-lib";
import type { DB } from "../../db/index";

/**
 * A proof of work (ALTCHA) an organiser switches on for a campaign under attack: the browser
 * spends about a second of computation per signature, a flood of thousands costs hours. It is
 * created and verified here, with no third party involved.
 */

/** Numbers the browser may have to try: about 25,000 SHA-256 hashes on average. */
const MAX_NUMBER = 50_000;
const CHALLENGE_TTL_MS = 15 * 60_000;

const hmacKey = (secret: string) => createHmac("sha256", secret).update("altcha").digest("hex");

export async function powChallenge(secret: string, campaignId: number) {
  return createChallenge({
    hmacKey: hmacKey(secret),
    maxnumber: MAX_NUMBER,
    expires: new Date(Date.now() + CHALLENGE_TTL_MS),
    params: { campaign: String(campaignId) },
  });
}

/**
 * True for a solved, unexpired challenge of this campaign that was never used before: each
 * solution is remembered (in the throttle table, expiring with the challenge) so it buys one
 * signature only.
 */
export async function verifyPow(db: DB, secret: string, campaignId: number, payload: string): Promise<boolean> {
  if (!payload || payload.length > 2000) return false;
  let decoded: { signature?: unknown; salt?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
  } catch {
    return false;
  }
  if (typeof decoded?.signature !== "string" || typeof decoded.salt !== "string") return false;
  let ok: boolean;
  try {
    ok = await verifySolution(payload, hmacKey(secret), true);
  } catch {
    return false;
  }
  if (!ok || extractParams(payload).campaign !== String(campaignId)) return false;
  const fresh = await db
    .insertInto("rate_limit_buckets")
    .values({ key: `pow:${decoded.signature.slice(0, 128)}`, points: 1, expire: Date.now() + CHALLENGE_TTL_MS })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .executeTakeFirst();
  return !!fresh;
}
