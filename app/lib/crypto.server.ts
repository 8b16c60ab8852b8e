import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomFillSync, timingSafeEqual } from "node:crypto";

/**
 * Random bytes from the system's CSPRNG, drawn 8 KiB at a time: under a surge each signature
 * wants five small draws (IVs, a token, a page nonce) and one call per draw showed as 6 % of the
 * server's time. Node buffers its random UUIDs the same way. Each caller gets its own copy.
 */
const pool = Buffer.alloc(8192);
let poolOffset = pool.length;
export function randomBytes(n: number): Buffer {
  if (n > pool.length) return randomFillSync(Buffer.alloc(n));
  if (poolOffset + n > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
  // Spent bytes are wiped, so the pool never holds a token or IV once it has been handed out.
  pool.fill(0, poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}

/**
 * Everything secret is derived from APP_SECRET with HKDF, one key per purpose, so that a key
 * used for HMAC is never also used for encryption.
 */
export interface Crypto {
  /** HMAC of the canonical address: equal for every spelling of the same address. */
  emailHmac(email: string): Uint8Array;
  /** HMAC of the address's domain (after the last @), canonical like the address. */
  domainHmac(email: string): Uint8Array;
  encrypt(plaintext: string): Uint8Array;
  decrypt(ciphertext: Uint8Array): string;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "padauk", purpose, 32));
}

/**
 * Lower-cased, trimmed and Unicode-normalised (NFKC, so full-width and compatibility forms of
 * the same characters compare equal). Used only for comparison, never shown.
 */
export function canonicalEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}

export function emailDomain(email: string): string {
  const canonical = canonicalEmail(email);
  return canonical.slice(canonical.lastIndexOf("@") + 1);
}

export function createCrypto(secret: string): Crypto {
  const hmacKey = deriveKey(secret, "email-hmac-v1");
  const encKey = deriveKey(secret, "field-encryption-v1");
  return {
    emailHmac(email) {
      return createHmac("sha256", hmacKey).update(canonicalEmail(email), "utf8").digest();
    },
    domainHmac(email) {
      return createHmac("sha256", hmacKey)
        .update(`domain:${emailDomain(email)}`, "utf8")
        .digest();
    },
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", encKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(ciphertext) {
      const buf = Buffer.from(ciphertext);
      if (buf[0] !== VERSION) throw new Error("unknown ciphertext version");
      const iv = buf.subarray(1, 1 + IV_BYTES);
      const tag = buf.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv("aes-256-gcm", encKey, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(buf.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    },
  };
}

/** 32 random bytes (256 bits), URL-safe: the only copy lives in the email. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): Uint8Array {
  return createHash("sha256").update(token, "utf8").digest();
}

/** Tokens are 43 base64url characters; anything else is rejected before touching the database. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * The proof a link in a signer's mail carries (unsubscribe, withdraw): an HMAC of the purpose and
 * the signature id, so nobody can act on another's signature and no token needs storing.
 */
export function signatureLinkMac(secret: string, purpose: string, signatureId: string): string {
  return createHmac("sha256", secret).update(`${purpose}:${signatureId}`).digest("base64url").slice(0, 32);
}

export function checkSignatureLinkMac(secret: string, purpose: string, signatureId: string, mac: string): boolean {
  return /^\d{1,19}$/.test(signatureId) && sameSecret(mac, signatureLinkMac(secret, purpose, signatureId));
}

/** Compares a secret someone sent with the one expected, in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
