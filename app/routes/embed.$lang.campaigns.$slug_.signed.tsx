import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CodeForm } from "../components/code-form";
import type { CodeState } from "../lib/code-form";
import type { PageHandle } from "../lib/page-scripts";
import { confirmByCode } from "../services/confirm.server";
import { requireCampaignPage } from "../web/campaign-page.server";
import { readCodeForm, signatureCodeRefusal } from "../web/code-form.server";
import { embedPartner, embedPath, type EmbedData } from "../web/embed.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const handle: PageHandle = { bare: true, frameAncestors: (d) => (d as EmbedData | undefined)?.frameAncestors ?? [] };

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.title} · Padauk` }] : []);

/** "Check your inbox", inside the partner's frame: the same page for every address. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { lang, campaign } = await requireCampaignPage(context, params);
  const partner = await embedPartner(context, campaign.id, new URL(request.url).searchParams.get("partner"));
  return { lang, slug: campaign.slug, title: campaign.content.title, titleLang: campaign.content.locale, ...partner };
}

/**
 * The code from the mail, typed in the frame. A confirmed signer goes on to the thank-you step in
 * the frame; no cookie is set (the composer's proof lives on Padauk's own site, not in a frame).
 */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const { lang, campaign, code, refused } = await readCodeForm(context, params, request);
  if (refused) return refused;
  const partner = new URL(request.url).searchParams.get("partner");
  const { partner: live } = await embedPartner(context, campaign.id, partner);
  const thanks = embedPath(lang, campaign.slug, "thanks", live?.slug ?? null);
  const result = await confirmByCode(context, campaign.id, code);
  return signatureCodeRefusal(result, code) ?? redirect(thanks, { status: 303, headers: { "Cache-Control": "no-store" } });
}

export default function EmbedSigned() {
  const { lang, slug, title, titleLang, partner } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as CodeState | undefined;
  const { t } = useTranslation();
  return (
    <div className="embed-action">
      <h1>{t("checkInbox.title")}</h1>
      <p className="lead">{t("checkInbox.body")}</p>
      <CodeForm
        state={state}
        hint={t("checkInbox.codeHint")}
        submit={t("checkInbox.codeSubmit")}
        action={embedPath(lang, slug, "signed", partner?.slug ?? null)}
      />
      <p>{t("checkInbox.notArrived")}</p>
      <p>
        <a href={embedPath(lang, slug, null, partner?.slug ?? null)}>
          {t("checkInbox.backToCampaign")} <span lang={titleLang !== lang ? titleLang : undefined}>{title}</span>
        </a>
      </p>
    </div>
  );
}
