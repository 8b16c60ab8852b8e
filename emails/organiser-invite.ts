import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, htmlLayout, textFooter, type RenderedEmail } from "./layout";

export interface OrganiserInviteEmail {
  t: TFunction;
  lang: string;
  dir: string;
  /** "admin", "organiser" or "partner", as the invitation gives it. */
  role: string;
  /** For a partner's account: the partner's name and the campaign it joined. */
  partner?: { name: string; campaign: string };
  setPasswordUrl: string;
  /** How long the link works. */
  hours: number;
}

/** An administrator invited this address to organise campaigns: the one link to choose a password. */
export function renderOrganiserInvite(e: OrganiserInviteEmail): RenderedEmail {
  const { t } = e;
  const role = t(`invite.role.${e.role === "admin" ? "admin" : "organiser"}`);
  // A partner's account opens one partner view, not the organisers' dashboard: said as such.
  const subject = e.partner ? t("invite.subjectPartner", { partner: e.partner.name }) : t("invite.subject");
  const body = e.partner ? t("invite.bodyPartner", { partner: e.partner.name, campaign: e.partner.campaign }) : t("invite.body", { role });
  const text = [
    body,
    "",
    t("invite.cta"),
    e.setPasswordUrl,
    "",
    t("invite.expiry", { count: e.hours }),
    t("invite.ignore"),
    textFooter(t, false, t("invite.footer")),
  ].join("\n");
  const html = htmlLayout({
    lang: e.lang,
    dir: e.dir,
    title: subject,
    t,
    footer: t("invite.footer"),
    bodyHtml: `<p>${escapeHtml(body)}</p>
${buttonHtml(e.setPasswordUrl, t("invite.cta"))}
<p>${escapeHtml(t("invite.expiry", { count: e.hours }))} ${escapeHtml(t("invite.ignore"))}</p>`,
  });
  return { subject, text, html };
}
