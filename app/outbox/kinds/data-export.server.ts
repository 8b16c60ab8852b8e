import { findPublicCampaign } from "../../models/campaign.server";
import { signerData } from "../../models/data-export.server";
import { renderDataExport } from "../../../emails/data-export";
import { fixedT } from "../../lib/i18n.server";
import { countryName, formatNumber, languageIn, textDirection } from "../../lib/i18n";
import type { OutboxPayload } from "../../models/outbox.server";
import { language, type KindContext, type RenderedMail } from "./context.server";
import { consentHolders, partnerOnlyUrl } from "./consent.server";

/** Everything Padauk holds about an address, read at sending and mailed to that address only. */
export async function dataExportMail(ctx: KindContext, payload: OutboxPayload<"data-export">): Promise<RenderedMail> {
  const { db, crypto, retentionDays, withdrawUrl } = ctx;
  const lang = language(payload.lang);
  const t = fixedT(lang, "email");
  const held = await signerData(db, crypto, payload.to);
  const yesNo = (v: boolean) => t(v ? "export.yes" : "export.no");
  const when = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—");
  const titles = new Map<string, { text: string; lang: string }>();
  for (const slug of new Set([...held.signatures, ...held.letters].map((x) => x.campaignSlug))) {
    const c = (await findPublicCampaign(db, slug, lang))?.content;
    titles.set(slug, c ? { text: c.title, lang: c.locale } : { text: slug, lang });
  }
  const common = fixedT(lang);
  return {
    to: payload.to,
    lang,
    ...renderDataExport({
      t,
      lang,
      dir: textDirection(lang),
      retentionDays,
      signatures: held.signatures.map((s) => ({
        heading: titles.get(s.campaignSlug)!.text,
        headingLang: titles.get(s.campaignSlug)!.lang,
        fields: [
          [t("export.status"), t(`export.state.${s.status}`)],
          [t("export.name"), s.name],
          [t("export.country"), countryName(s.country, lang)],
          [t("export.language"), languageIn(common, s.locale, "label")],
          [t("export.news"), yesNo(s.consentUpdates)],
          [t("export.nameShown"), yesNo(s.showName)],
          [t("export.source"), s.source ?? "—"],
          [t("export.partner"), s.partnerName ?? "—"],
          [t("export.partnerConsent"), s.partnerName === null ? "—" : yesNo(s.partnerConsent)],
          [t("export.signedAt"), when(s.createdAt)],
          [t("export.confirmedAt"), when(s.confirmedAt)],
        ],
        withdrawUrl: withdrawUrl(lang, s.signatureId),
        consent: consentHolders(
          { pending: s.status === "pending", campaignNews: s.consentUpdates, partnerName: s.partnerName, partnerConsent: s.partnerConsent },
          titles.get(s.campaignSlug)!.text,
          titles.get(s.campaignSlug)!.lang,
          partnerOnlyUrl(ctx, lang, s.signatureId),
        ),
      })),
      letters: held.letters.map((m) => ({
        heading: titles.get(m.campaignSlug)!.text,
        headingLang: titles.get(m.campaignSlug)!.lang,
        fields: [
          [t("export.status"), t(`export.letterState.${m.erased ? "erased" : m.status}`)],
          [t("export.name"), m.name ?? "—"],
          [t("export.area"), m.area ?? "—"],
          [t("export.officials"), formatNumber(m.targets, lang)],
          [t("export.subjectLine"), m.subject ?? "—"],
          [t("export.letter"), m.body ?? "—"],
          [t("export.writtenAt"), when(m.createdAt)],
        ],
      })),
    }),
  };
}
