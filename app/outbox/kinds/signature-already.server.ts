import { fixedT } from "../../lib/i18n.server";
import { textDirection } from "../../lib/i18n";
import { renderSignatureAlready } from "../../../emails/signature-already";
import type { OutboxPayload } from "../../models/outbox.server";
import { language, type KindContext, type RenderedMail } from "./context.server";
import { loadConsentHolders } from "./consent.server";

/** The mail to an address that signed before: no new link, the campaign and a way to withdraw. */
export async function signatureAlreadyMail(ctx: KindContext, payload: OutboxPayload<"signature-already">): Promise<RenderedMail> {
  const { publicUrl, withdrawUrl } = ctx;
  const lang = language(payload.lang);
  const t = fixedT(lang, "email");
  // A neutral mail names no campaign and no partner, so it is not even read (decision 073).
  const consent = payload.neutral ? undefined : await loadConsentHolders(ctx, lang, payload.signatureId, payload.title, payload.titleLang);
  return {
    to: payload.to,
    lang,
    fromName: payload.neutral ? t("neutral.fromName") : undefined,
    ...renderSignatureAlready({
      t,
      lang,
      dir: textDirection(lang),
      title: payload.title,
      titleLang: payload.titleLang,
      campaignUrl: `${publicUrl}/${lang}/campaigns/${payload.slug}`,
      withdrawUrl: withdrawUrl(lang, payload.signatureId),
      neutral: payload.neutral,
      consent,
    }),
  };
}
