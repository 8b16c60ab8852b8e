import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { campaignSettings, campaignTranslations, saveTranslation } from "../models/campaign-admin.server";
import { audit } from "../models/audit.server";
import { parseForm, translationSchema } from "../schemas/campaign.server";
import { TRANSLATION_FIELDS, TRANSLATION_LIMITS } from "../lib/limits";
import { requireCampaignAccess, requireCsrf, requireOrganiser } from "../web/auth.server";
import { notFound, readForm } from "../web/http.server";
import { isSupportedLanguage, languageIn } from "../lib/i18n";
import { routeHeaders } from "../web/headers";
import { renderMarkdown } from "../lib/markdown.server";

export const headers = routeHeaders;

/** One language's texts, edited beside the default language's. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  if (!isSupportedLanguage(params.locale)) notFound();
  const settings = await campaignSettings(context.db, campaign.id);
  const texts = await campaignTranslations(context.db, campaign.id);
  return {
    csrf: auth.csrf,
    slug: campaign.slug,
    locale: params.locale,
    defaultLocale: settings.default_locale,
    text: texts.get(params.locale) ?? null,
    reference: params.locale === settings.default_locale ? null : (texts.get(settings.default_locale) ?? null),
    limits: TRANSLATION_LIMITS,
  };
}

type State = { saved?: boolean; errors?: Partial<Record<string, string>>; values?: Record<string, string>; previewHtml?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  if (!isSupportedLanguage(params.locale)) notFound();
  const form = await readForm(request);
  requireCsrf(form, auth);
  // "Preview": the same form back with what was typed, and the body as the campaign page renders it; nothing saved.
  if (form.get("intent") === "preview") {
    const values = Object.fromEntries(TRANSLATION_FIELDS.map((f) => [f, String(form.get(f) ?? "")]));
    return { values, previewHtml: renderMarkdown(values.body ?? "") } satisfies State;
  }
  const parsed = parseForm(translationSchema, form);
  if (!parsed.ok) return data<State>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await saveTranslation(context.db, campaign.id, params.locale, parsed.value);
  await audit(context.db, auth.organiser.id, "campaign.translation_saved", `${campaign.slug} ${params.locale}`);
  return { saved: true } satisfies State;
}

export default function EditTranslation() {
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation("dashboard");
  const long = new Set(["body", "message_body"]);
  const medium = new Set(["summary", "demand"]);
  return (
    <>
      <p>
        <Link to={`/dashboard/campaigns/${d.slug}/translations`}>{t("translations.title")}</Link>
      </p>
      <h1>{t("translations.editTitle", { language: languageIn(t, d.locale) })}</h1>
      {state?.saved ? (
        <p className="notice" role="status">
          {t("form.saved")}
        </p>
      ) : null}
      <p className="hint">{t("translations.markdownHint")}</p>
      {state?.previewHtml !== undefined ? (
        <section className="reference" aria-labelledby="preview-heading" data-testid="body-preview">
          <h2 id="preview-heading">{t("translations.previewHeading")}</h2>
          <div className="prose" lang={d.locale} dangerouslySetInnerHTML={{ __html: state.previewHtml }} />
        </section>
      ) : null}
      <Form method="post" className="translation-form">
        <input type="hidden" name="csrf" value={d.csrf} />
        {TRANSLATION_FIELDS.map((f) => {
          const value = state?.values?.[f] ?? d.text?.[f] ?? "";
          const max = d.limits[f];
          return (
            <div className="side-by-side" key={f}>
              {d.reference ? (
                <div className="reference">
                  <p className="hint">{t("translations.reference", { language: languageIn(t, d.defaultLocale) })}</p>
                  <div className="reference-text" lang={d.defaultLocale}>
                    {d.reference[f]}
                  </div>
                </div>
              ) : null}
              <div className="field">
                <label htmlFor={`tr-${f}`}>{t(`translations.fields.${f}`)}</label>
                {long.has(f) || medium.has(f) ? (
                  <textarea
                    id={`tr-${f}`}
                    name={f}
                    rows={long.has(f) ? 12 : 4}
                    defaultValue={value}
                    lang={d.locale}
                    aria-invalid={state?.errors?.[f] ? true : undefined}
                  />
                ) : (
                  <input id={`tr-${f}`} name={f} type="text" defaultValue={value} lang={d.locale} aria-invalid={state?.errors?.[f] ? true : undefined} />
                )}
                {state?.errors?.[f] ? <p className="field-error">{t(`errors.${state.errors[f]}`, { max })}</p> : null}
              </div>
            </div>
          );
        })}
        <button type="submit" name="intent" value="save" className="button">
          {t("form.save")}
        </button>{" "}
        <button type="submit" name="intent" value="preview" className="button secondary">
          {t("form.preview")}
        </button>
      </Form>
    </>
  );
}
