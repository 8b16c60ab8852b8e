import type { LoaderFunctionArgs } from "@remix-run/node";
import { campaignTitles, listPublicCampaigns } from "../models/campaign.server";
import { paperTotals } from "../models/paper.server";
import { apiJson, campaignSummary } from "../services/api.server";

/** Public, read-only, no personal data: every open and closed campaign with its count. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const campaigns = await listPublicCampaigns(context.db, "en");
  const ids = campaigns.map((c) => c.id);
  const [titles, paper] = await Promise.all([campaignTitles(context.db, ids), paperTotals(context.db, ids)]);
  return apiJson(
    {
      campaigns: campaigns.map((c) => campaignSummary(c, titles.get(c.id) ?? {}, context.config.publicUrl, paper.get(c.id) ?? 0)),
    },
    200,
    request,
  );
}
