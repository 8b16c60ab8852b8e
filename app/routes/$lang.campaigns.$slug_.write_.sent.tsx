import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckInbox } from "../components/check-inbox";
import { CodeForm } from "../components/code-form";
import type { CodeState } from "../lib/code-form";
import { readCodeForm } from "../web/code-form.server";
import { confirmLetterByCode } from "../services/confirm-letter.server";
import { campaignStepPage } from "../web/campaign-page.server";
import { throttledForm } from "../web/guards.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

/** "Check your inbox" for a letter: the same page for every address. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return (await campaignStepPage(context, params, "messageSent.title")).heading;
}

/** The code from the letter's mail, typed here instead of following its link: the same outcomes. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const { lang, campaign, code, refused } = await readCodeForm(context, params, request);
  if (refused) return refused;
  const result = await confirmLetterByCode(context, campaign.id, code);
  switch (result.kind) {
    case "throttled":
      return throttledForm(result, ({ retryAfterMinutes }): CodeState => ({ error: "throttled", code, retryAfterMinutes }));
    case "confirmed":
    case "already-confirmed":
      return redirect(`/${lang}/messages/${result.publicId}`, { status: 303, headers: { "Cache-Control": "no-store" } });
    case "expired":
      return data<CodeState>({ error: "codeExpired", code }, { status: 400 });
    case "unknown":
      return data<CodeState>({ error: "codeInvalid", code }, { status: 400 });
  }
}

export default function LetterSent() {
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as CodeState | undefined;
  const { t } = useTranslation();
  return (
    <CheckInbox {...d} heading={t("messageSent.title")} body={t("messageSent.body")} notArrived={t("messageSent.notArrived")}>
      <CodeForm state={state} hint={t("messageSent.codeHint")} submit={t("messageSent.codeSubmit")} />
    </CheckInbox>
  );
}
