import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { findPublicCampaign } from "../models/campaign.server";
import { previewConfirmation, type ConfirmationPreview } from "../models/confirming.server";
import { confirmByLink } from "../services/confirm.server";
import { kinded, type Kinded } from "../services/context.server";
import { isWellFormedToken } from "../lib/crypto.server";
import { requireLanguage } from "../web/http.server";
import { throttledPage } from "../web/guards.server";
import { fixedT } from "../lib/i18n.server";
import { signerProofCookie } from "../web/signer-cookie.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

type Outcome = "ask" | "already" | "invalid" | "closed";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }, { name: "robots", content: "noindex" }] : []);

/** The page for an outcome; "ask" shows the campaign and the one button that confirms. */
async function answer(context: LoaderFunctionArgs["context"], lang: ReturnType<typeof requireLanguage>, outcome: Outcome, status: number, slug?: string) {
  const campaign = slug && outcome === "ask" ? await findPublicCampaign(context.db, slug, lang) : undefined;
  return data(
    {
      lang,
      outcome,
      slug,
      campaign: campaign ? { title: campaign.content.title, summary: campaign.content.summary, locale: campaign.content.locale } : null,
      pageTitle: fixedT(lang)(outcome === "ask" ? "confirmSignature.title" : `confirm.${outcome}Title`),
    },
    { status, headers: { "Cache-Control": "no-store" } },
  );
}

function outcomeOf(result: Exclude<Kinded<ConfirmationPreview>, { kind: "pending" }>): [Outcome, number, string?] {
  switch (result.kind) {
    case "already-confirmed":
      return ["already", 200, result.campaignSlug];
    case "campaign-closed":
      return ["closed", 410, result.campaignSlug];
    case "expired":
      return ["invalid", 410];
    case "unknown":
      return ["invalid", 404];
  }
}

/**
 * The link in the confirmation email. Opening it changes nothing: mail security scanners open
 * every link, and a GET that confirmed would let anyone who typed someone else's address (and
 * a name, shown publicly if they ticked the box) have it confirmed by that person's scanner.
 * The page shows the campaign and one button; the POST confirms.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const lang = requireLanguage(params);
  const token = params.token ?? "";
  if (!isWellFormedToken(token)) return answer(context, lang, "invalid", 400);
  const preview = await previewConfirmation(context.db, token);
  if (preview.status === "pending") return answer(context, lang, "ask", 200, preview.campaignSlug);
  return answer(context, lang, ...outcomeOf(kinded(preview)));
}

/** The button: confirms, then the thank-you page (a reload lands on "already confirmed"). */
export async function action({ params, context }: ActionFunctionArgs) {
  const lang = requireLanguage(params);
  const result = await confirmByLink(context, params.token ?? "");
  switch (result.kind) {
    case "malformed":
      return answer(context, lang, "invalid", 400);
    case "throttled":
      return throttledPage(result);
    case "confirmed":
      return redirect(`/${lang}/campaigns/${result.campaignSlug}/thanks`, {
        status: 303,
        headers: {
          "Cache-Control": "no-store",
          // This browser may now write to the officials without a second confirmation mail.
          "Set-Cookie": await signerProofCookie(context.config, context.crypto, result.campaignId, result.emailHmac),
        },
      });
    default:
      return answer(context, lang, ...outcomeOf(result));
  }
}

export default function Confirm() {
  // After a POST that did not confirm (expired meanwhile, closed), the action's answer is shown.
  const acted = useActionData<typeof action>();
  const loaded = useLoaderData<typeof loader>();
  const { lang, outcome, slug, campaign } = acted ?? loaded;
  const { t } = useTranslation();
  if (outcome === "ask" && campaign) {
    const contentLang = campaign.locale !== lang ? campaign.locale : undefined;
    return (
      <div className="page narrow">
        <h1>{t("confirmSignature.title")}</h1>
        <p className="lead" lang={contentLang}>
          <strong>{campaign.title}</strong>
        </p>
        <p lang={contentLang}>{campaign.summary}</p>
        <Form method="post" replace>
          <p>{t("confirmSignature.body")}</p>
          <button type="submit" className="button">
            {t("confirmSignature.button")}
          </button>
        </Form>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t(`confirm.${outcome}Title`)}</h1>
      <p className="lead">{t(`confirm.${outcome}Body`)}</p>
      <p>{slug ? <Link to={`/${lang}/campaigns/${slug}`}>{t("confirm.viewCampaign")}</Link> : <Link to={`/${lang}/`}>{t("site.homeLink")}</Link>}</p>
    </div>
  );
}
