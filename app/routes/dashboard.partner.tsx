import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { partnerById } from "../models/partner.server";
import { PartnerView } from "../components/partner-view";
import { negotiateLanguage } from "../lib/i18n.server";
import { requireCsrf, requirePartnerAccount } from "../web/auth.server";
import { readForm } from "../web/http.server";
import { partnerPage, partnerPageAction } from "../web/partner-page.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/** A partner's own account: its view of the campaign it joined, and nothing else. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requirePartnerAccount(request, context);
  const partner = await partnerById(context.db, auth.partnerId);
  if (!partner) throw data(null, { status: 404 });
  return { csrf: auth.csrf, page: await partnerPage(context, partner, await negotiateLanguage(request)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePartnerAccount(request, context);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const partner = await partnerById(context.db, auth.partnerId);
  if (!partner) throw data(null, { status: 404 });
  const answer = await partnerPageAction(context, auth.organiser.id, partner, String(form.get("intent") ?? ""));
  return answer ?? data({ error: "invalid" }, { status: 400 });
}

export default function OwnPartnerView() {
  const { csrf, page } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as { newToken?: string } | undefined;
  return <PartnerView d={page} csrf={csrf} newToken={state?.newToken} exportHref="/dashboard/partner/supporters.csv" />;
}
