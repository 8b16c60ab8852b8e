import { audit } from "../models/audit.server";
import { draftUpdate, queueUpdateTest, sendDraft, updateAudience, updateWithVersions } from "../models/news-draft.server";
import { renderMarkdown } from "../lib/markdown.server";
import { textDirection } from "../lib/i18n";
import { previewCampaignUpdate } from "../outbox/kinds/campaign-update.server";
import { language } from "../outbox/kinds/context.server";
import type { RenderedEmail } from "../../emails/layout";
import type { ServiceContext } from "./context.server";
import { readTexts, typedTexts, type OrganiserCampaign } from "./news.server";

/** The news as each group of signers will get it: the mail's language, its news version, how many. */
export interface AudiencePreview {
  lang: string;
  versionLocale: string;
  count: number;
  dir: string;
  mail: RenderedEmail;
  /** What the HTML part shows inside its <body>, to set in the page. */
  htmlBody: string;
}

export type SendResult =
  | { kind: "invalid"; error: "updateDefaultMissing" }
  | { kind: "drafted"; id: number }
  | { kind: "preview"; values: Record<string, { title: string; body: string; html: string }> }
  | { kind: "tested"; to: string }
  | { kind: "posted"; queued: number }
  | { kind: "already-sent" }
  | { kind: "not-found" };

const draftId = (form: FormData | string | null) => {
  const n = Number(typeof form === "string" || form === null ? form : form.get("draft"));
  return Number.isInteger(n) && n >= 1 && n <= 2 ** 31 - 1 ? n : null;
};

/** First step of posting news: stored as a draft, shown to nobody, mailed to nobody. */
export async function draftNews(ctx: ServiceContext, organiserId: number, campaign: OrganiserCampaign, form: FormData): Promise<SendResult> {
  const texts = await readTexts(ctx, campaign, form);
  if (!texts) return { kind: "invalid", error: "updateDefaultMissing" };
  // A language with nothing typed is not stored; one half-typed is, to be finished later.
  const written = Object.fromEntries(Object.entries(texts).filter(([, t]) => t.title || t.body));
  return { kind: "drafted", id: await draftUpdate(ctx.db, campaign.id, organiserId, written) };
}

/** The typed news with each body rendered as the campaign page renders it; nothing is saved. */
export async function previewNews(ctx: ServiceContext, _organiserId: number, campaign: OrganiserCampaign, form: FormData): Promise<SendResult> {
  const texts = await typedTexts(ctx, campaign, form);
  return { kind: "preview", values: Object.fromEntries(Object.entries(texts).map(([l, t]) => [l, { ...t, html: renderMarkdown(t.body) }])) };
}

/**
 * The confirmation page of a draft: per language its signers read, how many will get it and the
 * mail exactly as the worker renders it for them (a language without its own complete version
 * gets the version the worker falls back to, and is counted there). Undefined once sent.
 */
export async function newsConfirmation(ctx: ServiceContext, campaign: OrganiserCampaign, id: string | null) {
  const updateId = draftId(id);
  const draft = updateId ? await updateWithVersions(ctx.db, campaign.id, updateId) : undefined;
  if (!updateId || !draft || draft.status !== "draft") return undefined;
  // The worker mails a signature whose language Padauk no longer speaks in the fallback language.
  const byLang = new Map<string, number>();
  for (const a of await updateAudience(ctx.db, campaign.id)) byLang.set(language(a.locale), (byLang.get(language(a.locale)) ?? 0) + a.count);
  if (!byLang.size) byLang.set(campaign.defaultLocale, 0);
  const audience: AudiencePreview[] = [];
  for (const [lang, count] of byLang) {
    const preview = await previewCampaignUpdate(ctx.db, ctx.config.publicUrl, ctx.config.appSecret, updateId, lang);
    if (preview) audience.push({ ...preview, count, dir: textDirection(preview.lang), htmlBody: mailBodyInPage(preview.mail.html) });
  }
  return { id: updateId, audience, total: audience.reduce((n, a) => n + a.count, 0) };
}

/**
 * The HTML part's body, to set inside the dashboard page: the mail's own heading becomes one
 * under the language's own (h4), so the page keeps one h1 and its outline (the template is ours, so its tags are known).
 */
function mailBodyInPage(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? "";
  return body.replace(/<(\/?)h1\b/g, "<$1h4");
}

/** Exactly one mail, to the organiser's own address, in their language; no signer and no count. */
export async function sendNewsTest(
  ctx: ServiceContext,
  organiser: { id: number; email: string },
  campaign: OrganiserCampaign,
  form: FormData,
  lang: string,
): Promise<SendResult> {
  const updateId = draftId(form);
  const draft = updateId ? await updateWithVersions(ctx.db, campaign.id, updateId) : undefined;
  if (!updateId || !draft) return { kind: "not-found" };
  await queueUpdateTest(ctx.db, ctx.crypto, organiser.email, lang, updateId, new URL(ctx.config.publicUrl).hostname);
  await audit(ctx.db, organiser.id, "news.tested", `${campaign.slug} update ${updateId}`);
  ctx.wakeOutbox();
  return { kind: "tested", to: organiser.email };
}

/** The last step: the draft goes to every consenting signer, once however often it is confirmed. */
export async function confirmNews(ctx: ServiceContext, organiserId: number, campaign: OrganiserCampaign, form: FormData): Promise<SendResult> {
  const updateId = draftId(form);
  if (!updateId) return { kind: "not-found" };
  const sent = await sendDraft(ctx.db, ctx.crypto, campaign.id, updateId, new URL(ctx.config.publicUrl).hostname);
  if (sent.kind !== "sent") return sent;
  // A news post mails signers: who sent it, and to how many, is on record.
  await audit(ctx.db, organiserId, "news.posted", campaign.slug, sent.queued);
  ctx.wakeOutbox();
  return { kind: "posted", queued: sent.queued };
}
