import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { findPartner } from "../models/partner.server";
import { requireCampaignPage } from "../web/campaign-page.server";
import { PUBLIC_PAGE_CACHE } from "../web/http.server";
import { routeHeaders } from "../web/headers";
import { isPartnerAddress } from "../lib/campaign-address";
import { formatNumber } from "../lib/i18n";
import { fixedT } from "../lib/i18n.server";
import { qrSvg } from "../lib/qr.server";
import type { PageHandle } from "../lib/page-scripts";

export const headers = routeHeaders;

/** A sheet to print: HTML and CSS only, like every public page. */
export const handle: PageHandle = {};

/** Lines for signers on one A4 sheet, with the heading, the demand and the QR code above them. */
export const SHEET_ROWS = 15;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.pageTitle }, { name: "robots", content: "noindex" }] : []);

/**
 * The printable petition sheet: the campaign's title, demand and address (with its QR code and
 * the onion address), ruled lines for names, countries and signatures, and a line for who
 * collected it and where. `?partner=<slug>` puts a live partner of the campaign in the QR code's
 * link, so the people it reaches online are attributed to it, and its name on the sheet when the
 * partner is listed on the campaign's pages.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { lang, campaign, languages, preview } = await requireCampaignPage(context, params, request);
  const asked = new URL(request.url).searchParams.get("partner")?.slice(0, 80) ?? "";
  // An unknown or disabled partner (an old link) still gets a sheet: the campaign's own.
  const partner = asked && isPartnerAddress(asked) ? await findPartner(context.db, campaign.id, asked) : undefined;
  const path = `/${lang}/campaigns/${campaign.slug}${partner ? `?partner=${encodeURIComponent(partner.slug)}` : ""}`;
  const url = context.config.publicUrl + path;
  const c = campaign.content;
  const t = fixedT(lang);
  return data(
    {
      lang,
      languages,
      pageTitle: t("sheet.pageTitle", { title: c.title }),
      campaign: { title: c.title, demand: c.demand, addressedTo: c.addressedTo, locale: c.locale },
      // Only a partner that chose to be named on the campaign's pages is named on its sheet: an
      // unlisted one (a group that must not be seen with the campaign) still gets its link.
      partner: partner?.listed ? partner.name : null,
      url,
      onion: context.config.onionUrl ? context.config.onionUrl + path : null,
      qr: await qrSvg(url),
      // Row numbers in the reader's digits (Burmese ones on a Burmese sheet).
      rows: Array.from({ length: SHEET_ROWS }, (_, i) => formatNumber(i + 1, lang)),
    },
    { headers: { "Cache-Control": preview ? "private, no-store" : PUBLIC_PAGE_CACHE } },
  );
}

/**
 * Print rules live with the sheet: A4 with its margins, the site's header, footer and the hint
 * to print left off the paper, black on white, and lines tall enough for Burmese handwriting.
 */
const SHEET_CSS = `
@page { size: A4; margin: 12mm 14mm; }
.sheet { max-width: 182mm; margin: 0 auto; color: #000; }
.sheet-head { display: flex; gap: 6mm; justify-content: space-between; align-items: flex-start; }
.sheet-kicker { margin: 0; text-transform: uppercase; letter-spacing: 0.05em; font-size: 0.8rem; }
.sheet h1 { margin: 0 0 1mm; font-size: 1.35rem; line-height: 1.3; }
.sheet h2 { margin: 2mm 0 0; font-size: 0.95rem; }
.sheet p { margin: 0 0 1.5mm; }
.sheet .demand-text { font-size: 1rem; }
.sheet-qr { flex: 0 0 30mm; width: 30mm; height: 30mm; }
.sheet-qr svg { display: block; width: 100%; height: 100%; }
.sheet-address a { color: inherit; word-break: break-all; }
.sheet-rows { width: 100%; border-collapse: collapse; margin: 2mm 0; table-layout: fixed; }
.sheet-rows th, .sheet-rows td { border: 0.3mm solid #000; padding: 0 2mm; text-align: start; line-height: 1.2; }
.sheet-rows th { font-size: 0.85rem; height: 7mm; }
.sheet-rows td { height: 9mm; font-size: 0.85rem; }
.sheet-rows .sheet-no { width: 11mm; }
.sheet-rows .sheet-country { width: 38mm; }
.sheet-rows .sheet-signature { width: 42mm; }
.sheet-collected { display: grid; grid-template-columns: auto 1fr; gap: 2mm; margin: 3mm 0 2mm; }
.sheet-collected span.sheet-blank { border-bottom: 0.3mm solid #000; min-height: 7mm; }
.sheet-note { font-size: 0.75rem; line-height: 1.4; }
@media print {
  html { font-size: 10.5pt; }
  .site-header, .site-footer, .skip-link, .sheet-screen { display: none !important; }
  html, body, main { background: #fff !important; margin: 0 !important; padding: 0 !important; max-width: none !important; }
  .sheet { max-width: none; }
  .sheet-rows tr, .sheet-collected { break-inside: avoid; }
}
`;

export default function PetitionSheet() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const contentLang = d.campaign.locale !== d.lang ? d.campaign.locale : undefined;
  return (
    <div className="sheet">
      <style dangerouslySetInnerHTML={{ __html: SHEET_CSS }} />
      <p className="sheet-screen notice">{t("sheet.printHint")}</p>
      <header className="sheet-head">
        <div>
          <p className="sheet-kicker">{t("sheet.kicker")}</p>
          <h1 lang={contentLang}>{d.campaign.title}</h1>
          {d.partner ? <p data-testid="sheet-partner">{t("sheet.withPartner", { partner: d.partner })}</p> : null}
        </div>
        {/* Drawn by the server from the campaign's address: no script, no image fetched. */}
        <div className="sheet-qr" role="img" aria-label={t("sheet.qr")} dangerouslySetInnerHTML={{ __html: d.qr }} />
      </header>
      <section aria-labelledby="sheet-demand">
        <h2 id="sheet-demand">{t("campaign.demand")}</h2>
        <p className="demand-text" lang={contentLang}>
          {d.campaign.demand}
        </p>
        <p>
          <strong>{t("campaign.addressedTo")}</strong> <span lang={contentLang}>{d.campaign.addressedTo}</span>
        </p>
      </section>
      <p>{t("sheet.intro")}</p>
      <p className="sheet-address">
        {t("sheet.online")} <a href={d.url}>{d.url}</a>
      </p>
      {d.onion ? (
        <p className="sheet-address" data-testid="sheet-onion">
          {t("sheet.onion")} <a href={d.onion}>{d.onion}</a>
        </p>
      ) : null}
      <table className="sheet-rows">
        <thead>
          <tr>
            <th scope="col" className="sheet-no">
              {t("sheet.number")}
            </th>
            <th scope="col">{t("sheet.name")}</th>
            <th scope="col" className="sheet-country">
              {t("sheet.country")}
            </th>
            <th scope="col" className="sheet-signature">
              {t("sheet.signature")}
            </th>
          </tr>
        </thead>
        <tbody>
          {d.rows.map((n) => (
            <tr key={n}>
              <td>{n}</td>
              <td />
              <td />
              <td />
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sheet-collected">
        <span>{t("sheet.collectedBy")}</span>
        <span className="sheet-blank" />
        <span>{t("sheet.collectedWhere")}</span>
        <span className="sheet-blank" />
      </div>
      <p className="sheet-note">
        {t("sheet.privacy")} {t("sheet.keepSafe")}
      </p>
    </div>
  );
}
