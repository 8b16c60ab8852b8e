import { appCookie } from "./cookies.server";
import type { Config } from "../lib/config.server";
import type { Crypto } from "../lib/crypto.server";

/** A signer who just confirmed may write to the officials without a second confirmation mail. */
export const SIGNER_PROOF_MS = 24 * 60 * 60 * 1000;

interface SignerProof {
  /** Campaign id. */
  c: number;
  /** HMAC of the confirmed address (base64url): proves the address without carrying it. */
  h: string;
  /** When the signature was confirmed (ms). */
  t: number;
}

/**
 * Signed, HttpOnly, for 24 hours: set on the browser that confirmed a signature. Only that
 * browser skips the second confirmation — the site must never reveal to someone who merely types
 * an address whether its owner has signed. Its content is encrypted with the field key: on a
 * seized phone the cookie is an opaque string that names neither the campaign nor the address.
 */
function cookie(config: Pick<Config, "appSecret" | "publicUrl">) {
  return appCookie(config, "padauk_signer", { maxAge: SIGNER_PROOF_MS / 1000 });
}

export async function signerProofCookie(
  config: Pick<Config, "appSecret" | "publicUrl">,
  crypto: Crypto,
  campaignId: number,
  emailHmac: Uint8Array,
  now = new Date(),
) {
  const proof: SignerProof = { c: campaignId, h: Buffer.from(emailHmac).toString("base64url"), t: now.getTime() };
  return cookie(config).serialize(Buffer.from(crypto.encrypt(JSON.stringify(proof))).toString("base64url"));
}

function openProof(crypto: Crypto, value: unknown): SignerProof | null {
  if (typeof value !== "string" || value.length > 512) return null;
  try {
    const proof = JSON.parse(crypto.decrypt(Buffer.from(value, "base64url"))) as SignerProof;
    return typeof proof?.c === "number" && typeof proof.h === "string" && typeof proof.t === "number" ? proof : null;
  } catch {
    return null;
  }
}

/** True when this browser confirmed a signature on `campaignId` with this address in the last 24 hours. */
export async function hasSignerProof(
  config: Pick<Config, "appSecret" | "publicUrl">,
  crypto: Crypto,
  request: Request,
  campaignId: number,
  emailHmac: Uint8Array,
  now = new Date(),
): Promise<boolean> {
  const proof = openProof(
    crypto,
    await cookie(config)
      .parse(request.headers.get("Cookie"))
      .catch(() => null),
  );
  if (!proof) return false;
  return (
    proof.c === campaignId &&
    proof.h === Buffer.from(emailHmac).toString("base64url") &&
    now.getTime() - proof.t >= 0 &&
    now.getTime() - proof.t < SIGNER_PROOF_MS
  );
}
