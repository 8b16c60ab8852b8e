import { appCookie } from "./cookies.server";
import type { Config } from "./config.server";

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
 * Signed, HttpOnly, for 24 hours: set on the browser that followed the confirmation link. Only that
 * browser skips the second confirmation — the site must never reveal to someone who merely types
 * an address whether its owner has signed.
 */
function cookie(config: Pick<Config, "appSecret" | "publicUrl">) {
  return appCookie(config, "padauk_signer", { maxAge: SIGNER_PROOF_MS / 1000 });
}

export async function signerProofCookie(config: Pick<Config, "appSecret" | "publicUrl">, campaignId: number, emailHmac: Uint8Array, now = new Date()) {
  const proof: SignerProof = { c: campaignId, h: Buffer.from(emailHmac).toString("base64url"), t: now.getTime() };
  return cookie(config).serialize(proof);
}

/** True when this browser confirmed a signature on `campaignId` with this address in the last 24 hours. */
export async function hasSignerProof(
  config: Pick<Config, "appSecret" | "publicUrl">,
  request: Request,
  campaignId: number,
  emailHmac: Uint8Array,
  now = new Date(),
): Promise<boolean> {
  const proof = (await cookie(config).parse(request.headers.get("Cookie")).catch(() => null)) as SignerProof | null;
  if (!proof || typeof proof !== "object") return false;
  return (
    proof.c === campaignId &&
    proof.h === Buffer.from(emailHmac).toString("base64url") &&
    now.getTime() - proof.t >= 0 &&
    now.getTime() - proof.t < SIGNER_PROOF_MS
  );
}
