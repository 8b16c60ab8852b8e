import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckInbox } from "../components/check-inbox";
import { CodeForm } from "../components/code-form";
import type { CodeState } from "../lib/code-form";
import { readCodeForm } from "../web/code-form.server";
import { confirmByCode } from "../services/confirm.server";
import { campaignStepPage } from "../web/campaign-page.server";
import { throttledForm } from "../web/guards.server";
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
  switch (result.kind) {
    case "throttled":
      return throttledForm(result, ({ retryAfterMinutes }): CodeState => ({ error: "throttled", code, retryAfterMinutes }));
    case "confirmed":
      return redirect(`/${lang}/campaigns/${campaign.slug}/thanks`, {
        headers: { "Cache-Control": "no-store", "Set-Cookie": await signerProofCookie(context.config, context.crypto, result.campaignId, result.emailHmac) },
      });
    case "already-confirmed":
      return redirect(`/${lang}/campaigns/${campaign.slug}/thanks`, 303);
    case "campaign-closed":
      return data<CodeState>({ error: "campaignClosed", code }, { status: 410 });
    case "expired":
      return data<CodeState>({ error: "codeExpired", code }, { status: 400 });
    case "unknown":
      return data<CodeState>({ error: "codeInvalid", code }, { status: 400 });
  }
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
