import type { TFunction } from "i18next";
import { buttonHtml, codeHtml, escapeHtml, htmlLayout, htmlWith, inLang, textFooter, type RenderedEmail } from "./layout";

export interface MessageConfirmEmail {
  t: TFunction;
  lang: string;
  dir: string;
  name: string;
  title: string;
  /** The language of `title`, when not the mail's (the writer's translation is incomplete). */
  titleLang?: string;
  targets: string[];
  /** The letter as written, quoted so the writer confirms what they read; absent once erased. */
  letter?: { subject: string; body: string };
  confirmUrl: string;
  /** The code the writer may type on the page instead of following the link. */
  code?: string;
}

/** The letter in the plain-text part: its subject, then its lines quoted as mail quotes them. */
function quotedText(letter: { subject: string; body: string }): string[] {
  return [letter.subject, ...letter.body.split(/\r?\n/).map((line) => (line ? `> ${line}` : ">"))];
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
    ...(e.letter ? [t("messageConfirm.letter"), "", ...quotedText(e.letter), ""] : []),
    t("messageConfirm.action"),
    e.confirmUrl,
    "",
    ...(e.code ? [t("messageConfirm.code"), e.code, ""] : []),
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
${
  e.letter
    ? `<p>${escapeHtml(t("messageConfirm.letter"))}</p>
<blockquote style="margin:0 0 1em;padding:0 0 0 1em;border-left:3px solid #ccc"><p><strong>${escapeHtml(e.letter.subject)}</strong></p>${e.letter.body
        .split(/\r?\n\r?\n/)
        .map((para) => `<p>${escapeHtml(para).replace(/\r?\n/g, "<br>")}</p>`)
        .join("")}</blockquote>`
    : ""
}
<p>${escapeHtml(t("messageConfirm.action"))}</p>
${buttonHtml(e.confirmUrl, t("messageConfirm.button"))}
${e.code ? codeHtml(t("messageConfirm.code"), e.code) : ""}
<p>${escapeHtml(t("confirm.expiry"))}</p>
<p>${escapeHtml(t("messageConfirm.notYou"))}</p>`,
  });
  return { subject, text, html };
}
