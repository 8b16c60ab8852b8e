import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hash, verify } from "@node-rs/argon2";

import { PASSWORD_MAX, PASSWORD_MIN } from "../limits";

let common: Set<string> | undefined;
/** The 10,000 most common passwords (app/data/common-passwords.txt), loaded once. */
function commonPasswords(): Set<string> {
  if (!common) {
    const here = path.dirname(fileURLToPath(import.meta.url));
    // Works from the source tree (tsx) and from the Remix build (build/index.js), which sit at different depths.
    const candidates = [path.resolve(here, "../data/common-passwords.txt"), path.resolve(here, "../app/data/common-passwords.txt")];
    const file = candidates.find((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    })!;
    common = new Set(
      readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => l.trim().toLowerCase()),
    );
  }
  return common;
}

/** An i18n key (errors.*) when the password is not acceptable, else null. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return "passwordTooShort";
  if (password.length > PASSWORD_MAX) return "passwordTooLong";
  if (commonPasswords().has(password.toLowerCase())) return "passwordCommon";
  return null;
}

/** Argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when no account matches keeps the answer's timing the same. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash("padauk-no-such-account");
  return dummyHash;
}
