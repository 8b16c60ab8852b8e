/**
 * What Padauk writes to its logs never carries a secret or a person: no confirmation token or
 * code, no withdraw or unsubscribe MAC, no set-password token, no address. Logs are read by
 * more people than the database and kept by hosting providers.
 */

const ADDRESS = /[^\s@<>"'(),;:/]+(@|%40)[^\s@<>"'(),;:/]+/g;
/** Tokens and MACs are base64url; 16 characters and more is longer than any word of a path. */
const SECRET = /[A-Za-z0-9_-]{16,}/g;
/** The confirmation code of a mail, `7Q2KM-X4N9D`, typed or not. */
const CODE = /\b[0-9A-Z]{5}-?[0-9A-Z]{5}\b/g;

/** Segments after which a URL carries a MAC or token, whatever its length. */
const SECRET_AFTER = new Set(["confirm", "withdraw", "unsubscribe", "set-password"]);

/** A function name in a stack frame ("handleResourceRequest") is not a token: no digit, and not too long. */
const isWord = (s: string) => /^[A-Za-z_-]+$/.test(s) && s.length < 30;

/** A path as it may be logged: secrets and addresses replaced by a mark (ids stay). */
export function loggablePath(pathname: string): string {
  let secretsFollow = false;
  return pathname
    .split("/")
    .map((s) => {
      const out = secretsFollow && !/^\d+$/.test(s) ? "…" : redactText(s);
      if (SECRET_AFTER.has(s)) secretsFollow = true;
      return out;
    })
    .join("/");
}

/** A message or stack as it may be logged. */
export function redactText(text: string): string {
  return text
    .replace(ADDRESS, "<address>")
    .replace(SECRET, (m) => (isWord(m) ? m : "<secret>"))
    .replace(CODE, "<code>");
}

/** An error for the log: its stack (or message), redacted, without the properties a database error carries (query, parameters, detail). */
export function loggableError(error: unknown): string {
  if (error instanceof Error) return redactText(error.stack ?? `${error.name}: ${error.message}`);
  return redactText(String(error));
}
