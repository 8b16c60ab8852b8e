import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { MessageField, MessageFormValues } from "../schemas/message.server";
import { AREA_MAX, BODY_MAX, NAME_MAX, SUBJECT_MAX } from "../lib/limits";
import { requireCampaignPage } from "../web/campaign-page.server";
import { composerTargets, writeLetter } from "../services/write.server";
import { countryOptions } from "../lib/countries.server";
import { notFound, readForm } from "../web/http.server";
import { closedCampaign, honeypot, throttledForm } from "../web/guards.server";
import { fixedT } from "../lib/i18n.server";
import { hasSignerProof } from "../web/signer-cookie.server";
import { countryName, fallbackLanguage, isSupportedLanguage } from "../lib/i18n";
import { letterGreeting } from "../../emails/target-message";
import { CountrySelect } from "../components/country-select";
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

type ActionState = { errors?: Partial<Record<MessageField, string>>; formError?: string; retryAfterMinutes?: number; values?: MessageFormValues };

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
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  const errors = state?.errors ?? {};
  const values = state?.values;
  const firstError = (["target", "subject", "body", "name", "email", "country", "area"] as const).find((f) => errors[f]);
  useEffect(() => {
    if (firstError) formRef.current?.querySelector<HTMLElement>(`[name="${firstError}"]`)?.focus();
  }, [state, firstError]);
  const contentLang = d.campaign.locale !== d.lang ? d.campaign.locale : undefined;
  const action = `/${d.lang}/campaigns/${d.campaign.slug}/write`;
  const err = (f: MessageField, max?: number) =>
    errors[f] ? (
      <p className="field-error" id={`${f}-error`}>
        {t(`errors.${errors[f]}`, { max })}
      </p>
    ) : null;
  const invalid = (f: MessageField) => (errors[f] ? { "aria-invalid": true as const, "aria-describedby": `${f}-error` } : {});

  const needsCountry = d.mode === "by_country" && !d.country;
  return (
    <div className="page narrow composer">
      <p>
        <Link to={`/${d.lang}/campaigns/${d.campaign.slug}`} lang={contentLang}>
          {d.campaign.title}
        </Link>
      </p>
      <h1>{t("write.heading")}</h1>
      {!d.campaign.open ? <p className="notice">{t("write.closed")}</p> : <p>{t("write.intro")}</p>}

      {d.campaign.open && d.mode === "by_country" ? (
        // Step one, a plain GET form: the supporter's country (and area) decide the officials.
        <Form method="get" action={action} className="sign-form step">
          <h2>{t("write.countryHeading")}</h2>
          <p className="hint">{t("write.countryIntro")}</p>
          <div className="field">
            <label htmlFor="find-country">{t("sign.country")}</label>
            <CountrySelect id="find-country" countries={d.countries} defaultValue={d.country} />
          </div>
          {d.areas.length > 0 ? (
            <div className="field">
              <label htmlFor="find-area">{t("write.areaFilter")}</label>
              <select id="find-area" name="area" defaultValue={d.area ?? ""}>
                <option value="">{t("write.allAreas")}</option>
                {d.areas.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit" className="button secondary">
            {t("write.findTargets")}
          </button>
        </Form>
      ) : null}

      {d.campaign.open && !needsCountry && d.targets.length === 0 ? <p className="notice">{t("write.noTargets", { country: d.countryLabel })}</p> : null}

      {d.campaign.open && !needsCountry && d.targets.length > 0 ? (
        <Form method="post" action={action} className="sign-form letter" ref={formRef} noValidate>
          {firstError || state?.formError ? (
            <p className="form-error" role="alert">
              {state?.formError ? t(`errors.${state.formError}`, { count: state.retryAfterMinutes ?? 0 }) : t("sign.errorSummary")}
            </p>
          ) : null}
          <fieldset className="field" {...invalid("target")}>
            <legend>{t("write.recipients")}</legend>
            <p className="hint">{t("write.recipientsHint")}</p>
            <ul className="targets">
              {d.targets.map((x) => (
                <li key={x.publicId} className="checkbox field">
                  <input
                    type="checkbox"
                    id={`target-${x.publicId}`}
                    name="target"
                    value={x.publicId}
                    defaultChecked={values ? values.target.includes(x.publicId) : true}
                  />
                  <label htmlFor={`target-${x.publicId}`}>
                    <strong>{x.name}</strong>
                    <br />
                    <span className="hint">
                      {x.role}, {x.organisation}
                      {x.area ? ` · ${x.area}` : ""}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            {err("target")}
          </fieldset>

          <p className="hint">{t("write.greetingPreview", { greeting: d.greeting })}</p>
          <div className="field">
            <label htmlFor="letter-subject">{t("write.subject")}</label>
            <input
              id="letter-subject"
              name="subject"
              type="text"
              maxLength={SUBJECT_MAX * 2}
              defaultValue={values?.subject ?? d.template.subject}
              lang={values ? undefined : contentLang}
              {...invalid("subject")}
            />
            {err("subject", SUBJECT_MAX)}
          </div>
          <div className="field">
            <label htmlFor="letter-body">{t("write.body")}</label>
            <textarea
              id="letter-body"
              name="body"
              rows={14}
              defaultValue={values?.body ?? d.template.body}
              lang={values ? undefined : contentLang}
              aria-describedby="body-hint"
              {...invalid("body")}
            />
            <p className="hint" id="body-hint">
              {t("write.bodyHint", { max: BODY_MAX })}
            </p>
            {err("body", BODY_MAX)}
          </div>

          <h2>{t("write.fromHeading")}</h2>
          <div className="field">
            <label htmlFor="letter-name">{t("sign.name")}</label>
            <input id="letter-name" name="name" type="text" autoComplete="name" defaultValue={values?.name} {...invalid("name")} />
            {err("name", NAME_MAX)}
          </div>
          <div className="field">
            <label htmlFor="letter-email">{t("sign.email")}</label>
            <input id="letter-email" name="email" type="email" autoComplete="email" inputMode="email" defaultValue={values?.email} {...invalid("email")} />
            {err("email")}
          </div>
          {d.mode === "by_country" ? (
            <p>
              <input type="hidden" name="country" value={d.country ?? ""} />
              <strong>{t("write.countryChosen")}</strong> {d.countryLabel} · <Link to={action}>{t("write.changeCountry")}</Link>
            </p>
          ) : (
            <div className="field">
              <label htmlFor="letter-country">{t("sign.country")}</label>
              <CountrySelect id="letter-country" countries={d.countries} defaultValue={values?.country} invalid={!!errors.country} />
              {err("country")}
            </div>
          )}
          <div className="field">
            <label htmlFor="letter-area">{t("write.area")}</label>
            <input
              id="letter-area"
              name="area"
              type="text"
              autoComplete="postal-code"
              defaultValue={values?.area ?? d.area ?? ""}
              aria-describedby="area-hint"
              {...invalid("area")}
            />
            <p className="hint" id="area-hint">
              {t("write.areaHint")}
            </p>
            {err("area", AREA_MAX)}
          </div>
          <div className="hp" aria-hidden="true">
            <label htmlFor="letter-website">{t("sign.honeypot")}</label>
            <input id="letter-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
          </div>
          <p className="hint">{t("write.privacy", { count: d.retentionDays })}</p>
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? t("write.submitting") : t("write.submit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
