// What Padauk holds about one address, for the export mailed to that address.

import { type DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";

/** Whether anything at all is stored against an address (a signature or a letter). */
export async function holdsDataFor(db: DB, crypto: Crypto, email: string): Promise<boolean> {
  const hmac = crypto.emailHmac(email);
  const [sig, letter] = await Promise.all([
    db.selectFrom("signatures").select("id").where("email_hmac", "=", hmac).limit(1).executeTakeFirst(),
    db.selectFrom("messages").select("id").where("supporter_hmac", "=", hmac).limit(1).executeTakeFirst(),
  ]);
  return !!(sig || letter);
}

/** Everything Padauk holds about one address, decrypted for the export mailed to that address. */
export interface SignerData {
  signatures: {
    signatureId: string;
    campaignSlug: string;
    status: string;
    name: string;
    country: string;
    locale: string;
    consentUpdates: boolean;
    showName: boolean;
    source: string | null;
    /** The partner whose link or embed the signature came by, and whether it may email the signer. */
    partnerName: string | null;
    partnerConsent: boolean;
    createdAt: Date;
    confirmedAt: Date | null;
  }[];
  letters: {
    campaignSlug: string;
    status: string;
    name: string | null;
    area: string | null;
    subject: string | null;
    body: string | null;
    targets: number;
    createdAt: Date;
    erased: boolean;
  }[];
}

export async function signerData(db: DB, crypto: Crypto, email: string): Promise<SignerData> {
  const hmac = crypto.emailHmac(email);
  const [sigs, letters] = await Promise.all([
    db
      .selectFrom("signatures as s")
      .innerJoin("campaigns as c", "c.id", "s.campaign_id")
      .leftJoin("partners as p", "p.id", "s.partner_id")
      .select([
        "s.id",
        "c.slug",
        "s.status",
        "s.name_enc",
        "s.country",
        "s.locale",
        "s.consent_updates",
        "s.show_name",
        "s.source",
        "p.name as partner_name",
        "s.consent_partner",
        "s.created_at",
        "s.confirmed_at",
      ])
      .where("s.email_hmac", "=", hmac)
      .orderBy("s.created_at")
      .execute(),
    db
      .selectFrom("messages as m")
      .innerJoin("campaigns as c", "c.id", "m.campaign_id")
      .select(["c.slug", "m.status", "m.supporter_name_enc", "m.area_enc", "m.subject_enc", "m.body_enc", "m.target_ids", "m.created_at", "m.erased_at"])
      .where("m.supporter_hmac", "=", hmac)
      .orderBy("m.created_at")
      .execute(),
  ]);
  const open = (v: Uint8Array | null) => (v ? crypto.decrypt(v) : null);
  return {
    signatures: sigs.map((s) => ({
      signatureId: s.id,
      campaignSlug: s.slug,
      status: s.status,
      name: crypto.decrypt(s.name_enc),
      country: s.country,
      locale: s.locale,
      consentUpdates: s.consent_updates,
      showName: s.show_name,
      source: s.source,
      partnerName: s.partner_name,
      partnerConsent: s.consent_partner && s.partner_name !== null,
      createdAt: s.created_at,
      confirmedAt: s.confirmed_at,
    })),
    letters: letters.map((m) => ({
      campaignSlug: m.slug,
      status: m.status,
      name: open(m.supporter_name_enc),
      area: open(m.area_enc),
      subject: open(m.subject_enc),
      body: open(m.body_enc),
      targets: m.target_ids.length,
      createdAt: m.created_at,
      erased: m.erased_at !== null,
    })),
  };
}
