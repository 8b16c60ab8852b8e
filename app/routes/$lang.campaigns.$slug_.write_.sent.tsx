import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCampaignPage } from "../services/campaign-page.server";
import { fixedT } from "../services/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

/** "Check your inbox" for a letter: the same page for every address. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const { lang, campaign, languages } = await requireCampaignPage(context, params);
  return { lang, languages, slug: campaign.slug, title: campaign.content.title, titleLang: campaign.content.locale, pageTitle: fixedT(lang)("messageSent.title") };
}

export default function LetterSent() {
  const { lang, slug, title, titleLang } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("messageSent.title")}</h1>
      <p className="lead">{t("messageSent.body")}</p>
      <p>{t("messageSent.notArrived")}</p>
      <p>
        <Link to={`/${lang}/campaigns/${slug}`}>
          {t("checkInbox.backToCampaign")}: <span lang={titleLang !== lang ? titleLang : undefined}>{title}</span>
        </Link>
      </p>
    </div>
  );
}
