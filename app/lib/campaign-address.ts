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
