import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { beginAudit, completeAudit } from "../models/audit.server";
import { partnerById } from "../models/partner.server";
import { partnerSupporterRows } from "../models/partner-stats.server";
import { csvResponse } from "../lib/csv.server";
import { requirePartnerAccount } from "../web/auth.server";

/**
 * The partner's consenting supporters as CSV — confirmed signers who came by its link or embed
 * and ticked its own box — for its account alone. Audited before the first row leaves and
 * completed with the count after the last, streamed so a large list costs no memory.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requirePartnerAccount(request, context);
  const partner = await partnerById(context.db, auth.partnerId);
  if (!partner) throw data(null, { status: 404 });
  const auditId = await beginAudit(context.db, auth.organiser.id, "export.partner_supporters", `${partner.slug}@${partner.campaignId}`);
  return csvResponse(
    `${partner.slug}-supporters.csv`,
    ["email", "name", "country", "language", "confirmed_at"],
    partnerSupporterRows(context.db, (b) => context.crypto.decrypt(b), partner.campaignId, partner.id),
    (rows) => completeAudit(context.db, auditId, rows),
  );
}
