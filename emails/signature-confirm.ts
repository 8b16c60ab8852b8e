import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, htmlLayout, textFooter, type RenderedEmail } from "./layout";

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
${buttonHtml(e.confirmUrl, t("confirm.button"))}
<p>${escapeHtml(t("confirm.expiry"))}</p>
<p>${escapeHtml(t("confirm.notYou"))}</p>`,
  });
  return { subject, text, html };
}
