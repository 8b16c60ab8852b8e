import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listPublicCampaigns } from "../models/campaign.server";
import { PUBLIC_PAGE_CACHE, requireLanguage } from "../web/http.server";
import { fixedT } from "../lib/i18n.server";
import { ProgressBar } from "../components/campaign";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Padauk" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const lang = requireLanguage(params);
  const t = fixedT(lang);
  const campaigns = await listPublicCampaigns(context.db, lang);
  // Only what the cards show: the page must stay small on a slow connection.
  return data(
    {
      lang,
      pageTitle: `${t("home.title")} · ${t("site.name")}`,
      campaigns: campaigns.map((c) => ({
        slug: c.slug,
        status: c.status,
        goal: c.goal,
        signatureCount: c.signatureCount,
        content: { title: c.content.title, summary: c.content.summary, locale: c.content.locale },
      })),
    },
    { headers: { "Cache-Control": PUBLIC_PAGE_CACHE } },
  );
}

export default function Home() {
  const { lang, campaigns } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <section className="intro">
        <h1>{t("site.tagline")}</h1>
        <p>{t("home.intro")}</p>
      </section>
      <h2 className="visually-hidden">{t("home.title")}</h2>
      {campaigns.length === 0 ? <p>{t("home.empty")}</p> : null}
      <ul className="campaign-list">
        {campaigns.map((c) => (
          <li key={c.slug} className="campaign-card">
            <article lang={c.content.locale !== lang ? c.content.locale : undefined}>
              <h3 id={`title-${c.slug}`}>
                <Link to={`/${lang}/campaigns/${c.slug}`}>{c.content.title}</Link>
              </h3>
              <p>{c.content.summary}</p>
            </article>
            {c.status === "closed" ? <p className="badge">{t("campaign.closed")}</p> : null}
            <ProgressBar count={c.signatureCount} goal={c.goal} />
            <p>
              {/* Named by its own text and the card's title, each read in its own language. */}
              <Link className="button secondary" to={`/${lang}/campaigns/${c.slug}`} id={`read-${c.slug}`} aria-labelledby={`read-${c.slug} title-${c.slug}`}>
                {t("home.readAndSign")}
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
