import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The signature on every webhook delivery, in the header `Padauk-Signature`:
 *
 *     Padauk-Signature: t=1764849600,v1=5257a869e7…
 *
 * `t` is the time of this attempt in Unix seconds and `v1` the hex HMAC-SHA256 of
 * `"<t>.<body>"` (the raw request body, byte for byte), keyed with the partner's webhook secret
 * (`whsec_…`). Signing the time with the body lets a receiver refuse an old delivery replayed by
 * whoever saw it pass; signing the exact bytes means the receiver must verify before parsing.
 * Scheme `v1` names the algorithm so another can be added beside it without breaking receivers.
 */
export const SIGNATURE_HEADER = "Padauk-Signature";
export const EVENT_ID_HEADER = "Padauk-Event-Id";
/** How old a delivery's `t` may be before verifyWebhookSignature refuses it. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, t: number, body: string): string {
  return createHmac("sha256", secret).update(`${t}.`, "utf8").update(body, "utf8").digest("hex");
}

/** The header value for one attempt. */
export function signWebhook(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: "malformed" | "mismatch" | "expired" };

/**
 * For partners (and our tests): whether a delivery is genuine. `body` is the raw body as
 * received, `header` the `Padauk-Signature` value. Any `v1` in the header may match (there is
 * one today; a secret being rotated could bring two). Compares in constant time and refuses a
 * `t` more than `toleranceSeconds` away from `now`, either way.
 *
 *     const check = verifyWebhookSignature(process.env.PADAUK_WEBHOOK_SECRET, req.headers["padauk-signature"], rawBody);
 *     if (!check.ok) return res.status(400).end();
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined | null,
  body: string,
  opts: { toleranceSeconds?: number; now?: Date } = {},
): VerifyResult {
  if (!header || header.length > 1000) return { ok: false, reason: "malformed" };
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (t === undefined || candidates.length === 0) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(hmacHex(secret, t, body), "hex");
  if (!candidates.some((c) => timingSafeEqual(Buffer.from(c, "hex"), expected))) return { ok: false, reason: "mismatch" };
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: "expired" };
  return { ok: true, timestamp: t };
}
