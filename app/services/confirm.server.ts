import { confirmSignature, confirmSignatureByCode, type ConfirmResult } from "../models/confirming.server";
import { isWellFormedToken } from "../lib/crypto.server";
import { kinded, throttle, type Kinded, type ServiceContext, type Throttle } from "./context.server";

export type ConfirmOutcome = Kinded<ConfirmResult> | Throttle;

/** The button on the confirmation link's page: a malformed token is refused before it costs a throttle point. */
export async function confirmByLink(ctx: ServiceContext, token: string): Promise<ConfirmOutcome | { kind: "malformed" }> {
  if (!isWellFormedToken(token)) return { kind: "malformed" };
  const throttled = await throttle(ctx.limiter, ["confirm.client", ctx.clientKey]);
  if (throttled) return throttled;
  return kinded(await confirmSignature(ctx.db, token, new Date(), ctx.crypto));
}

/**
 * Confirmation by the code in the mail, typed on the campaign's page: for a signer who would
 * rather not open a link from their inbox, or who reads mail on another device. Same outcomes
 * as the link, and the same throttle.
 */
export async function confirmByCode(ctx: ServiceContext, campaignId: number, code: string): Promise<ConfirmOutcome> {
  const throttled = await throttle(ctx.limiter, ["confirm.client", ctx.clientKey]);
  if (throttled) return throttled;
  return kinded(await confirmSignatureByCode(ctx.db, campaignId, code, new Date(), ctx.crypto));
}
