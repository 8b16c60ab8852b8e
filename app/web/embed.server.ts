import type { AppLoadContext } from "@remix-run/node";
import { signingPartner } from "../services/partner-lookup.server";
import { partnerParam } from "./sign-action.server";

/** What every embed page's loader carries about the partner whose page frames it. */
export interface EmbedData {
  partner: { slug: string; name: string } | null;
  /** The partner's listed origins: the page's CSP `frame-ancestors`. None forbids framing. */
  frameAncestors: string[];
}

/** The partner an embed's `?partner=` names, live in this campaign, or none. */
export async function embedPartner(context: AppLoadContext, campaignId: number, slug: string | null): Promise<EmbedData> {
  const wanted = partnerParam(slug);
  const partner = wanted ? await signingPartner(context.db, campaignId, wanted) : undefined;
  return partner ? { partner: { slug: partner.slug, name: partner.name }, frameAncestors: partner.origins } : { partner: null, frameAncestors: [] };
}

/**
 * An embed's pages keep the partner in their address: the frame holds no cookie (a partner's
 * page is another site, whose cookies browsers block), so the URL is the only state it carries.
 */
export function embedPath(lang: string, slug: string, step: "signed" | "thanks" | null, partner: string | null): string {
  return `/embed/${lang}/campaigns/${slug}${step ? `/${step}` : ""}${partner ? `?partner=${partner}` : ""}`;
}
