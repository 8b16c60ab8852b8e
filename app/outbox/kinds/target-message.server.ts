import { letterToSend } from "../../models/letter-delivery.server";
import { findPublicCampaign } from "../../models/campaign.server";
import { fixedT } from "../../lib/i18n.server";
import { countryName, isSupportedLanguage } from "../../lib/i18n";
import { renderTargetMessage } from "../../../emails/target-message";
import type { OutboxPayload } from "../../models/outbox.server";
import { Unsendable, language, type KindContext, type RenderedMail } from "./context.server";

/** A supporter's letter to one official, read from `messages` at sending. */
export async function targetMessageMail(ctx: KindContext, payload: OutboxPayload<"target-message">): Promise<RenderedMail> {
  const { db, crypto, publicUrl } = ctx;
  const letter = await letterToSend(db, crypto, payload.messageId, payload.targetId);
  if (!letter) throw new Unsendable("letter erased or missing");
  // Greeting, sign-off and the writer's country are in the language the letter is written in
  // (English when Padauk does not speak it), which is not always the page's language.
  const lang = language(letter.letterLocale);
  // The footer speaks the official's first language that Padauk speaks, else English, and
  // names the campaign in that language where it has a translation, else in its default.
  const footerLang = language(letter.target.languages.find((l) => isSupportedLanguage(l)));
  const campaign = await findPublicCampaign(db, letter.campaign.slug, footerLang);
  const title = campaign?.content.title ?? letter.campaign.slug;
  const place = [letter.supporterArea, countryName(letter.supporterCountry, lang)].filter(Boolean).join(", ");
  const rendered = renderTargetMessage({
    t: fixedT(lang, "email"),
    tFooter: fixedT(footerLang, "email"),
    target: letter.target,
    subject: letter.subject,
    body: letter.body,
    supporterName: letter.supporterName,
    supporterPlace: place,
    campaignTitle: title,
    campaignUrl: `${publicUrl}/${footerLang}/campaigns/${letter.campaign.slug}`,
  });
  return { to: letter.to, replyTo: letter.replyTo, lang, subject: rendered.subject, text: rendered.text };
}
