import { createHash } from "node:crypto";
import type { CampaignView } from "../models/campaign.server";

/**
 * JSON for the read-only API: cacheable for a few seconds by any proxy, so a surge of readers
 * costs the database little, while the count is never more than a few seconds old. An ETag lets
 * a client or cache that already holds the same answer get a bodiless 304.
 */
export function apiJson(body: unknown, status = 200, request?: Request): Response {
  const text = JSON.stringify(body);
  const etag = `W/"${createHash("sha1").update(text).digest("base64url").slice(0, 22)}"`;
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": status === 200 ? "public, max-age=5, stale-while-revalidate=10" : "public, max-age=5",
    ETag: etag,
    "Access-Control-Allow-Origin": "*",
  };
  const match = request?.headers.get("If-None-Match");
  if (status === 200 && match && match.split(/\s*,\s*/).includes(etag)) return new Response(null, { status: 304, headers });
  return new Response(text, { status, headers });
}

/**
 * One campaign as the API lists it. `paperSignatures` (valid batches collected on paper or at
 * events) is given apart from the online `signatureCount`, never added to it (decision 069).
 */
export function campaignSummary(c: CampaignView, titles: Record<string, string>, publicUrl: string, paperSignatures = 0) {
  return {
    slug: c.slug,
    status: c.status,
    goal: c.goal,
    signatureCount: c.signatureCount,
    paperSignatures,
    defaultLocale: c.defaultLocale,
    locales: Object.keys(titles),
    titles,
    closedAt: c.closedAt,
    url: `${publicUrl}/${c.defaultLocale}/campaigns/${c.slug}`,
  };
}
