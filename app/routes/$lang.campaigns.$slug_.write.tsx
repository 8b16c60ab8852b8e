import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCampaignPage } from "../web/campaign-page.server";
import { composerTargets, writeLetter } from "../services/write.server";
import { countryOptions } from "../lib/countries.server";
import { notFound, readForm } from "../web/http.server";
import { closedCampaign, honeypot, throttledForm } from "../web/guards.server";
import { fixedT } from "../lib/i18n.server";
import { hasSignerProof } from "../web/signer-cookie.server";
import { countryName, fallbackLanguage, isSupportedLanguage } from "../lib/i18n";
import { letterGreeting } from "../../emails/target-message";
import { CountryStep, LetterForm, type LetterFormState } from "../components/letter-form";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { lang, campaign, languages } = await requireCampaignPage(context, params);
  const url = new URL(request.url);
  const chosen =
    (await composerTargets(context.db, campaign, url.searchParams.get("country")?.toUpperCase() ?? null, url.searchParams.get("area"))) ?? notFound();
  const t = fixedT(lang);
  // The preview greets in the language of the template shown, which the letter is written in.
  const letterLang = isSupportedLanguage(campaign.content.locale) ? campaign.content.locale : fallbackLanguage;
  return {
    lang,
    languages,
    pageTitle: t("write.heading"),
    campaign: { slug: campaign.slug, title: campaign.content.title, locale: campaign.content.locale, open: campaign.status === "open" },
    mode: chosen.list.mode,
    country: chosen.country,
    countryLabel: chosen.country ? countryName(chosen.country, lang) : null,
    area: chosen.area,
    areas: chosen.areas,
    targets: chosen.targets.map((x) => ({ ...x, countryLabel: countryName(x.country, lang) })),
    template: { subject: campaign.content.messageSubject, body: campaign.content.messageBody },
    greeting: chosen.targets.length ? letterGreeting(fixedT(letterLang, "email"), chosen.targets[0]) : "",
    countries: countryOptions(lang),
    retentionDays: context.config.messageRetentionDays,
  };
}

type ActionState = LetterFormState;

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { lang, campaign } = await requireCampaignPage(context, params);
  const form = await readForm(request);
  const sentPage = `/${lang}/campaigns/${campaign.slug}/write/sent`;
  const refused = honeypot(form, () => redirect(sentPage, 303)) ?? closedCampaign(campaign);
  if (refused) return refused;
  const result = await writeLetter(context, campaign, lang, form, (emailHmac) =>
    hasSignerProof(context.config, context.crypto, request, campaign.id, emailHmac),
  );
  switch (result.kind) {
    case "invalid":
      return data<ActionState>({ errors: result.errors, values: result.values }, { status: 400 });
    case "throttled":
      return throttledForm(result, ({ retryAfterMinutes }): ActionState => ({ formError: "throttled", retryAfterMinutes, values: result.values }));
    case "no-targets":
      return notFound();
    case "check-inbox":
      return redirect(sentPage, 303);
    case "sent":
      return redirect(`/${lang}/messages/${result.publicId}`, 303);
  }
}

export default function Composer() {
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as ActionState | undefined;
  const { t } = useTranslation();
  const contentLang = d.campaign.locale !== d.lang ? d.campaign.locale : undefined;
  const action = `/${d.lang}/campaigns/${d.campaign.slug}/write`;
  const byCountry = d.mode === "by_country";
  const needsCountry = byCountry && !d.country;
  return (
    <div className="page narrow composer">
      <p>
        <Link to={`/${d.lang}/campaigns/${d.campaign.slug}`} lang={contentLang}>
          {d.campaign.title}
        </Link>
      </p>
      <h1>{t("write.heading")}</h1>
      {!d.campaign.open ? <p className="notice">{t("write.closed")}</p> : <p>{t("write.intro")}</p>}
      {d.campaign.open && byCountry ? <CountryStep action={action} countries={d.countries} country={d.country} areas={d.areas} area={d.area} /> : null}
      {d.campaign.open && !needsCountry && d.targets.length === 0 ? <p className="notice">{t("write.noTargets", { country: d.countryLabel })}</p> : null}
      {d.campaign.open && !needsCountry && d.targets.length > 0 ? (
        <LetterForm
          action={action}
          state={state}
          targets={d.targets}
          greeting={d.greeting}
          template={d.template}
          contentLang={contentLang}
          countryChosen={byCountry ? { code: d.country ?? "", label: d.countryLabel } : null}
          countries={d.countries}
          area={d.area}
          retentionDays={d.retentionDays}
        />
      ) : null}
    </div>
  );
}
