import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEn from "@zxcvbn-ts/language-en";

import { PASSWORD_MAX, PASSWORD_MIN } from "./limits";

/**
 * zxcvbn's estimate of guesses needed, on its 0–4 scale; 3 is "safely unguessable" for an
 * online attack (about 10^8 guesses), which login throttling makes the relevant one.
 */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
/**
 * zxcvbn-ts with its common and English dictionaries (common passwords, names, words, keyboard
 * patterns, dates, l33t): built once, on first use (about 0.2 s), so start-up does not pay it.
 */
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return estimator;
}

/**
 * An i18n key (errors.*) when the password is not acceptable, else null. Length first, then a
 * maintained strength estimator rather than a list: `password1234` is long enough and on no
 * top-10,000 list, but any attacker tries it early. `related` are words the organiser's own
 * details give away (their address), which make a password weaker.
 */
export async function passwordProblem(password: string, related: string[] = []): Promise<string | null> {
  if (password.length < PASSWORD_MIN) return "passwordTooShort";
  if (password.length > PASSWORD_MAX) return "passwordTooLong";
  const inputs = related.flatMap((r) => [r, ...r.split(/[@.+_-]/)]).filter((w) => w.length >= 3);
  const result = await strength().checkAsync(password, inputs);
  return result.score < MIN_PASSWORD_SCORE ? "passwordWeak" : null;
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
