import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PaperBatches, type PaperFormState } from "../components/paper-batches";
import { negotiateLanguage } from "../lib/i18n.server";
import { requireCampaignAccess, requireCsrf, requireOrganiser } from "../web/auth.server";
import { readForm } from "../web/http.server";
import { paperBatchesAction, paperBatchesData } from "../web/paper.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/** Signatures collected on paper or at events: counts per batch, their totals, the printable sheet. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const lang = await negotiateLanguage(request);
  return {
    csrf: auth.csrf,
    slug: campaign.slug,
    defaultLocale: campaign.defaultLocale,
    ...(await paperBatchesData(context, { organiserId: auth.organiser.id, partnerId: null }, campaign.id, lang)),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const form = await readForm(request);
  requireCsrf(form, auth);
  return paperBatchesAction(context, { organiserId: auth.organiser.id, partnerId: null }, campaign, form);
}

export default function Paper() {
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as PaperFormState | undefined;
  const { t } = useTranslation("dashboard");
  return (
    <>
      <p>
        <Link to={`/dashboard/campaigns/${d.slug}`}>{d.slug}</Link>
      </p>
      <h1>{t("paper.title")}</h1>
      <p>{t("paper.intro")}</p>
      <PaperBatches
        csrf={d.csrf}
        batches={d.batches}
        countries={d.countries}
        today={d.today}
        state={state}
        sheetHref={`/${d.defaultLocale}/campaigns/${d.slug}/sheet`}
      />
    </>
  );
}
