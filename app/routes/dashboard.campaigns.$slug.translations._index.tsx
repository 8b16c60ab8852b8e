import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { campaignSettings, campaignTranslations, missingFields } from "../models/campaign-admin.server";
import { requireCampaignAccess, requireOrganiser } from "../web/auth.server";
import { languageIn, supportedLanguages } from "../lib/i18n";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/** Every language's completeness, field by field: what keeps each from being public. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const settings = await campaignSettings(context.db, campaign.id);
  const texts = await campaignTranslations(context.db, campaign.id);
  const hasTargets = settings.target_list_id !== null;
  return {
    slug: campaign.slug,
    defaultLocale: settings.default_locale,
    locales: supportedLanguages.map((l) => ({
      locale: l,
      started: texts.has(l),
      missing: missingFields(texts.get(l), hasTargets),
    })),
  };
}

export default function Translations() {
  const { slug, defaultLocale, locales } = useLoaderData<typeof loader>();
  const { t } = useTranslation("dashboard");
  return (
    <>
      <p>
        <Link to={`/dashboard/campaigns/${slug}`}>{slug}</Link>
      </p>
      <h1>{t("translations.title")}</h1>
      <p>{t("translations.intro")}</p>
      <table className="data-table" data-testid="translations">
        <thead>
          <tr>
            <th scope="col">{t("translations.language")}</th>
            <th scope="col">{t("form.status")}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {locales.map((l) => (
            <tr key={l.locale}>
              <th scope="row">
                {languageIn(t, l.locale, "label")}
                {l.locale === defaultLocale ? " *" : ""}
              </th>
              <td>
                {!l.started
                  ? t("translations.notStarted")
                  : l.missing.length
                    ? t("translations.missing", { fields: l.missing.map((f) => t(`translations.fields.${f}`)).join(t("translations.fieldSeparator")) })
                    : t("translations.complete")}
              </td>
              <td>
                <Link
                  to={`/dashboard/campaigns/${slug}/translations/${l.locale}`}
                  aria-label={t("translations.editLanguage", { language: languageIn(t, l.locale) })}
                >
                  {t("translations.edit")}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
