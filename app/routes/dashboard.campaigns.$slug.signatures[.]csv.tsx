import type { LoaderFunctionArgs } from "@remix-run/node";
import { confirmedSignatureRows } from "../models/campaign-stats.server";
import { beginAudit, completeAudit } from "../models/audit.server";
import { requireCampaignAccess, requireOrganiser } from "../web/auth.server";
import { csvResponse } from "../lib/csv.server";

/**
 * Confirmed signatures as CSV: name as given, country, language, date; the address only for an
 * admin, and only of signers who ticked consent_updates. Every download is audited before its
 * first row leaves, and the row completed with the count after its last.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const withEmail = auth.organiser.role === "admin";
  const header = ["name", "country", "language", "confirmed_at", ...(withEmail ? ["email"] : [])];
  const auditId = await beginAudit(context.db, auth.organiser.id, withEmail ? "export.signatures_with_email" : "export.signatures", campaign.slug);
  return csvResponse(
    `${campaign.slug}-signatures.csv`,
    header,
    confirmedSignatureRows(context.db, (b) => context.crypto.decrypt(b), campaign.id, withEmail),
    (rows) => completeAudit(context.db, auditId, rows),
  );
}
