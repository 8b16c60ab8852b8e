import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { campaignStepPage } from "../web/campaign-page.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { campaign, heading } = await campaignStepPage(context, params, "thanks.title");
  return {
    ...heading,
    count: campaign.signatureCount,
    canWrite: campaign.targetListId !== null && campaign.status === "open",
    campaignUrl: `${context.config.publicUrl}/${heading.lang}/campaigns/${campaign.slug}`,
  };
}

/** Share targets are plain links: nothing loads from these hosts unless the signer clicks. */
function shareLinks(url: string, text: string, emailLabel: string) {
  const u = encodeURIComponent(url);
  const tx = encodeURIComponent(text);
  return [
    { label: emailLabel, href: `mailto:?subject=${tx}&body=${encodeURIComponent(`${text}\n${url}`)}` },
    { label: "Telegram", href: `https://t.me/share/url?url=${u}&text=${tx}` },
    { label: "WhatsApp", href: `https://wa.me/?text=${encodeURIComponent(`${text} ${url}`)}` },
    // Viber and LINE are where many in Myanmar and Thailand talk; both open the app on a phone.
    { label: "Viber", href: `viber://forward?text=${encodeURIComponent(`${text} ${url}`)}` },
    { label: "LINE", href: `https://line.me/R/share?text=${encodeURIComponent(`${text} ${url}`)}` },
    { label: "Facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { label: "X", href: `https://x.com/intent/post?url=${u}&text=${tx}` },
  ];
}

export default function Thanks() {
  const { lang, slug, title, titleLang, count, campaignUrl, canWrite } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const contentLang = titleLang !== lang ? titleLang : undefined;
  return (
    <div className="page narrow">
      <h1>{t("thanks.title")}</h1>
      <p className="lead">
        <Link to={`/${lang}/campaigns/${slug}`} lang={contentLang}>
          {title}
        </Link>
      </p>
      <p className="total" data-testid="total">
        {t("thanks.total", { count })}
      </p>
      <h2>{t("thanks.nextSteps")}</h2>
      {canWrite ? (
        <section aria-labelledby="officials-heading" className="next-step">
          <h3 id="officials-heading">{t("thanks.emailOfficials")}</h3>
          <p>{t("thanks.emailOfficialsIntro")}</p>
          <p>
            <Link className="button" to={`/${lang}/campaigns/${slug}/write`}>
              {t("write.cta")}
            </Link>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="share-heading" className="next-step">
        <h3 id="share-heading">{t("thanks.share")}</h3>
        {/* A field to copy from, for any app not listed: selecting and copying needs no script. */}
        <p className="copy-link">
          <label htmlFor="share-url">{t("thanks.copyLink")}</label>
          <input id="share-url" type="url" readOnly value={campaignUrl} aria-describedby="share-url-hint" dir="ltr" />
          <span id="share-url-hint" className="hint">
            {t("thanks.copyLinkHint")}
          </span>
        </p>
        <ul className="share-links">
          {shareLinks(campaignUrl, t("thanks.shareText", { title }), t("thanks.shareEmail")).map((l) => (
            <li key={l.label}>
              <a href={l.href} rel="noopener noreferrer" target="_blank">
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
