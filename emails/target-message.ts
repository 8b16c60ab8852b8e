import type { TFunction } from "i18next";

/**
 * How a letter addresses an official. Each kind has a greeting and a matching sign-off in every
 * language, so a letter never puts an English role or "The …" into a Burmese or Thai greeting.
 */
export const SALUTATION_KINDS = ["minister", "ambassador", "name", "sir-or-madam"] as const;
export type SalutationKind = (typeof SALUTATION_KINDS)[number];

export function isSalutationKind(s: string | null | undefined): s is SalutationKind {
  return !!s && (SALUTATION_KINDS as readonly string[]).includes(s);
}

// Ambassadors and permanent representatives to the UN are addressed as "Excellency".
const AMBASSADOR = /\b(ambassador|permanent representative)\b/i;
// A prime minister is not "Dear Minister" (a deputy prime minister who is also foreign minister
// is); other ministers, secretaries of state, foreign secretaries and heads of a foreign-affairs
// department (Switzerland) are.
const PRIME_MINISTER = /\bprime minister\b/gi;
const MINISTER = /\b(minister|secretary of state|foreign secretary|secretary (of|for) foreign affairs)\b|\bhead of\b.*\bdepartment of foreign affairs\b/i;

/**
 * The salutation for an official: the target's own `salutation` when an organiser set one on
 * import; else ambassadors and ministers by their role or name (English words, as the seeded and
 * most imported lists are written); else their name, unless the name is only a role ("The
 * Minister…", or the role itself), which gets the language's "Dear Sir or Madam".
 */
export function salutationKind(target: { name: string; role: string; salutation?: string | null }): SalutationKind {
  if (isSalutationKind(target.salutation)) return target.salutation;
  const both = `${target.role} ${target.name}`;
  if (AMBASSADOR.test(both)) return "ambassador";
  if (MINISTER.test(both.replace(PRIME_MINISTER, ""))) return "minister";
  const name = target.name.trim().toLowerCase();
  const role = target.role.trim().toLowerCase();
  if (!name || name.startsWith("the ") || (role && name.startsWith(role))) return "sir-or-madam";
  return "name";
}

/** The greeting line in the language of `t`, as the letter and the composer's preview show it. */
export function letterGreeting(t: TFunction, target: { name: string; role: string; salutation?: string | null }, kind = salutationKind(target)): string {
  return t(`targetMessage.greeting.${kind}`, { name: target.name });
}

export interface TargetMessageEmail {
  /** In the letter's language (that of the text the supporter sent): greeting and sign-off belong to their letter. */
  t: TFunction;
  /** In the official's language where Padauk speaks it, else English: the footer is ours. */
  tFooter: TFunction;
  target: { name: string; role: string; organisation: string; salutation?: string | null };
  subject: string;
  body: string;
  supporterName: string;
  /** "Area, Country" or "Country", already in the letter's language. */
  supporterPlace: string;
  /** In the footer's language where the campaign has a translation in it. */
  campaignTitle: string;
  campaignUrl: string;
}

/**
 * A supporter's letter to one official: plain text, the official's name and title as stored, the
 * supporter's own words between a greeting and a sign-off that fit the official's role, the
 * supporter's name and place, then a short footer saying how it was sent.
 * Plain text only: it reads the same in every mail client and carries nothing to track.
 */
export function renderTargetMessage(e: TargetMessageEmail): { subject: string; text: string } {
  const kind = salutationKind(e.target);
  const text = [
    `${e.target.name}`,
    `${e.target.role}, ${e.target.organisation}`,
    "",
    letterGreeting(e.t, e.target, kind),
    "",
    e.body,
    "",
    e.t(`targetMessage.signOff.${kind}`),
    e.supporterName,
    e.supporterPlace,
    "",
    "-- ",
    e.tFooter("targetMessage.footer", { name: e.supporterName, title: e.campaignTitle, url: e.campaignUrl }),
    "",
  ].join("\n");
  return { subject: e.subject, text };
}
