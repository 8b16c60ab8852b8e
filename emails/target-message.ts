import type { TFunction } from "i18next";

export interface TargetMessageEmail {
  /** In the supporter's language: the greeting belongs to their letter. */
  t: TFunction;
  /** In the official's language where Padauk speaks it, else English: the footer is ours. */
  tFooter: TFunction;
  target: { name: string; role: string; organisation: string };
  subject: string;
  body: string;
  supporterName: string;
  /** "Area, Country" or "Country", already in the supporter's language. */
  supporterPlace: string;
  campaignTitle: string;
  campaignUrl: string;
}

/**
 * A supporter's letter to one official: plain text, the supporter's own words between a greeting
 * with the official's name and the supporter's name, then a short footer saying how it was sent.
 * Plain text only: it reads the same in every mail client and carries nothing to track.
 */
export function renderTargetMessage(e: TargetMessageEmail): { subject: string; text: string } {
  const text = [
    `${e.target.name}`,
    `${e.target.role}, ${e.target.organisation}`,
    "",
    e.t("targetMessage.greeting", { name: e.target.name }),
    "",
    e.body,
    "",
    e.supporterName,
    e.supporterPlace,
    "",
    "-- ",
    e.tFooter("targetMessage.footer", { name: e.supporterName, title: e.campaignTitle, url: e.campaignUrl }),
    "",
  ].join("\n");
  return { subject: e.subject, text };
}
