import { createPartner, updatePartner, type Partner } from "../models/partner.server";
import { audit } from "../models/audit.server";
import { findCampaign } from "../models/campaign.server";
import { checkWebhookUrl } from "../lib/webhook-url.server";
import { parsePartnerForm, type PartnerField, type PartnerValues } from "../schemas/partner.server";
import type { ServiceContext } from "./context.server";
import { z } from "zod";
import { issueApiToken } from "../models/api-token.server";
import { accountKind, inviteOrganiser } from "../models/organiser.server";

export type PartnerFormResult =
  | { kind: "invalid"; errors: Partial<Record<PartnerField, string>>; values: PartnerValues }
  | { kind: "created"; partner: Partner; token: string; webhookSecret: string | null }
  | { kind: "updated"; webhookSecret: string | null };

/** The i18n key for a webhook URL Padauk will not call. */
const WEBHOOK_ERRORS = { invalid: "webhookInvalid", scheme: "webhookScheme", private: "webhookPrivate", unresolvable: "webhookUnresolvable" } as const;

async function validate(ctx: Pick<ServiceContext, "config">, input: Record<string, unknown>) {
  const parsed = parsePartnerForm(input);
  if (!parsed.ok) return parsed;
  let webhookUrl: string | null = null;
  if (parsed.value.webhook_url) {
    const checked = await checkWebhookUrl(parsed.value.webhook_url, ctx.config.webhookAllowPrivate);
    if (!checked.ok) {
      return {
        ok: false as const,
        errors: { webhook_url: WEBHOOK_ERRORS[checked.problem] },
        values: { ...stringValues(input), webhook_url: parsed.value.webhook_url },
      };
    }
    webhookUrl = checked.url;
  }
  return { ok: true as const, value: { ...parsed.value, webhookUrl } };
}

function stringValues(input: Record<string, unknown>): PartnerValues {
  const s = (k: string) => (typeof input[k] === "string" ? (input[k] as string).slice(0, 4_000) : "");
  return {
    name: s("name"),
    slug: s("slug"),
    website: s("website"),
    listed: !!input.listed,
    origins: s("origins"),
    webhook_url: s("webhook_url"),
    disabled: !!input.disabled,
  };
}

/** A partner joins a campaign (the dashboard's form and `npm run partner:create`). */
export async function addPartner(
  ctx: Pick<ServiceContext, "db" | "crypto" | "config">,
  campaignId: number,
  input: Record<string, unknown>,
  organiserId: number | null,
): Promise<PartnerFormResult> {
  const v = await validate(ctx, input);
  if (!v.ok) return { kind: "invalid", errors: v.errors, values: v.values };
  const created = await createPartner(ctx.db, ctx.crypto, {
    campaignId,
    slug: v.value.slug,
    name: v.value.name,
    website: v.value.website,
    listed: v.value.listed,
    origins: v.value.origins,
    webhookUrl: v.value.webhookUrl,
  });
  await audit(ctx.db, organiserId, "partner.create", `${created.partner.slug}@${campaignId}`);
  return { kind: "created", ...created };
}

/** An organiser edits a partner; its address (slug) stays, since links and embeds carry it. */
export async function editPartner(
  ctx: Pick<ServiceContext, "db" | "crypto" | "config">,
  partner: Partner,
  input: Record<string, unknown>,
  organiserId: number,
): Promise<PartnerFormResult> {
  const v = await validate(ctx, { ...input, slug: partner.slug });
  if (!v.ok) return { kind: "invalid", errors: v.errors, values: v.values };
  const { webhookSecret } = await updatePartner(ctx.db, ctx.crypto, partner.id, {
    name: v.value.name,
    website: v.value.website,
    listed: v.value.listed,
    origins: v.value.origins,
    webhookUrl: v.value.webhookUrl,
    disabled: v.value.disabled,
  });
  await audit(ctx.db, organiserId, "partner.update", `${partner.slug}@${partner.campaignId}`);
  return { kind: "updated", webhookSecret };
}

/** For the command line: the campaign by its address. */
export async function addPartnerByAddress(
  ctx: Pick<ServiceContext, "db" | "crypto" | "config">,
  campaignAddress: string,
  input: Record<string, unknown>,
): Promise<PartnerFormResult | { kind: "no-campaign"; address: string }> {
  const campaign = await findCampaign(ctx.db, campaignAddress, "en");
  if (!campaign) return { kind: "no-campaign", address: campaignAddress };
  return addPartner(ctx, campaign.id, input, null);
}

/** What the command line (and the server answering it) says of a refused partner, for an operator. */
export function partnerRefusal(result: PartnerFormResult | { kind: "no-campaign"; address: string }): string {
  if (result.kind === "no-campaign") return `--campaign: no campaign with the address ${JSON.stringify(result.address)}`;
  if (result.kind !== "invalid") return "";
  const [field, key] = Object.entries(result.errors)[0] ?? ["", ""];
  return `--${CLI_OPTION[field] ?? field}: ${CLI_MESSAGES[key ?? ""] ?? key}`;
}

const CLI_OPTION: Record<string, string> = { webhook_url: "webhook", origins: "origin" };
const CLI_MESSAGES: Record<string, string> = {
  partnerNameRequired: "a name is required",
  tooLong: "too long",
  partnerAddressInvalid: "lower-case letters, digits and hyphens, up to 40",
  websiteInvalid: "an http(s) address is required",
  originsInvalid: "each origin is https://host or https://host:port, without a path",
  originsTooMany: "at most 10 origins",
  webhookInvalid: "not a URL",
  webhookScheme: "only http and https webhooks",
  webhookPrivate: "resolves to a loopback, private or link-local address (allowed only with WEBHOOK_ALLOW_PRIVATE=1)",
  webhookUnresolvable: "the host name does not resolve",
};

export type PartnerInviteResult = { kind: "invited"; link: string; email: string } | { kind: "invalid" } | { kind: "taken" };

/**
 * A partner's account: invited like an organiser (a set-password link by mail and on the page),
 * opening that partner's view only. An address that already has an organiser's or another
 * partner's account is refused rather than changed.
 */
export async function invitePartnerAccount(
  ctx: Pick<ServiceContext, "db" | "crypto" | "config" | "wakeOutbox">,
  partner: Partner,
  campaignTitle: string,
  typedEmail: unknown,
  lang: string,
  organiserId: number,
): Promise<PartnerInviteResult> {
  const email = z.string().trim().email().max(254).safeParse(typedEmail);
  if (!email.success) return { kind: "invalid" };
  const existing = await accountKind(ctx.db, ctx.crypto, email.data);
  if (existing && (existing.role !== "partner" || existing.partnerId !== partner.id)) return { kind: "taken" };
  const token = await inviteOrganiser(
    ctx.db,
    ctx.crypto,
    email.data,
    "partner",
    new Date(),
    { lang, messageIdDomain: new URL(ctx.config.publicUrl).hostname, partner: { name: partner.name, campaign: campaignTitle } },
    partner.id,
  );
  ctx.wakeOutbox();
  await audit(ctx.db, organiserId, "partner.invite", `${partner.slug}@${partner.campaignId}`, 1);
  return { kind: "invited", link: `${ctx.config.publicUrl}/set-password/${token}`, email: email.data };
}

/** A new API token for the partner, shown once; the one before it stops working at once. */
export async function renewPartnerToken(ctx: Pick<ServiceContext, "db">, partner: Partner, organiserId: number): Promise<string> {
  const token = await issueApiToken(ctx.db, { partnerId: partner.id });
  await audit(ctx.db, organiserId, "partner.token", `${partner.slug}@${partner.campaignId}`, 1);
  return token;
}
