import { findPublicCampaign } from "../../models/campaign.server";
import { pendingLetterText } from "../../models/letter-text.server";
import { fixedT } from "../../lib/i18n.server";
import { textDirection } from "../../lib/i18n";
import { renderMessageConfirm } from "../../../emails/message-confirm";
import type { OutboxPayload } from "../../models/outbox.server";
import { language, type KindContext, type RenderedMail } from "./context.server";

/** The mail that asks a supporter to confirm their letter before it goes to the officials. */
export async function messageConfirmMail(ctx: KindContext, payload: OutboxPayload<"message-confirm">): Promise<RenderedMail> {
  const { db, crypto, publicUrl } = ctx;
  const lang = language(payload.lang);
  // The title as readers of `lang` now see it, with the language it is in (the payload
  // holds the title only); like the letters themselves below.
  const content = (await findPublicCampaign(db, payload.slug, lang))?.content;
  return {
    to: payload.to,
    lang,
    ...renderMessageConfirm({
      t: fixedT(lang, "email"),
      lang,
      dir: textDirection(lang),
      name: payload.name,
      title: content?.title ?? payload.title,
      titleLang: content?.locale,
      targets: payload.targets,
      letter: (await pendingLetterText(db, crypto, payload.token)) ?? undefined,
      confirmUrl: `${publicUrl}/${lang}/messages/confirm/${payload.token}`,
      code: payload.code,
    }),
  };
}
