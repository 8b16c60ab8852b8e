import { confirmMessage, type MessageConfirmResult } from "../models/message.server";
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
