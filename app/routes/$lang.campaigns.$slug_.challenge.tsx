import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCampaignPage } from "../web/campaign-page.server";
import { powChallenge } from "../models/pow.server";

/** A fresh proof-of-work challenge for the signing form of a campaign that asks for one. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const { campaign } = await requireCampaignPage(context, params);
  const challenge = await powChallenge(context.config.appSecret, campaign.id);
  return Response.json(challenge, { headers: { "Cache-Control": "no-store" } });
}
