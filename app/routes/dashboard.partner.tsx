import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { partnerById } from "../models/partner.server";
import { PartnerView } from "../components/partner-view";
import type { WebhookActionResult } from "../services/webhooks.server";
import { PaperBatches, type PaperFormState } from "../components/paper-batches";
import { partnerCampaign } from "../models/partner-stats.server";
import { paperBatchesAction, paperBatchesData } from "../web/paper.server";
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
  const lang = await negotiateLanguage(request);
  const actor = { organiserId: auth.organiser.id, partnerId: partner.id };
  const [page, paper] = await Promise.all([partnerPage(context, partner, lang), paperBatchesData(context, actor, partner.campaignId, lang)]);
  return { csrf: auth.csrf, page, paper };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePartnerAccount(request, context);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const partner = await partnerById(context.db, auth.partnerId);
  if (!partner) throw data(null, { status: 404 });
  const intent = String(form.get("intent") ?? "");
  // Paper batches the partner collected: recorded as the partner, and only its own may change.
  if (intent === "record" || intent === "correct" || intent === "invalidate") {
    const { slug } = await partnerCampaign(context.db, partner.campaignId);
    return paperBatchesAction(context, { organiserId: auth.organiser.id, partnerId: partner.id }, { id: partner.campaignId, slug }, form, {
      partnerId: partner.id,
    });
  }
  const answer = await partnerPageAction(context, auth.organiser.id, partner, intent);
  return answer ?? data({ error: "invalid" }, { status: 400 });
}

export default function OwnPartnerView() {
  const { csrf, page, paper } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as ({ newToken?: string; webhook?: WebhookActionResult } & Partial<PaperFormState>) | undefined;
  return (
    <PartnerView d={page} csrf={csrf} newToken={state?.newToken} webhook={state?.webhook} exportHref="/dashboard/partner/supporters.csv">
      <PaperBatches
        csrf={csrf}
        batches={paper.batches}
        countries={paper.countries}
        today={paper.today}
        state={state && "intent" in state ? (state as PaperFormState) : undefined}
        sheetHref={page.links.sheet}
      />
    </PartnerView>
  );
}
