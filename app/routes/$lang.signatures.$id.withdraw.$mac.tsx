import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DB } from "../../db/index";
import { findPublicCampaign } from "../models/campaign.server";
import { checkDeleteMac, signatureCampaignSlug } from "../models/withdrawal.server";
import { withdraw } from "../services/withdraw.server";
import { notFound, requireLanguage } from "../web/http.server";
import { throttledPage } from "../web/guards.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction = () => [{ title: "Padauk" }, { name: "robots", content: "noindex" }];

function check(params: { lang?: string; id?: string; mac?: string }, secret: string) {
  const lang = requireLanguage(params);
  const id = params.id ?? "";
  if (!checkDeleteMac(secret, id, params.mac ?? "")) notFound();
  return { lang, id };
}

/** The campaign named on the page, in the page's language where it is translated. */
async function campaignNamed(db: DB, slug: string | null, lang: string) {
  const campaign = slug ? await findPublicCampaign(db, slug, lang) : undefined;
  return campaign ? { slug: campaign.slug, title: campaign.content.title, titleLang: campaign.content.locale } : null;
}

/**
 * The link in every mail to a signer. Opening it asks for a click (mail scanners open links);
 * the POST removes the signature for good and, if it was counted, the count drops by one.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const { lang, id } = check(params, context.config.appSecret);
  const slug = await signatureCampaignSlug(context.db, id);
  const campaign = await campaignNamed(context.db, slug, lang);
  return data({ lang, state: slug ? ("ask" as const) : ("gone" as const), campaign }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const { lang, id } = check(params, context.config.appSecret);
  const result = await withdraw(context, id);
  switch (result.kind) {
    case "throttled":
      return throttledPage(result);
    case "withdrawn":
      return { lang, state: "done" as const, campaign: await campaignNamed(context.db, result.campaignSlug, lang) };
    case "gone":
      return { lang, state: "gone" as const, campaign: null };
  }
}

export default function Withdraw() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { t } = useTranslation();
  const { lang, state, campaign } = acted ?? loaded;
  return (
    <div className="page narrow">
      <h1>{t(`withdraw.${state}Title`)}</h1>
      {campaign && state !== "gone" ? (
        <p className="withdraw-campaign">
          {t("withdraw.campaign")}{" "}
          <strong lang={campaign.titleLang} data-testid="withdraw-campaign">
            {campaign.title}
          </strong>
        </p>
      ) : null}
      {state === "ask" ? (
        <Form method="post">
          <p>{t("withdraw.askBody")}</p>
          <button type="submit" className="button">
            {t("withdraw.button")}
          </button>
        </Form>
      ) : (
        <>
          <p role="status">{t(`withdraw.${state}Body`)}</p>
          <p>
            {campaign ? (
              <Link to={`/${lang}/campaigns/${campaign.slug}`}>{t("confirm.viewCampaign")}</Link>
            ) : (
              <Link to={`/${lang}/`}>{t("site.homeLink")}</Link>
            )}
          </p>
        </>
      )}
    </div>
  );
}
