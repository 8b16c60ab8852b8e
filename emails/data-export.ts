import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, inLang, textFooter, type RenderedEmail } from "./layout";
import { consentHoldersHtml, consentHoldersText, type ConsentHolders } from "./consent-holders";

export interface ExportItem {
  /** The item's heading: the campaign's title, and its language when not the mail's. */
  heading: string;
  headingLang?: string;
  /** Label → value, in the reader's language. */
  fields: [string, string][];
  withdrawUrl?: string;
  /** For a signature: who may email the signer about that campaign. */
  consent?: ConsentHolders;
}

export interface DataExportEmail {
  t: TFunction;
  lang: string;
  dir: string;
  signatures: ExportItem[];
  letters: ExportItem[];
  /** MESSAGE_RETENTION_DAYS, for the sentence that says how long letters are kept. */
  retentionDays: number;
}

/**
 * The answer to "what do you hold about me?", sent only to the address itself: everything stored
 * against it, decrypted, with a link to withdraw each signature.
 */
export function renderDataExport(e: DataExportEmail): RenderedEmail {
  const { t } = e;
  const subject = t("export.subject");
  const section = (title: string, items: ExportItem[]) => [
    `== ${title} ==`,
    ...(items.length === 0
      ? [t("export.none"), ""]
      : items.flatMap((i) => [
          i.heading,
          ...i.fields.map(([k, v]) => `  ${t("export.field", { label: k, value: v })}`),
          ...(i.consent
            ? consentHoldersText(t, i.consent)
                .split("\n")
                .map((l) => `  ${l}`)
            : []),
          ...(i.withdrawUrl ? [`  ${t("export.field", { label: t("withdraw.link"), value: i.withdrawUrl })}`] : []),
          "",
        ])),
  ];
  const text = [
    t("export.intro"),
    "",
    ...section(t("export.signatures"), e.signatures),
    ...section(t("export.letters"), e.letters),
    t("export.keep", { count: e.retentionDays }),
    textFooter(t),
  ].join("\n");
  const sectionHtml = (title: string, items: ExportItem[]) =>
    `<h2 style="font-size:18px">${escapeHtml(title)}</h2>` +
    (items.length === 0
      ? `<p>${escapeHtml(t("export.none"))}</p>`
      : items
          .map(
            (i) => `<h3 style="font-size:16px">${inLang(i.heading, i.headingLang, e.lang)}</h3>
<table style="border-collapse:collapse;font-size:14px">${i.fields.map(([k, v]) => `<tr><th style="text-align:start;padding:2px 8px 2px 0;vertical-align:top">${escapeHtml(k)}</th><td style="white-space:pre-wrap">${escapeHtml(v)}</td></tr>`).join("")}</table>
${i.consent ? consentHoldersHtml(t, i.consent, e.lang) : ""}
${i.withdrawUrl ? `<p style="font-size:13px"><a href="${escapeHtml(i.withdrawUrl)}">${escapeHtml(t("withdraw.link"))}</a></p>` : ""}`,
          )
          .join("\n"));
  const html = htmlLayout({
    lang: e.lang,
    dir: e.dir,
    title: subject,
    t,
    bodyHtml: `<p>${escapeHtml(t("export.intro"))}</p>
${sectionHtml(t("export.signatures"), e.signatures)}
${sectionHtml(t("export.letters"), e.letters)}
<p>${escapeHtml(t("export.keep", { count: e.retentionDays }))}</p>`,
  });
  return { subject, text, html };
}
