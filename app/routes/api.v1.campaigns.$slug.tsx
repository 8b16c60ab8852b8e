import type { LoaderFunctionArgs } from "@remix-run/node";
import { campaignTitles, findPublicCampaign, signaturesByCountry } from "../models/campaign.server";
import { messageTotals } from "../models/message-receipt.server";
import { paperSummary } from "../models/paper.server";
import { apiJson, campaignSummary } from "../services/api.server";

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const campaign = await findPublicCampaign(context.db, params.slug ?? "", "en");
  if (!campaign) return apiJson({ error: "not_found", message: "No public campaign has this slug." }, 404);
  const [titles, byCountry, letters, paper] = await Promise.all([
    campaignTitles(context.db, [campaign.id]),
    signaturesByCountry(context.db, campaign.id),
    messageTotals(context.db, campaign.id),
    paperSummary(context.db, campaign.id),
  ]);
  return apiJson(
    {
      ...campaignSummary(campaign, titles.get(campaign.id) ?? {}, context.config.publicUrl, paper.total),
      messagesSent: letters.messagesSent,
      targetsCount: letters.targetsCount,
      signaturesByCountry: Object.fromEntries(byCountry.map((r) => [r.country, r.count])),
      // Folded as the online breakdown is: a country under the threshold is counted in "other".
      paperSignaturesByCountry: Object.fromEntries(paper.byCountry.map((r) => [r.country, r.count])),
      paperCountsToGoal: paper.countsToGoal,
    },
    200,
    request,
  );
}
