import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, htmlLayout, textFooter, type RenderedEmail } from "./layout";

export interface OrganiserInviteEmail {
  t: TFunction;
  lang: string;
  dir: string;
  /** "admin" or "organiser", as the invitation gives it. */
  role: string;
  setPasswordUrl: string;
  /** How long the link works. */
  hours: number;
}

/** An administrator invited this address to organise campaigns: the one link to choose a password. */
export function renderOrganiserInvite(e: OrganiserInviteEmail): RenderedEmail {
  const { t } = e;
  const role = t(`invite.role.${e.role === "admin" ? "admin" : "organiser"}`);
  const subject = t("invite.subject");
  const text = [
    t("invite.body", { role }),
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
    bodyHtml: `<p>${escapeHtml(t("invite.body", { role }))}</p>
${buttonHtml(e.setPasswordUrl, t("invite.cta"))}
<p>${escapeHtml(t("invite.expiry", { count: e.hours }))} ${escapeHtml(t("invite.ignore"))}</p>`,
  });
  return { subject, text, html };
}
