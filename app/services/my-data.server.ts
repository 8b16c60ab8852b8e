import { holdsDataFor } from "../models/data-export.server";
import { enqueue } from "../models/outbox.server";
import { keep } from "../schemas/form.server";
import { signatureFormSchema } from "../schemas/signature.server";
import type { Language } from "../lib/i18n";
import { recipientKey, throttle, type ServiceContext, type Throttle } from "./context.server";

export type MyDataResult = { kind: "invalid"; error: string; email: string } | (Throttle & { email: string }) | { kind: "sent" };

/**
 * "What do you hold about me?" The answer goes only to the address itself, and the result is
 * "sent" whatever the address, so it cannot be used to learn who has signed.
 */
export async function requestMyData(ctx: ServiceContext, lang: Language, form: FormData): Promise<MyDataResult> {
  const raw = form.get("email");
  const parsed = signatureFormSchema.shape.email.safeParse(typeof raw === "string" ? raw : undefined);
  if (!parsed.success) return { kind: "invalid", error: parsed.error.issues[0].message, email: keep(raw, 300) };
  const email = parsed.data;
  const throttled = await throttle(ctx.limiter, ["export.client", ctx.clientKey]);
  if (throttled) return { ...throttled, email };
  // The address's hourly mail allowance is spent whatever Padauk holds about it: spending it
  // only for known addresses made the next form that mails it (the composer) answer differently
  // for a known address. Mail goes only when there is something to send.
  const withinAllowance = await ctx.limiter.tryConsume("mail.recipient", recipientKey(ctx.crypto.emailHmac(email)));
  if (withinAllowance && (await holdsDataFor(ctx.db, ctx.crypto, email))) {
    await enqueue(ctx.db, ctx.crypto, { kind: "data-export", payload: { to: email, lang } }, new URL(ctx.config.publicUrl).hostname);
    ctx.wakeOutbox();
  }
  return { kind: "sent" };
}
