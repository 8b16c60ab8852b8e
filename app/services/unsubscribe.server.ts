import { unsubscribe } from "../models/update.server";
import { withdrawPartnerConsent } from "../models/signature-consent.server";
import type { ServiceContext } from "./context.server";

/**
 * The button behind the link in every news mail (its MAC checked by the route): no more news mails.
 * With `alsoPartner` (the page's second choice, never the mail client's one-click POST), the
 * partner the signer came by loses its permission too: two permissions, two choices (decision 073).
 */
export async function stopNewsMail(
  ctx: Pick<ServiceContext, "db">,
  signatureId: string,
  opts: { alsoPartner?: boolean } = {},
): Promise<{ kind: "unsubscribed" }> {
  await unsubscribe(ctx.db, signatureId, opts);
  return { kind: "unsubscribed" };
}

/** The link in the other mails of a signer the partner may email: that permission alone goes; news and signature stay. */
export async function withdrawPartnerPermission(ctx: Pick<ServiceContext, "db">, signatureId: string): Promise<{ kind: "withdrawn" }> {
  await withdrawPartnerConsent(ctx.db, signatureId);
  return { kind: "withdrawn" };
}
