import { describe, expect, it } from "vitest";
import { canonicalEmail, createCrypto, hashToken, isWellFormedToken, newToken, randomBytes } from "../../app/lib/crypto.server";

const crypto = createCrypto("a-test-secret-of-at-least-32-characters!!");

describe("canonical email", () => {
  it("lower-cases, trims and folds Unicode compatibility forms", () => {
    expect(canonicalEmail("  Signer@Example.ORG \n")).toBe("signer@example.org");
    // Full-width letters typed on an East Asian keyboard are the same address.
    expect(canonicalEmail("ｓｉｇｎｅｒ@example.org")).toBe("signer@example.org");
    // A decomposed é (e + combining accent) equals the precomposed one.
    expect(canonicalEmail("jose\u0301@example.org")).toBe(canonicalEmail("jos\u00e9@example.org"));
  });
});

describe("email HMAC", () => {
  it("is equal for every spelling of one address and differs between addresses", () => {
    const a = Buffer.from(crypto.emailHmac("Signer@Example.org"));
    expect(Buffer.from(crypto.emailHmac(" signer@example.org ")).equals(a)).toBe(true);
    expect(Buffer.from(crypto.emailHmac("ｓｉｇｎｅｒ@example.org")).equals(a)).toBe(true);
    expect(Buffer.from(crypto.emailHmac("signer2@example.org")).equals(a)).toBe(false);
    expect(a.length).toBe(32);
  });

  it("depends on the secret, so a leaked table cannot be matched against a list of addresses", () => {
    const other = createCrypto("another-secret-of-at-least-32-characters");
    expect(Buffer.from(other.emailHmac("signer@example.org")).equals(Buffer.from(crypto.emailHmac("signer@example.org")))).toBe(false);
  });
});

describe("field encryption", () => {
  it("round-trips Unicode text and never stores it readable", () => {
    const name = "ဒေါ်အောင် O'Brien <script>";
    const ct = crypto.encrypt(name);
    expect(crypto.decrypt(ct)).toBe(name);
    expect(Buffer.from(ct).includes(Buffer.from("O'Brien"))).toBe(false);
  });

  it("uses a fresh IV each time", () => {
    expect(Buffer.from(crypto.encrypt("same")).equals(Buffer.from(crypto.encrypt("same")))).toBe(false);
  });

  it("rejects a tampered ciphertext and a wrong key", () => {
    const ct = Buffer.from(crypto.encrypt("signer@example.org"));
    ct[ct.length - 1] ^= 1;
    expect(() => crypto.decrypt(ct)).toThrow();
    const other = createCrypto("another-secret-of-at-least-32-characters");
    expect(() => other.decrypt(crypto.encrypt("x"))).toThrow();
  });
});

describe("tokens", () => {
  it("are 256-bit, URL-safe, unique and stored only as a hash", () => {
    const a = newToken();
    const b = newToken();
    expect(a).not.toBe(b);
    expect(isWellFormedToken(a)).toBe(true);
    expect(Buffer.from(hashToken(a)).length).toBe(32);
    expect(Buffer.from(hashToken(a)).equals(Buffer.from(hashToken(a)))).toBe(true);
    expect(isWellFormedToken("short")).toBe(false);
    expect(isWellFormedToken(a.slice(0, 42) + "!")).toBe(false);
  });
});

describe("pooled random bytes", () => {
  it("hands out fresh bytes of the asked length, across refills of the pool", () => {
    const seen = new Set<string>();
    // 3,000 draws of 12 bytes cross the 8 KiB pool four times.
    for (let i = 0; i < 3000; i++) {
      const b = randomBytes(12);
      expect(b).toHaveLength(12);
      seen.add(b.toString("hex"));
    }
    expect(seen.size).toBe(3000);
    const big = randomBytes(20_000);
    expect(big).toHaveLength(20_000);
    expect(big.some((x) => x !== 0)).toBe(true);
    // A caller that changes its copy does not change what the next caller gets.
    const a = randomBytes(16);
    a.fill(0);
    expect(randomBytes(16).equals(Buffer.alloc(16))).toBe(false);
  });
});
