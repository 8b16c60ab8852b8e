import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, htmlLayout, htmlWith, inLang, textFooter, type RenderedEmail } from "./layout";

export interface MessageConfirmEmail {
  t: TFunction;
  lang: string;
  dir: string;
  name: string;
  title: string;
  /** The language of `title`, when not the mail's (the writer's translation is incomplete). */
  titleLang?: string;
  targets: string[];
  confirmUrl: string;
}

/** Nothing goes to the officials until the supporter follows this link. */
export function renderMessageConfirm(e: MessageConfirmEmail): RenderedEmail {
  const { t } = e;
  const subject = t("messageConfirm.subject", { title: e.title });
  const list = e.targets.map((n) => `- ${n}`).join("\n");
  const text = [
    t("confirm.greeting", { name: e.name }),
    "",
    t("messageConfirm.intro", { title: e.title, count: e.targets.length }),
    list,
    "",
    t("messageConfirm.action"),
    e.confirmUrl,
    "",
    t("confirm.expiry"),
    t("messageConfirm.notYou"),
    textFooter(t),
  ].join("\n");
  const html = htmlLayout({
    lang: e.lang,
    dir: e.dir,
    title: subject,
    t,
    bodyHtml: `<p>${escapeHtml(t("confirm.greeting", { name: e.name }))}</p>
<p>${htmlWith((m) => t("messageConfirm.intro", { title: m.title, count: e.targets.length }), { title: inLang(e.title, e.titleLang, e.lang) })}</p>
<ul>${e.targets.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>
<p>${escapeHtml(t("messageConfirm.action"))}</p>
${buttonHtml(e.confirmUrl, t("messageConfirm.button"))}
<p>${escapeHtml(t("confirm.expiry"))}</p>
<p>${escapeHtml(t("messageConfirm.notYou"))}</p>`,
  });
  return { subject, text, html };
}
