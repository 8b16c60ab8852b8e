import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CheckInbox } from "../components/check-inbox";
import { useTranslation } from "react-i18next";
import { requireCampaignPage } from "../services/campaign-page.server";
import { fixedT } from "../services/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

/** "Check your inbox": the same page whether the address is new, pending or already confirmed. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const { lang, campaign, languages } = await requireCampaignPage(context, params);
  return {
    lang,
    slug: campaign.slug,
    title: campaign.content.title,
    titleLang: campaign.content.locale,
    languages,
    pageTitle: fixedT(lang)("checkInbox.title"),
  };
}

export default function Signed() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return <CheckInbox {...d} heading={t("checkInbox.title")} body={t("checkInbox.body")} notArrived={t("checkInbox.notArrived")} />;
}
