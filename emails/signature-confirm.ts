import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, textFooter, type RenderedEmail } from "./layout";

export interface SignatureConfirmEmail {
  t: TFunction;
  lang: string;
  dir: string;
  name: string;
  title: string;
  confirmUrl: string;
}

export function renderSignatureConfirm(e: SignatureConfirmEmail): RenderedEmail {
  const { t } = e;
  const subject = t("confirm.subject", { title: e.title });
  const text = [
    t("confirm.greeting", { name: e.name }),
    "",
    t("confirm.intro", { title: e.title }),
    "",
    e.confirmUrl,
    "",
    t("confirm.expiry"),
    t("confirm.notYou"),
    textFooter(t),
  ].join("\n");
  const html = htmlLayout({
    lang: e.lang,
    dir: e.dir,
    title: subject,
    t,
    bodyHtml: `<p>${escapeHtml(t("confirm.greeting", { name: e.name }))}</p>
<p>${escapeHtml(t("confirm.intro", { title: e.title }))}</p>
<p><a href="${escapeHtml(e.confirmUrl)}" style="display:inline-block;background:#8a4b08;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold">${escapeHtml(t("confirm.button"))}</a></p>
<p style="font-size:13px;word-break:break-all"><a href="${escapeHtml(e.confirmUrl)}">${escapeHtml(e.confirmUrl)}</a></p>
<p>${escapeHtml(t("confirm.expiry"))}</p>
<p>${escapeHtml(t("confirm.notYou"))}</p>`,
  });
  return { subject, text, html };
}
