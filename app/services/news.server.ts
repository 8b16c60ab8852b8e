import { z } from "zod";
import { audit } from "../models/audit.server";
import { campaignLocales } from "../models/campaign.server";
import { missingUpdateFields, recordResponse, saveUpdateTexts, type UpdateText } from "../models/update.server";
import { normalizeText } from "../lib/text.server";
import type { ServiceContext } from "./context.server";

/** The campaign an organiser is working on, as the dashboard has checked their access to it. */
export interface OrganiserCampaign {
  id: number;
  slug: string;
  defaultLocale: string;
}

export type NewsResult = { kind: "invalid"; error: "updateDefaultMissing" | "responseInvalid" } | { kind: "saved" } | { kind: "not-found" };

/** Title and text per language, as typed (a half-written language is kept, and shown to nobody). */
export async function typedTexts(ctx: ServiceContext, campaign: OrganiserCampaign, form: FormData): Promise<Record<string, UpdateText>> {
  // Every language the campaign has been started in: news may be ready before the campaign text is.
  const started = await campaignLocales(ctx.db, campaign.id, "as-written");
  const texts: Record<string, UpdateText> = {};
  for (const l of started.length ? started : [campaign.defaultLocale]) {
    const title = normalizeText(String(form.get(`title_${l}`) ?? "")).slice(0, 200);
    const body = normalizeText(String(form.get(`body_${l}`) ?? "").replace(/\r\n?/g, "\n")).slice(0, 20_000);
    texts[l] = { title, body };
  }
  return texts;
}

/** The texts typed, or null when the default language lacks a title or text. */
export async function readTexts(ctx: ServiceContext, campaign: OrganiserCampaign, form: FormData): Promise<Record<string, UpdateText> | null> {
  const texts = await typedTexts(ctx, campaign, form);
  // The default language is required: it is what every signer without their own language reads.
  return missingUpdateFields(texts[campaign.defaultLocale]).length ? null : texts;
}

/** Correct or finish the translations of news already posted; nothing is mailed again. */
export async function correctNews(ctx: ServiceContext, organiserId: number, campaign: OrganiserCampaign, form: FormData): Promise<NewsResult> {
  const texts = await readTexts(ctx, campaign, form);
  if (!texts) return { kind: "invalid", error: "updateDefaultMissing" };
  const updateId = Number(form.get("update"));
  // An id of no update of this campaign (or no id at all): nothing to correct.
  if (!Number.isInteger(updateId) || updateId < 1 || updateId > 2 ** 31 - 1) return { kind: "not-found" };
  if (!(await saveUpdateTexts(ctx.db, campaign.id, updateId, texts))) return { kind: "not-found" };
  await audit(ctx.db, organiserId, "news.edited", `${campaign.slug} update ${updateId}`);
  return { kind: "saved" };
}

const clean = (max: number) =>
  z
    .string()
    .transform((s) => normalizeText(s.replace(/\r\n?/g, "\n")))
    .pipe(z.string().max(max));

const responseSchema = z.object({
  responder: clean(200).pipe(z.string().min(2)),
  responded_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  text: clean(20_000),
  url: z.union([
    z.literal(""),
    z
      .string()
      .url()
      .max(500)
      .refine((u) => /^https?:/.test(u)),
  ]),
});

/** An official answered: who, when, what they said, where it was published. */
export async function recordOfficialResponse(ctx: ServiceContext, organiserId: number, campaign: OrganiserCampaign, form: FormData): Promise<NewsResult> {
  const fields = Object.fromEntries(["responder", "responded_on", "text", "url"].map((k) => [k, String(form.get(k) ?? "")]));
  const parsed = responseSchema.safeParse(fields);
  if (!parsed.success) return { kind: "invalid", error: "responseInvalid" };
  const { responder, responded_on, text, url } = parsed.data;
  await recordResponse(
    ctx.db,
    campaign.id,
    { responder, respondedOn: responded_on, text, url: url || null },
    { crypto: ctx.crypto, publicUrl: ctx.config.publicUrl },
  );
  await audit(ctx.db, organiserId, "campaign.response_recorded", campaign.slug);
  return { kind: "saved" };
}
