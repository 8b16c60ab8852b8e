import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckInbox } from "../components/check-inbox";
import { CodeForm } from "../components/code-form";
import type { CodeState } from "../lib/code-form";
import { readCodeForm, signatureCodeRefusal } from "../web/code-form.server";
import { confirmByCode } from "../services/confirm.server";
import { campaignStepPage } from "../web/campaign-page.server";
import { signerProofCookie } from "../web/signer-cookie.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

/** "Check your inbox": the same page whether the address is new, pending or already confirmed. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return (await campaignStepPage(context, params, "checkInbox.title")).heading;
}

/**
 * Confirmation by the code in the mail, typed here: for a signer who would rather not open a
 * link from their inbox, or who reads mail on another device. Same outcomes as the link.
 */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const { lang, campaign, code, refused } = await readCodeForm(context, params, request);
  if (refused) return refused;
  const result = await confirmByCode(context, campaign.id, code);
  const refusal = signatureCodeRefusal(result, code);
  if (refusal) return refusal;
  const thanks = `/${lang}/campaigns/${campaign.slug}/thanks`;
  if (result.kind !== "confirmed") return redirect(thanks, 303);
  return redirect(thanks, {
    headers: { "Cache-Control": "no-store", "Set-Cookie": await signerProofCookie(context.config, context.crypto, result.campaignId, result.emailHmac) },
  });
}

export default function Signed() {
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as CodeState | undefined;
  const { t } = useTranslation();
  return (
    <CheckInbox {...d} heading={t("checkInbox.title")} body={t("checkInbox.body")} notArrived={t("checkInbox.notArrived")}>
      <CodeForm state={state} hint={t("checkInbox.codeHint")} submit={t("checkInbox.codeSubmit")} />
    </CheckInbox>
  );
}
