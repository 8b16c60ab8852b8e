import slugify from "@sindresorhus/slugify";

/** A campaign's address in its URL: /<lang>/campaigns/<address>. */
export const CAMPAIGN_ADDRESS = /^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$/;

/** Addresses that would read as a dashboard page, not a campaign. */
const RESERVED = new Set(["new"]);

export const isCampaignAddress = (s: string) => CAMPAIGN_ADDRESS.test(s) && !RESERVED.has(s);

/**
 * An address suggested from what an organiser typed (the title, or an address that is not one):
 * transliterated to Latin letters where a script has a standard transliteration, lower case,
 * hyphens between words, cut at a word within 60 characters. A title in Burmese, Thai or another
 * script without one gives nothing usable, so the suggestion is dated instead.
 */
export function suggestAddress(typed: string, now = new Date()): string {
  let s = slugify(typed.slice(0, 500), { decamelize: false });
  if (s.length > 60) s = s.slice(0, 61).replace(/-[^-]*$/, "");
  return isCampaignAddress(s) ? s : `campaign-${now.toISOString().slice(0, 10)}`;
}

/** A partner's address in `?partner=<address>` and its embed: like a campaign's, up to 40 characters. */
export const PARTNER_ADDRESS = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export const isPartnerAddress = (s: string) => PARTNER_ADDRESS.test(s);

/** A partner's address from its name: Latin letters where the name has a transliteration, else `partner`. */
export function suggestPartnerAddress(name: string): string {
  let s = slugify(name.slice(0, 200), { decamelize: false });
  if (s.length > 40) s = s.slice(0, 41).replace(/-[^-]*$/, "");
  return isPartnerAddress(s) ? s : "partner";
}

/**
 * An origin a partner's page is served from, as a browser sends it in `frame-ancestors` terms:
 * `https://host[:port]`, lower case, no path. Anything else (a path, a wildcard, a scheme other
 * than http and https, credentials) is not an origin and gives null.
 */
export function parseOrigin(typed: string): string | null {
  const s = typed.trim();
  if (!/^https?:\/\/[^/?#*\s]+\/?$/i.test(s)) return null;
  try {
    const u = new URL(s);
    if (u.username || u.password) return null;
    return u.origin === "null" ? null : u.origin;
  } catch {
    return null;
  }
}
