import type { LoaderFunctionArgs } from "@remix-run/node";
import { campaignBreakdowns } from "../models/campaign-stats.server";
import { beginAudit, completeAudit } from "../models/audit.server";
import { requireCampaignAccess, requireOrganiser } from "../web/auth.server";
import { csvResponse } from "../lib/csv.server";
import { countryName } from "../lib/i18n";

/** Confirmed signatures per country, for handing to officials: no personal data. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const { byCountry } = await campaignBreakdowns(context.db, campaign.id);
  async function* rows() {
    yield byCountry.map((r) => [r.key, countryName(r.key, "en"), r.count]);
  }
  const auditId = await beginAudit(context.db, auth.organiser.id, "export.by_country", campaign.slug);
  return csvResponse(`${campaign.slug}-by-country.csv`, ["country_code", "country", "signatures"], rows(), (n) => completeAudit(context.db, auditId, n));
}
