import type { DB } from "../../db/index";
import type { CampaignView } from "../models/campaign.server";
import { isBlockedEmailDomain } from "../models/abuse.server";
import { createMessage } from "../models/message.server";
import {
  areasInCountry,
  targetIdsOnList,
  targetListForCampaign,
  targetsForSupporter,
  type CampaignTargetList,
  type PublicTarget,
} from "../models/target.server";
import { parseMessageForm, type MessageField, type MessageFormValues } from "../schemas/message.server";
import { isCountryCode } from "../lib/countries";
import type { Language } from "../lib/i18n";
import { recipientKey, throttle, type ServiceContext, type Throttle } from "./context.server";

export interface ComposerTargets {
  list: CampaignTargetList;
  /** The supporter's country, when it decides the targets (or was chosen). */
  country: string | null;
  area: string | null;
  areas: string[];
  targets: PublicTarget[];
}

/**
 * Whom a supporter may write to on this campaign, for the given country and area: the whole body
 * on a fixed list, their own country's targets on a per-country list. The composer's page and its
 * action both use this, so the action accepts exactly the targets the page offered. Null when the
 * campaign has no list of targets (or an empty one): the composer's page does not exist.
 */
export async function composerTargets(db: DB, campaign: CampaignView, country: string | null, area: string | null): Promise<ComposerTargets | null> {
  const list = await targetListForCampaign(db, campaign.id);
  if (!list || list.size === 0) return null;
  const c = country && isCountryCode(country) ? country : null;
  const areas = list.mode === "by_country" && c ? await areasInCountry(db, list.id, c) : [];
  const a = area && areas.includes(area) ? area : null;
  const targets = await targetsForSupporter(db, list, { country: c ?? undefined, area: a ?? undefined });
  return { list, country: c, area: a, areas, targets };
}

export type WriteResult =
  | { kind: "invalid"; errors: Partial<Record<MessageField, string>>; values: MessageFormValues }
  | (Throttle & { values: MessageFormValues })
  /** The campaign has no targets to write to (any more). */
  | { kind: "no-targets" }
  /** "Check your inbox": a confirmation mail was queued — or the address's allowance was spent. */
  | { kind: "check-inbox" }
  /** Sent on its way at once (this browser had just confirmed a signature): its receipt. */
  | { kind: "sent"; publicId: string };

/**
 * A letter written on an open campaign. `hasSignerProof` says whether this browser just
 * confirmed a signature on the campaign with the address (a cookie only the route can read).
 */
export async function writeLetter(
  ctx: ServiceContext,
  campaign: CampaignView,
  lang: Language,
  form: FormData,
  hasSignerProof: (emailHmac: Uint8Array) => Promise<boolean>,
): Promise<WriteResult> {
  const parsed = parseMessageForm(form);
  if (!parsed.ok) return { kind: "invalid", errors: parsed.errors, values: parsed.values };
  const m = parsed.value;
  if (await isBlockedEmailDomain(ctx.db, m.email)) {
    return { kind: "invalid", errors: { email: "emailDomainBlocked" }, values: { ...m, area: m.area ?? "" } };
  }
  const throttled = await throttle(ctx.limiter, ["write.client", `${campaign.id}:${ctx.clientKey}`], ["write.client.hour", `${campaign.id}:${ctx.clientKey}`]);
  if (throttled) return { ...throttled, values: { ...m, area: m.area ?? "" } };

  // Only targets the page offered for this country and area: a tampered field is refused whole.
  const chosen = await composerTargets(ctx.db, campaign, m.country, m.area || null);
  if (!chosen) return { kind: "no-targets" };
  const offered = new Set(chosen.targets.map((x) => x.publicId));
  const ids = await targetIdsOnList(ctx.db, chosen.list.id, m.target);
  if (m.target.some((id) => !offered.has(id) || !ids.has(id))) {
    return { kind: "invalid", errors: { target: "targetUnknown" }, values: { ...m, area: m.area ?? "" } };
  }
  const targetIds = [...new Set(m.target.map((id) => ids.get(id)!))];
  const names = chosen.targets.filter((x) => m.target.includes(x.publicId)).map((x) => x.name);

  const emailHmac = ctx.crypto.emailHmac(m.email);
  const alreadyVerified = await hasSignerProof(emailHmac);
  // A letter needs a confirmation mail unless this browser just confirmed a signature. Past its
  // hourly allowance an address gets no mail, so nobody floods an inbox through the composer;
  // and, as on the signing form, the answer is the same "check your inbox": a different one
  // would tell a stranger that the address was used recently (signed, wrote, asked for data).
  if (!alreadyVerified && !(await ctx.limiter.tryConsume("mail.recipient", recipientKey(emailHmac)))) {
    return { kind: "check-inbox" };
  }
  const created = await createMessage(
    ctx.db,
    ctx.crypto,
    {
      campaign: { id: campaign.id, slug: campaign.slug, title: campaign.content.title, dailyTargetCap: campaign.dailyTargetCap },
      locale: lang,
      letterLocale: campaign.content.locale,
      country: m.country,
      area: m.area || null,
      targetIds,
      targetNames: names,
      subject: m.subject,
      body: m.body,
      template: campaign.content.messageBody,
      name: m.name,
      email: m.email,
      alreadyVerified,
    },
    new URL(ctx.config.publicUrl).hostname,
  );
  ctx.wakeOutbox();
  return created.confirmed ? { kind: "sent", publicId: created.publicId } : { kind: "check-inbox" };
}
