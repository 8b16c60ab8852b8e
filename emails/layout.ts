import type { TFunction } from "i18next";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Text in another language than the mail's, marked with its own (HTML-escaped; `lang` undefined or the mail's: unmarked). */
export function inLang(text: string, lang: string | undefined, mailLang: string): string {
  return lang && lang !== mailLang ? `<span lang="${escapeHtml(lang)}">${escapeHtml(text)}</span>` : escapeHtml(text);
}

/**
 * A translated sentence, HTML-escaped, with some values inserted as HTML of their own (a title
 * marked with its language): `translate` gets a marker in place of each and returns the sentence.
 */
export function htmlWith(translate: (marks: Record<string, string>) => string, parts: Record<string, string>): string {
  const names = Object.keys(parts);
  const text = translate(Object.fromEntries(names.map((n, i) => [n, `\uE000${i}\uE001`])));
  return text
    .split(/\uE000(\d+)\uE001/)
    .map((piece, i) => (i % 2 ? parts[names[Number(piece)]] : escapeHtml(piece)))
    .join("");
}

/**
 * The Myanmar fonts mail clients have. "Padauk" (SIL's Myanmar font) is also the product's name,
 * so a neutral mail, which names nothing, leaves it out.
 */
function fontStack(lang: string, neutral: boolean): string {
  if (neutral) return lang === "my" ? "'Noto Sans Myanmar','Myanmar Text',system-ui,sans-serif" : "system-ui,sans-serif";
  return "'Noto Sans Myanmar','Myanmar Text','Padauk',system-ui,sans-serif";
}

/**
 * Plain, self-contained HTML: no images, no remote fonts, no tracking pixels, links that go
 * straight to their target. Burmese readers get a font stack that names the Myanmar fonts mail
 * clients have; a neutral mail in another language names none, as it names nothing else.
 */
export function htmlLayout(opts: { lang: string; dir: string; title: string; bodyHtml: string; t: TFunction; neutral?: boolean; footer?: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(opts.lang)}" dir="${escapeHtml(opts.dir)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(opts.title)}</title></head>
<body style="margin:0;padding:24px;background:#f6f4ef;font-family:${fontStack(opts.lang, !!opts.neutral)};line-height:1.7;color:#1d1d1b">
<div style="max-width:560px;margin:0 auto;background:#fff;padding:24px;border-radius:8px">
${opts.neutral ? "" : `<p style="margin:0 0 16px;font-weight:bold;color:#8a4b08">Padauk</p>`}
${opts.bodyHtml}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0">
<p style="font-size:13px;color:#555">${escapeHtml(opts.footer ?? opts.t(opts.neutral ? "neutral.footer" : "footer"))}</p>
</div>
</body>
</html>`;
}

/** The plain-text footer: why this mail came (the signer's, the neutral one, or the caller's own). */
export function textFooter(t: TFunction, neutral = false, footer = t(neutral ? "neutral.footer" : "footer")): string {
  return `\n-- \n${footer}\n`;
}

/** The one call to action of a mail: a plain link styled as a button, and the address in full beneath it. */
export function buttonHtml(url: string, label: string): string {
  return `<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#8a4b08;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold">${escapeHtml(label)}</a></p>
<p style="font-size:13px;word-break:break-all"><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
}

/** A confirmation code in HTML: large, spaced and monospaced, so it is read and typed right. */
export function codeHtml(label: string, code: string): string {
  return `<p>${escapeHtml(label)}</p>
<p style="font-size:24px;font-weight:bold;letter-spacing:3px;font-family:monospace">${escapeHtml(code)}</p>`;
}
