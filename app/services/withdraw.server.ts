import { deleteSignature } from "../models/withdrawal.server";
import { throttle, type ServiceContext, type Throttle } from "./context.server";

export type WithdrawResult = Throttle | { kind: "withdrawn"; campaignSlug: string } | { kind: "gone" };

/**
 * The button behind the link in every mail to a signer (its MAC checked by the route): the
 * signature is removed for good and, if it was counted, the count drops by one.
 */
export async function withdraw(ctx: ServiceContext, signatureId: string): Promise<WithdrawResult> {
  const throttled = await throttle(ctx.limiter, ["delete.client", ctx.clientKey]);
  if (throttled) return throttled;
  const deleted = await deleteSignature(ctx.db, signatureId);
  return deleted ? { kind: "withdrawn", campaignSlug: deleted.campaignSlug } : { kind: "gone" };
}
