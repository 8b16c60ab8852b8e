import type { CampaignView } from "../models/campaign.server";

/**
 * JSON for the read-only API: cacheable for a few seconds by any proxy, so a surge of readers
 * costs the database little, while the count is never more than a few seconds old.
 */
export function apiJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": status === 200 ? "public, max-age=5, stale-while-revalidate=10" : "public, max-age=5",
      "Access-Control-Allow-Origin": "*",
    },
  });
}

export function campaignSummary(c: CampaignView, titles: Record<string, string>, publicUrl: string) {
  return {
    slug: c.slug,
    status: c.status,
    goal: c.goal,
    signatureCount: c.signatureCount,
    defaultLocale: c.defaultLocale,
    locales: Object.keys(titles),
    titles,
    closedAt: c.closedAt,
    url: `${publicUrl}/${c.defaultLocale}/campaigns/${c.slug}`,
  };
}
