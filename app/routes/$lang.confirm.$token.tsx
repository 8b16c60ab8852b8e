import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { confirmSignature } from "../models/signature.server";
import { isWellFormedToken } from "../services/crypto.server";
import { requireLanguage, throttledPage } from "../services/http.server";
import { isThrottled } from "../services/rate-limit.server";
import { fixedT } from "../services/i18n.server";
import { signerProofCookie } from "../services/signer-cookie.server";
import { routeHeaders } from "../headers";

export const headers = routeHeaders;

type Outcome = "already" | "invalid" | "closed";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

/**
 * The link in the confirmation email. On success it redirects to the thank-you page, so a reload
 * or a second click lands here again and shows "already confirmed" — never personal data.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const lang = requireLanguage(params);
  const t = fixedT(lang);
  const answer = (outcome: Outcome, status: number, slug?: string) =>
    data(
      { lang, outcome, slug, pageTitle: t(`confirm.${outcome}Title`) },
      { status, headers: { "Cache-Control": "no-store" } },
    );

  const token = params.token ?? "";
  if (!isWellFormedToken(token)) return answer("invalid", 400);
  try {
    await context.limiter.consume(["confirm.client", context.clientKey]);
  } catch (err) {
    if (isThrottled(err)) throttledPage(err.retryAfterSeconds);
    throw err;
  }
  const result = await confirmSignature(context.db, token);
  switch (result.status) {
    case "confirmed":
      return redirect(`/${lang}/campaigns/${result.campaignSlug}/thanks`, {
        headers: {
          "Cache-Control": "no-store",
          // This browser may now write to the officials without a second confirmation mail.
          "Set-Cookie": await signerProofCookie(context.config, result.campaignId, result.emailHmac),
        },
      });
    case "already-confirmed":
      return answer("already", 200, result.campaignSlug);
    case "campaign-closed":
      return answer("closed", 410, result.campaignSlug);
    case "expired":
      return answer("invalid", 410);
    case "unknown":
      return answer("invalid", 404);
  }
}

export default function Confirm() {
  const { lang, outcome, slug } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t(`confirm.${outcome}Title`)}</h1>
      <p className="lead">{t(`confirm.${outcome}Body`)}</p>
      <p>
        {slug ? <Link to={`/${lang}/campaigns/${slug}`}>{t("confirm.viewCampaign")}</Link> : <Link to={`/${lang}/`}>{t("site.homeLink")}</Link>}
      </p>
    </div>
  );
}
