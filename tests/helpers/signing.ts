import type { DB } from "../../db/index";
import type { Crypto } from "../../app/lib/crypto.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { signCampaign, type SignInput } from "../../app/models/signing.server";
import { decodePayload } from "../../app/models/outbox.server";

export type SignAs = Partial<Omit<SignInput, "campaignId" | "campaignSlug" | "campaignTitle">> & { email: string; slug?: string };

/** Signs a seeded campaign the way the signing form's action does. */
export async function signAs(db: DB, crypto: Crypto, s: SignAs) {
  const slug = s.slug ?? "arms-embargo";
  const locale = s.locale ?? "en";
  const c = await findPublicCampaign(db, slug, locale);
  if (!c) throw new Error(`no campaign ${slug}`);
  return signCampaign(
    db,
    crypto,
    {
      campaignId: c.id,
      campaignSlug: c.slug,
      campaignTitle: c.content.title,
      name: "A signer in Yangon",
      country: "MM",
      consentUpdates: false,
      showName: false,
      ...s,
      locale,
    },
    "padauk.test",
  );
}

/** The token the newest confirmation mail carries, read back the way the worker reads it. */
export async function latestConfirmToken(db: DB, crypto: Crypto): Promise<string> {
  const row = await db
    .selectFrom("outbox")
    .select("payload_enc")
    .where("kind", "=", "signature-confirm")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  return decodePayload<{ token: string }>(crypto, row.payload_enc!).token;
}
