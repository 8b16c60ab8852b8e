import { renderOrganiserInvite } from "../../../emails/organiser-invite";
import { SET_PASSWORD_TTL_MS } from "../../models/organiser.server";
import { fixedT } from "../../lib/i18n.server";
import { textDirection } from "../../lib/i18n";
import type { OutboxPayload } from "../../models/outbox.server";
import { language, type KindContext, type RenderedMail } from "./context.server";

/** An administrator invited this address to organise: the set-password link. */
export async function organiserInviteMail(ctx: KindContext, payload: OutboxPayload<"organiser-invite">): Promise<RenderedMail> {
  const { publicUrl } = ctx;
  const lang = language(payload.lang);
  return {
    to: payload.to,
    lang,
    ...renderOrganiserInvite({
      t: fixedT(lang, "email"),
      lang,
      dir: textDirection(lang),
      role: payload.role,
      partner: payload.partner,
      setPasswordUrl: `${publicUrl}/set-password/${payload.token}`,
      hours: SET_PASSWORD_TTL_MS / 3_600_000,
    }),
  };
}
