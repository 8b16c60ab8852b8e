import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CheckInbox } from "../components/check-inbox";
import { useTranslation } from "react-i18next";
import { requireCampaignPage } from "../web/campaign-page.server";
import { fixedT } from "../lib/i18n.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

/** "Check your inbox" for a letter: the same page for every address. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const { lang, campaign, languages } = await requireCampaignPage(context, params);
  return {
    lang,
    languages,
    slug: campaign.slug,
    title: campaign.content.title,
    titleLang: campaign.content.locale,
    pageTitle: fixedT(lang)("messageSent.title"),
  };
}

export default function LetterSent() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return <CheckInbox {...d} heading={t("messageSent.title")} body={t("messageSent.body")} notArrived={t("messageSent.notArrived")} />;
}
