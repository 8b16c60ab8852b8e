import type { DB } from "../../db/index";
import { findPartner, type Partner } from "../models/partner.server";

const TTL_MS = 1_000;
const cache = new WeakMap<object, Map<string, { at: number; partner: Promise<Partner | undefined> }>>();

/**
 * The partner a signature names, read at most once a second per process and campaign: an embed
 * on a partner's busy page brings its surge through here, and should cost what the campaign
 * lookup costs (app/web/campaign-page.server.ts), not one more query per signature.
 */
export function signingPartner(db: DB, campaignId: number, slug: string): Promise<Partner | undefined> {
  let byKey = cache.get(db);
  if (!byKey) cache.set(db, (byKey = new Map()));
  const key = `${campaignId} ${slug}`;
  let entry = byKey.get(key);
  if (!entry || Date.now() - entry.at > TTL_MS) {
    if (byKey.size > 1_000) byKey.clear();
    entry = { at: Date.now(), partner: findPartner(db, campaignId, slug) };
    entry.partner.catch(() => byKey!.delete(key));
    byKey.set(key, entry);
  }
  return entry.partner;
}
