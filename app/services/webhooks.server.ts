import { audit } from "../models/audit.server";
import type { Partner } from "../models/partner.server";
import { queueTestEvent, recentDeliveries, resumeWebhookDeliveries, type DeliveryLogRow } from "../models/webhook.server";
import type { ServiceContext } from "./context.server";

export type WebhookActionResult = { kind: "no-webhook" } | { kind: "resumed"; requeued: number } | { kind: "test-queued"; eventId: string };

/**
 * A partner (or an organiser for it) resumes a paused webhook once its endpoint works again:
 * the events held meanwhile go out at once, with the ids they always had.
 * organiserId: who did it, for the audit log.
 */
export async function resumeWebhook(ctx: Pick<ServiceContext, "db" | "wakeOutbox">, partner: Partner, organiserId: number): Promise<WebhookActionResult> {
  if (!partner.webhookUrl) return { kind: "no-webhook" };
  const requeued = await resumeWebhookDeliveries(ctx.db, partner.id);
  await audit(ctx.db, organiserId, "partner.webhook_resumed", `${partner.slug}@${partner.campaignId}`);
  ctx.wakeOutbox();
  return { kind: "resumed", requeued };
}

/** A `ping` event to try the endpoint; it shows in the delivery log like any other event. */
export async function sendTestWebhook(
  ctx: Pick<ServiceContext, "db" | "crypto" | "wakeOutbox">,
  partner: Partner,
  organiserId: number,
): Promise<WebhookActionResult> {
  if (!partner.webhookUrl) return { kind: "no-webhook" };
  const eventId = await queueTestEvent(ctx.db, ctx.crypto, partner.id);
  if (!eventId) return { kind: "no-webhook" };
  await audit(ctx.db, organiserId, "partner.webhook_test", `${partner.slug}@${partner.campaignId}`);
  ctx.wakeOutbox();
  return { kind: "test-queued", eventId };
}

/** The partner view's delivery log (for `<WebhookLog rows>`). */
export async function webhookLog(ctx: Pick<ServiceContext, "db">, partner: Partner, limit = 50): Promise<DeliveryLogRow[]> {
  return recentDeliveries(ctx.db, partner.id, limit);
}
