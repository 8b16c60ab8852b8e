import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PageHandle } from "../lib/page-scripts";
import { requireCampaignPage } from "../web/campaign-page.server";
import { embedPartner, type EmbedData } from "../web/embed.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const handle: PageHandle = { bare: true, frameAncestors: (d) => (d as EmbedData | undefined)?.frameAncestors ?? [] };

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.title} · Padauk` }] : []);

/** The signature counts: said inside the frame, with the way on to the campaign's own site. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { lang, campaign } = await requireCampaignPage(context, params);
  const partner = await embedPartner(context, campaign.id, new URL(request.url).searchParams.get("partner"));
  return {
    lang,
    slug: campaign.slug,
    title: campaign.content.title,
    titleLang: campaign.content.locale,
    count: campaign.signatureCount,
    ...partner,
  };
}

export default function EmbedThanks() {
  const { lang, slug, title, titleLang, count, partner } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const campaignUrl = `/${lang}/campaigns/${slug}${partner ? `?partner=${partner.slug}` : ""}`;
  return (
    <div className="embed-action">
      <h1>{t("thanks.title")}</h1>
      <p className="lead" lang={titleLang !== lang ? titleLang : undefined}>
        {title}
      </p>
      <p className="total" data-testid="total">
        {t("thanks.total", { count })}
      </p>
      <p>
        {/* The next steps live on the campaign's own site, opened beside the partner's page. */}
        <a className="button" href={campaignUrl} target="_blank" rel="noopener">
          {t("embed.openCampaign")}
        </a>
      </p>
    </div>
  );
}
