import { confirmMessage, confirmMessageByCode, type MessageConfirmResult } from "../models/message.server";
import { isWellFormedToken } from "../lib/crypto.server";
import { kinded, throttle, type Kinded, type ServiceContext, type Throttle } from "./context.server";

export type ConfirmLetterResult = Kinded<MessageConfirmResult> | Throttle | { kind: "malformed" };

/** The button on the letter's confirmation page: queues one letter per target, once. */
export async function confirmLetter(ctx: ServiceContext, token: string): Promise<ConfirmLetterResult> {
  if (!isWellFormedToken(token)) return { kind: "malformed" };
  const throttled = await throttle(ctx.limiter, ["confirm.client", ctx.clientKey]);
  if (throttled) return throttled;
  const result = await confirmMessage(ctx.db, ctx.crypto, token, new URL(ctx.config.publicUrl).hostname);
  if (result.status === "confirmed") ctx.wakeOutbox();
  return kinded(result);
}

/**
 * The code from the letter's mail, typed on the campaign's "check your inbox" page: the same
 * outcomes as the link, under the same throttle as a signature's code (so guessing stays hopeless).
 */
export async function confirmLetterByCode(ctx: ServiceContext, campaignId: number, code: string): Promise<Kinded<MessageConfirmResult> | Throttle> {
  const throttled = await throttle(ctx.limiter, ["confirm.client", ctx.clientKey]);
  if (throttled) return throttled;
  const result = await confirmMessageByCode(ctx.db, ctx.crypto, campaignId, code, new URL(ctx.config.publicUrl).hostname);
  if (result.status === "confirmed") ctx.wakeOutbox();
  return kinded(result);
}
