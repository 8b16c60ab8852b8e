// A letter as the official receives it: read back, decrypted, at sending.

import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";

export interface LetterToSend {
  to: string;
  replyTo: { name: string; address: string };
  subject: string;
  body: string;
  supporterName: string;
  supporterArea: string | null;
  supporterCountry: string;
  /** The letter's language; letters from before it was stored were written in their page's. */
  letterLocale: string;
  target: { name: string; role: string; organisation: string; salutation: string | null; languages: string[] };
  campaign: { slug: string; defaultLocale: string };
}

/** Everything the worker needs to write one letter; undefined once the body has been erased. */
export async function letterToSend(db: DB, crypto: Crypto, messageId: string, targetId: number): Promise<LetterToSend | undefined> {
  const r = await db
    .selectFrom("messages as m")
    .innerJoin("campaigns as c", "c.id", "m.campaign_id")
    .innerJoin("targets as t", (j) => j.on("t.id", "=", targetId))
    .select([
      "m.supporter_email_enc",
      "m.supporter_name_enc",
      "m.area_enc",
      "m.country",
      "m.locale",
      "m.letter_locale",
      "m.subject_enc",
      "m.body_enc",
      "c.slug",
      "c.default_locale",
      "t.email",
      "t.name",
      "t.role",
      "t.organisation",
      "t.salutation",
      "t.languages",
    ])
    .where("m.id", "=", messageId)
    .executeTakeFirst();
  if (!r || !r.subject_enc || !r.body_enc || !r.supporter_name_enc || !r.supporter_email_enc) return undefined;
  const supporterName = crypto.decrypt(r.supporter_name_enc);
  return {
    to: r.email,
    replyTo: { name: supporterName, address: crypto.decrypt(r.supporter_email_enc) },
    subject: crypto.decrypt(r.subject_enc),
    body: crypto.decrypt(r.body_enc),
    supporterName,
    supporterArea: r.area_enc ? crypto.decrypt(r.area_enc) : null,
    supporterCountry: r.country,
    letterLocale: r.letter_locale ?? r.locale,
    target: {
      name: r.name,
      role: r.role,
      organisation: r.organisation,
      salutation: r.salutation,
      languages: r.languages
        .split(",")
        .map((l) => l.trim())
        .filter(Boolean),
    },
    campaign: { slug: r.slug, defaultLocale: r.default_locale },
  };
}
