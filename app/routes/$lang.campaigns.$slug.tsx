import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SMALL_GROUP_THRESHOLD, signaturesByCountry } from "../models/campaign.server";
import { recentPublicSigners } from "../models/signature-list.server";
import { messageTotals } from "../models/message-receipt.server";
import { campaignResponses, campaignUpdates } from "../models/update.server";
import { listedPartners } from "../models/partner.server";
import { paperSummary } from "../models/paper.server";
import { signingPartner } from "../services/partner-lookup.server";
import { PUBLIC_PAGE_CACHE } from "../web/http.server";
import { partnerParam, signAction } from "../web/sign-action.server";
import { fixedT } from "../lib/i18n.server";
import { renderMarkdown } from "../lib/markdown.server";
import { requireCampaignPage } from "../web/campaign-page.server";
import { ProgressBar } from "../components/campaign";
import { SignForm, type SignFormState } from "../components/sign-form";
import { countryName, formatDate, languageIn } from "../lib/i18n";
import { countryOptions } from "../lib/countries.server";
import { routeHeaders } from "../web/headers";
import { POW_SCRIPT, type PageHandle } from "../lib/page-scripts";

export const headers = routeHeaders;

/** HTML and CSS only; the proof-of-work solver where the organisers turned it on. */
export const handle: PageHandle = {
  scripts: (data) => {
    const campaign = (data as { campaign?: { powRequired?: boolean; status?: string } } | undefined)?.campaign;
    return campaign?.powRequired && campaign.status === "open" ? [POW_SCRIPT] : [];
  },
};

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.campaign.content.title} · Padauk` },
        { name: "description", content: data.campaign.content.summary },
        // Read by chat apps when the link is shared; no image, so nothing is fetched from anywhere.
        { property: "og:title", content: data.campaign.content.title },
        { property: "og:description", content: data.campaign.content.summary },
        { property: "og:type", content: "website" },
        ...data.languages.map((l) => ({ tagName: "link", rel: "alternate", hrefLang: l, href: `/${l}/campaigns/${data.campaign.slug}` })),
      ]
    : [];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { lang, campaign, languages, preview } = await requireCampaignPage(context, params, request);
  const partnerSlug = partnerParam(new URL(request.url).searchParams.get("partner"));
  const [byCountry, signers, letters, updates, responses, partners, partner, paper] = await Promise.all([
    signaturesByCountry(context.db, campaign.id),
    recentPublicSigners(context.db, context.crypto, campaign.id),
    campaign.targetListId ? messageTotals(context.db, campaign.id) : null,
    campaignUpdates(context.db, campaign.id, lang, campaign.defaultLocale),
    campaignResponses(context.db, campaign.id),
    listedPartners(context.db, campaign.id),
    partnerSlug ? signingPartner(context.db, campaign.id, partnerSlug) : undefined,
    paperSummary(context.db, campaign.id),
  ]);
  // Country names and dates are rendered here, on the server, so the browser hydrates the same text.
  const c = campaign.content;
  return data(
    {
      lang,
      // Only what the page shows: the letter template stays out of the campaign page's payload.
      campaign: {
        slug: campaign.slug,
        status: campaign.status,
        goal: campaign.goal,
        signatureCount: campaign.signatureCount,
        paper: { count: paper.total, countsToGoal: paper.countsToGoal },
        powRequired: campaign.powRequired,
        content: { title: c.title, summary: c.summary, demand: c.demand, addressedTo: c.addressedTo, locale: c.locale },
      },
      // The body is Markdown, rendered and sanitised here: no HTML, scripts or images survive.
      bodyHtml: renderMarkdown(c.body),
      updates: updates.map((u) => ({ id: u.id, date: formatDate(u.createdAt, lang), locale: u.locale, title: u.title, html: renderMarkdown(u.body) })),
      responses: responses.map((r) => ({ id: r.id, responder: r.responder, date: formatDate(r.respondedOn, lang), text: r.text, url: r.url })),
      // Dashboard strings are not sent to public pages: the banner comes as text.
      previewBanner: preview ? fixedT(lang, "dashboard")("preview.banner", { status: fixedT(lang, "dashboard")(`status.${campaign.status}`) }) : null,
      letters,
      source: new URL(request.url).searchParams.get("source")?.slice(0, 64) ?? null,
      // A partner's link attributes the signature to it and asks for its own permission.
      partner: partner ? { slug: partner.slug, name: partner.name } : null,
      partners,
      closedOn: campaign.closedAt ? formatDate(campaign.closedAt, lang) : null,

      languages,
      countries: countryOptions(lang),
      byCountry: byCountry.map((r) => ({ ...r, name: r.country === "other" ? null : countryName(r.country, lang) })),
      signers: signers.map((s) => ({ name: s.name, country: countryName(s.country, lang) })),
    },
    // The same page for every reader, so a CDN or proxy may keep it for 5 s: a surge of
    // readers costs little and the count shown is at most seconds old. Previews are private.
    { headers: { "Cache-Control": preview ? "private, no-store" : PUBLIC_PAGE_CACHE } },
  );
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return signAction(context, params, request, ({ lang, campaign }) => `/${lang}/campaigns/${campaign.slug}/signed`);
}

export default function CampaignPage() {
  const { lang, campaign, closedOn, countries, byCountry, signers, letters, source, bodyHtml, previewBanner, updates, responses, partner, partners } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as SignFormState | undefined;
  const { t } = useTranslation();
  const c = campaign.content;
  const contentLang = c.locale !== lang ? c.locale : undefined;
  const open = campaign.status === "open";
  return (
    <div className="page campaign">
      {previewBanner || contentLang ? (
        <div className="campaign-notices">
          {previewBanner ? (
            <p className="notice preview" role="status">
              {previewBanner}
            </p>
          ) : null}
          {contentLang ? <p className="notice">{t("campaign.translationMissing", { language: languageIn(t, c.locale) })}</p> : null}
        </div>
      ) : null}
      {/* The case for signing (title, summary, count, demand), then the form, then the long text:
          the order a phone shows; a wide screen puts the form and the lists in a side column. */}
      <div className="campaign-intro">
        <header>
          <h1 lang={contentLang}>{c.title}</h1>
        </header>
        <ProgressBar count={campaign.signatureCount} goal={campaign.goal} paper={campaign.paper} />
        {open ? (
          // On a phone the form follows the summary and demand; this reaches it from the first screen.
          <p className="sign-jump">
            <a className="button" href="#sign-heading">
              {t("sign.heading")}
            </a>
          </p>
        ) : null}
        <p className="summary" lang={contentLang}>
          {c.summary}
        </p>
        {!open ? (
          <p className="notice closed" role="status">
            {t("campaign.closed")}
            {closedOn ? ` ${t("campaign.closedOn", { date: closedOn })}` : null}
          </p>
        ) : null}
        <section className="demand" aria-labelledby="demand-heading">
          <h2 id="demand-heading">{t("campaign.demand")}</h2>
          <p className="demand-text" lang={contentLang}>
            {c.demand}
          </p>
          <p>
            <strong>{t("campaign.addressedTo")}</strong> <span lang={contentLang}>{c.addressedTo}</span>
          </p>
        </section>
      </div>
      <aside className="campaign-sign">
        {open ? (
          <SignForm
            action={`/${lang}/campaigns/${campaign.slug}`}
            state={actionData}
            countries={countries}
            source={source}
            partner={partner}
            powUrl={campaign.powRequired ? `/${lang}/campaigns/${campaign.slug}/challenge` : null}
          />
        ) : null}
      </aside>
      <article className="campaign-main">
        {letters ? (
          <section className="next-step" aria-labelledby="letters-heading">
            <h2 id="letters-heading">{t("write.heading")}</h2>
            <p>{t("campaign.lettersSent", { sent: letters.messagesSent, targets: letters.targetsCount })}</p>
            {open ? (
              <p>
                <Link className="button secondary" to={`/${lang}/campaigns/${campaign.slug}/write`}>
                  {t("write.cta")}
                </Link>
              </p>
            ) : null}
          </section>
        ) : null}
        {responses.length > 0 ? (
          <section aria-labelledby="responses-heading" className="responses">
            <h2 id="responses-heading">{t("campaign.responses")}</h2>
            {responses.map((r) => (
              <article key={r.id}>
                <h3>{t("campaign.respondedOn", { responder: r.responder, date: r.date })}</h3>
                {r.text ? <p className="response-text">{r.text}</p> : null}
                {r.url ? (
                  <p>
                    <a href={r.url} rel="nofollow noopener noreferrer">
                      {t("campaign.readResponse")}
                    </a>
                  </p>
                ) : null}
              </article>
            ))}
          </section>
        ) : null}
        <div className="prose" lang={contentLang} dangerouslySetInnerHTML={{ __html: bodyHtml }} />
        {updates.length > 0 ? (
          <section aria-labelledby="updates-heading" className="updates">
            <h2 id="updates-heading">{t("campaign.updates")}</h2>
            {updates.map((u) => (
              // The date is in the page's language; the news may be in the default one.
              <article key={u.id}>
                <h3 lang={u.locale !== lang ? u.locale : undefined}>{u.title}</h3>
                <p className="hint">{u.date}</p>
                <div className="prose" lang={u.locale !== lang ? u.locale : undefined} dangerouslySetInnerHTML={{ __html: u.html }} />
              </article>
            ))}
          </section>
        ) : null}
      </article>
      <aside className="campaign-side">
        {partners.length > 0 ? (
          // Names and plain links only: nothing is loaded from a partner's host.
          <section aria-labelledby="partners-heading">
            <h2 id="partners-heading">{t("campaign.partners")}</h2>
            <ul className="partners">
              {partners.map((p) => (
                <li key={p.name}>
                  {p.website ? (
                    <a href={p.website} rel="noopener noreferrer">
                      {p.name}
                    </a>
                  ) : (
                    p.name
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {signers.length > 0 ? (
          <section aria-labelledby="signers-heading">
            <h2 id="signers-heading">{t("campaign.recentSigners")}</h2>
            <ul className="signers">
              {signers.map((s, i) => (
                <li key={i}>{t("campaign.signerLine", { name: s.name, country: s.country })}</li>
              ))}
            </ul>
          </section>
        ) : null}
        {byCountry.length > 0 ? (
          <section aria-labelledby="countries-heading">
            <h2 id="countries-heading">{t("campaign.byCountry")}</h2>
            <ul className="countries">
              {byCountry.map((r) => (
                <li key={r.country}>{t("campaign.countrySignatures", { country: r.name ?? t("campaign.otherCountries"), count: r.count })}</li>
              ))}
            </ul>
            {byCountry.some((r) => r.country === "other") ? <p className="hint">{t("campaign.byCountryHint", { count: SMALL_GROUP_THRESHOLD })}</p> : null}
          </section>
        ) : null}
      </aside>
    </div>
  );
}
