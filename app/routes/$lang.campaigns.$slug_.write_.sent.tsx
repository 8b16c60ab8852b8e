import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CheckInbox } from "../components/check-inbox";
import { useTranslation } from "react-i18next";
import { campaignStepPage } from "../web/campaign-page.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

/** "Check your inbox" for a letter: the same page for every address. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return (await campaignStepPage(context, params, "messageSent.title")).heading;
}

export default function LetterSent() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return <CheckInbox {...d} heading={t("messageSent.title")} body={t("messageSent.body")} notArrived={t("messageSent.notArrived")} />;
}
