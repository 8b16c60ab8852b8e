import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgressBar } from "../components/campaign";
import { SignForm, type SignFormState } from "../components/sign-form";
import { countryOptions } from "../lib/countries.server";
import { POW_SCRIPT, type PageHandle } from "../lib/page-scripts";
import { requireCampaignPage } from "../web/campaign-page.server";
import { embedPartner, embedPath, type EmbedData } from "../web/embed.server";
import { PUBLIC_PAGE_CACHE } from "../web/http.server";
import { partnerParam, signAction } from "../web/sign-action.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/**
 * The action on a partner's page: no site around it, framed only by the origins that partner
 * listed, and the proof-of-work solver where the campaign asks for it, as on the campaign page.
 */
export const handle: PageHandle = {
  bare: true,
  frameAncestors: (d) => (d as EmbedData | undefined)?.frameAncestors ?? [],
  scripts: (d) => {
    const c = (d as { campaign?: { powRequired?: boolean; status?: string } } | undefined)?.campaign;
    return c?.powRequired && c.status === "open" ? [POW_SCRIPT] : [];
  },
};

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.campaign.title} · Padauk` }] : []);

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { lang, campaign } = await requireCampaignPage(context, params);
  const partner = await embedPartner(context, campaign.id, new URL(request.url).searchParams.get("partner"));
  const c = campaign.content;
  return data(
    {
      lang,
      ...partner,
      campaign: {
        slug: campaign.slug,
        status: campaign.status,
        goal: campaign.goal,
        signatureCount: campaign.signatureCount,
        powRequired: campaign.powRequired,
        title: c.title,
        demand: c.demand,
        locale: c.locale,
      },
      countries: countryOptions(lang),
    },
    // The same for every reader of that partner's page: the page cache keeps it like the campaign page.
    { headers: { "Cache-Control": PUBLIC_PAGE_CACHE } },
  );
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return signAction(context, params, request, ({ lang, campaign, form }) => embedPath(lang, campaign.slug, "signed", partnerParam(form.get("partner"))));
}

export default function EmbeddedAction() {
  const { lang, campaign, countries, partner } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as SignFormState | undefined;
  const { t } = useTranslation();
  const contentLang = campaign.locale !== lang ? campaign.locale : undefined;
  const open = campaign.status === "open";
  return (
    <div className="embed-action">
      <h1 lang={contentLang}>
        {/* The whole campaign opens beside the partner's page, never inside its frame. */}
        <a href={`/${lang}/campaigns/${campaign.slug}${partner ? `?partner=${partner.slug}` : ""}`} target="_blank" rel="noopener">
          {campaign.title}
        </a>
      </h1>
      <ProgressBar count={campaign.signatureCount} goal={campaign.goal} />
      <p className="demand-text" lang={contentLang}>
        {campaign.demand}
      </p>
      {open ? (
        <SignForm
          action={embedPath(lang, campaign.slug, null, partner?.slug ?? null)}
          state={state}
          countries={countries}
          partner={partner}
          powUrl={campaign.powRequired ? `/${lang}/campaigns/${campaign.slug}/challenge` : null}
        />
      ) : (
        <p className="notice closed" role="status">
          {t("campaign.closed")}
        </p>
      )}
    </div>
  );
}
