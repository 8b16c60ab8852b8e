import { signatureIdForToken } from "../../models/signature-codes.server";
import { fixedT } from "../../lib/i18n.server";
import { textDirection } from "../../lib/i18n";
import { renderSignatureConfirm } from "../../../emails/signature-confirm";
import type { OutboxPayload } from "../../models/outbox.server";
import { Unsendable, language, type KindContext, type RenderedMail } from "./context.server";
import { loadConsentHolders } from "./consent.server";

/** The mail that asks a new signer to confirm: a link and a code to type, and a way to withdraw. */
export async function signatureConfirmMail(ctx: KindContext, payload: OutboxPayload<"signature-confirm">): Promise<RenderedMail> {
  const { db, publicUrl, withdrawUrl } = ctx;
  // The signature is found by its link (it is written in the same statement as this row);
  // when the link is gone the signature was withdrawn, and no mail should ask to confirm it.
  const signatureId = payload.signatureId ?? (await signatureIdForToken(db, payload.token));
  if (!signatureId) throw new Unsendable("signature withdrawn before its confirmation mail went");
  const lang = language(payload.lang);
  const t = fixedT(lang, "email");
  // A neutral mail names no campaign and no partner, so it is not even read (decision 073).
  const consent = payload.neutral ? undefined : await loadConsentHolders(ctx, lang, signatureId, payload.title, payload.titleLang);
  return {
    to: payload.to,
    lang,
    fromName: payload.neutral ? t("neutral.fromName") : undefined,
    ...renderSignatureConfirm({
      t,
      lang,
      dir: textDirection(lang),
      name: payload.name,
      title: payload.title,
      titleLang: payload.titleLang,
      confirmUrl: `${publicUrl}/${lang}/confirm/${payload.token}`,
      code: payload.code,
      withdrawUrl: withdrawUrl(lang, signatureId),
      neutral: payload.neutral,
      consent,
    }),
  };
}
