import type { LoaderFunctionArgs } from "@remix-run/node";
import { campaignTitles, listPublicCampaigns } from "../models/campaign.server";
import { apiJson, campaignSummary } from "../services/api.server";

/** Public, read-only, no personal data: every open and closed campaign with its count. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const campaigns = await listPublicCampaigns(context.db, "en");
  const titles = await campaignTitles(
    context.db,
    campaigns.map((c) => c.id),
  );
  return apiJson(
    {
      campaigns: campaigns.map((c) => campaignSummary(c, titles.get(c.id) ?? {}, context.config.publicUrl)),
    },
    200,
    request,
  );
}
