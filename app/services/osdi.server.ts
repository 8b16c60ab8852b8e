// The OSDI 1.1 API for partners' and organisers' tools (docs/osdi-api.md, decision 072): HAL
// resources built from what the caller may see, and the record signature helper, which signs
// through the same checks as the public form and stays pending until the signer confirms.

import { apiTokenOwner } from "../models/api-token.server";
import { findPublicCampaign } from "../models/campaign.server";
import {
  apiCaller,
  callerCampaigns,
  callerSignaturesPage,
  countCallerSignatures,
  type ApiCaller,
  type ApiCampaign,
  type CallerSignature,
} from "../models/partner-signatures.server";
import { parseRecordSignature } from "../schemas/osdi.server";
import { isSupportedLanguage, type Language } from "../lib/i18n";
import { throttle, type ServiceContext, type Throttle } from "./context.server";
import { signChecked } from "./sign.server";

export const OSDI_PER_PAGE = 25;
/** A page number past this is refused: no tool needs it, and a huge OFFSET is work for nothing. */
const MAX_PAGE = 100_000;
const CURIES = [{ name: "osdi", href: "https://opensupporter.github.io/osdi-docs/{rel}", templated: true }];

type Hal = Record<string, unknown>;

export type OsdiAuth = { kind: "unauthorized"; message: string } | Throttle | { kind: "ok"; caller: ApiCaller };

/**
 * The token of the `OSDI-API-Token` header, its owner, and the owner's throttle. A wrong, revoked
 * or disabled owner's token gets the same answer as a missing one, less its wording.
 */
export async function authenticate(ctx: ServiceContext, token: string | null): Promise<OsdiAuth> {
  if (!token) return { kind: "unauthorized", message: "Send your API token in the OSDI-API-Token header." };
  const owner = await apiTokenOwner(ctx.db, token.trim());
  const caller = owner ? await apiCaller(ctx.db, owner) : null;
  if (!owner || !caller) return { kind: "unauthorized", message: "This API token is not valid (unknown, revoked or of a disabled account)." };
  const throttled = await throttle(ctx.limiter, ["api.token", String(owner.tokenId)]);
  if (throttled) return throttled;
  return { kind: "ok", caller };
}

export function apiBase(ctx: ServiceContext): string {
  return `${ctx.config.publicUrl}/api/osdi/v1`;
}

/** The API entry point (OSDI's AEP). */
export function entryPoint(ctx: ServiceContext): Hal {
  const base = apiBase(ctx);
  return {
    motd: "Padauk's OSDI API: the petitions you may see, your own confirmed signatures, and a helper to record new ones.",
    vendor_name: "Padauk",
    product_name: "Padauk",
    osdi_version: "1.1",
    max_pagesize: OSDI_PER_PAGE,
    namespace: "padauk",
    _links: {
      curies: CURIES,
      self: { href: `${base}/`, title: "This API entry point" },
      "osdi:petitions": { href: `${base}/petitions`, title: "The petitions this token may see" },
      docs: { href: "https://opensupporter.github.io/osdi-docs/", title: "OSDI 1.1, which this API follows (Padauk's own page: docs/osdi-api.md)" },
    },
  };
}

function petition(ctx: ServiceContext, c: ApiCampaign): Hal {
  const self = `${apiBase(ctx)}/petitions/${c.slug}`;
  return {
    identifiers: [`padauk:${c.slug}`],
    origin_system: "Padauk",
    created_date: c.createdAt.toISOString(),
    modified_date: c.modifiedAt.toISOString(),
    title: c.title,
    summary: c.summary,
    total_signatures: c.confirmed,
    browser_url: `${ctx.config.publicUrl}/${c.defaultLocale}/campaigns/${c.slug}`,
    "padauk:status": c.status,
    _links: {
      self: { href: self },
      "osdi:signatures": { href: `${self}/signatures` },
      "osdi:record_signature_helper": { href: `${self}/signatures` },
    },
  };
}

export type PageNumber = { ok: true; page: number } | { ok: false; message: string };

/** `?page=N`: a whole number from 1; absent means 1. */
export function pageNumber(raw: string | null): PageNumber {
  if (raw === null || raw === "") return { ok: true, page: 1 };
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PAGE) return { ok: false, message: `page is a whole number from 1 to ${MAX_PAGE}.` };
  return { ok: true, page: Number(raw) };
}

/** The paging fields and links OSDI collections carry. */
function collection(href: string, page: number, total: number, rel: string, items: Hal[], listed: boolean): Hal {
  const totalPages = Math.max(1, Math.ceil(total / OSDI_PER_PAGE));
  const at = (n: number) => ({ href: `${href}?page=${n}` });
  return {
    total_pages: totalPages,
    per_page: OSDI_PER_PAGE,
    page,
    total_records: total,
    _links: {
      curies: CURIES,
      self: at(page),
      ...(page < totalPages ? { next: at(page + 1) } : {}),
      ...(page > 1 ? { prev: at(Math.min(page - 1, totalPages)) } : {}),
      // Resources that have an address of their own are listed by it, as OSDI collections do.
      ...(listed ? { [rel]: items.map((i) => (i._links as { self: { href: string } }).self) } : {}),
    },
    _embedded: { [rel]: items },
  };
}

export async function listPetitions(ctx: ServiceContext, caller: ApiCaller, page: number): Promise<Hal> {
  const all = await callerCampaigns(ctx.db, caller);
  const items = all.slice((page - 1) * OSDI_PER_PAGE, page * OSDI_PER_PAGE).map((c) => petition(ctx, c));
  return collection(`${apiBase(ctx)}/petitions`, page, all.length, "osdi:petitions", items, true);
}

export async function getPetition(ctx: ServiceContext, caller: ApiCaller, slug: string): Promise<{ kind: "not_found" } | { kind: "ok"; body: Hal }> {
  const [c] = await callerCampaigns(ctx.db, caller, slug);
  return c ? { kind: "ok", body: petition(ctx, c) } : { kind: "not_found" };
}

/** An OSDI person: name and address only when given (that is, when the signer consented). */
function person(p: { name: string | null; email: string | null; country: string; locale: string }): Hal {
  return {
    ...(p.name !== null ? { given_name: p.name } : {}),
    ...(p.email !== null ? { email_addresses: [{ address: p.email, primary: true }] } : {}),
    postal_addresses: [{ country: p.country }],
    languages_spoken: [p.locale],
  };
}

function signature(petitionHref: string, s: CallerSignature): Hal {
  return {
    identifiers: [`padauk:signature-${s.id}`],
    origin_system: "Padauk",
    created_date: s.createdAt.toISOString(),
    ...(s.confirmedAt ? { modified_date: s.confirmedAt.toISOString() } : {}),
    country: s.country,
    language: s.locale,
    _embedded: { "osdi:person": person(s) },
    // No self link: a signature has no address of its own here; its identifier is what a sync keys on.
    _links: { "osdi:petition": { href: petitionHref } },
  };
}

export async function listSignatures(
  ctx: ServiceContext,
  caller: ApiCaller,
  slug: string,
  page: number,
): Promise<{ kind: "not_found" } | { kind: "ok"; body: Hal }> {
  const [c] = await callerCampaigns(ctx.db, caller, slug);
  if (!c) return { kind: "not_found" };
  const petitionHref = `${apiBase(ctx)}/petitions/${c.slug}`;
  const [total, rows] = await Promise.all([
    countCallerSignatures(ctx.db, caller, c.id),
    callerSignaturesPage(ctx.db, ctx.crypto, caller, c.id, (page - 1) * OSDI_PER_PAGE, OSDI_PER_PAGE),
  ]);
  return {
    kind: "ok",
    body: collection(
      `${petitionHref}/signatures`,
      page,
      total,
      "osdi:signatures",
      rows.map((s) => signature(petitionHref, s)),
      false,
    ),
  };
}

export type RecordResult =
  | { kind: "not_found" }
  | { kind: "invalid"; message: string; fields: Record<string, string> }
  | { kind: "closed" }
  | Throttle
  | { kind: "accepted"; body: Hal };

/**
 * The record signature helper. The signature is written PENDING and attributed to the calling
 * partner; Padauk mails the person its own confirmation link, in their language, and the
 * signature counts only once they follow it. The answer is the same whether the address is new,
 * pending or already confirmed (only the mail differs), so a token cannot test addresses.
 */
export async function recordSignature(ctx: ServiceContext, caller: ApiCaller, slug: string, body: unknown): Promise<RecordResult> {
  const [c] = await callerCampaigns(ctx.db, caller, slug);
  if (!c) return { kind: "not_found" };
  const parsed = parseRecordSignature(body);
  if (!parsed.ok) return { kind: "invalid", message: "The signature is not valid: see fields.", fields: parsed.fields };
  const v = parsed.value;
  // The confirmation mail speaks the person's first language where Padauk has one, else the
  // campaign's; the title in it follows (the default language while theirs is unwritten).
  const asked = v.languages[0]?.toLowerCase().split("-")[0];
  const lang: Language = isSupportedLanguage(asked) ? asked : isSupportedLanguage(c.defaultLocale) ? c.defaultLocale : "en";
  const campaign = await findPublicCampaign(ctx.db, c.slug, lang);
  if (!campaign || campaign.status !== "open") return { kind: "closed" };
  const partnerId = caller.kind === "partner" ? caller.partnerId : null;
  const result = await signChecked(
    ctx,
    campaign,
    {
      name: v.name,
      email: v.email,
      country: v.country,
      locale: lang,
      // The campaign's own news is a choice the person makes on its pages, never one a tool makes for them.
      consentUpdates: false,
      showName: false,
      source: "osdi",
      partnerId,
      consentPartner: partnerId !== null && v.consentPartner,
    },
    // The token's own throttle was spent by authenticate(); the form's per-visitor throttles do
    // not apply, as every signature of a partner's tool comes from the same server.
    { first: [] },
  );
  if (result.kind === "emailDomainBlocked") {
    return {
      kind: "invalid",
      message: "The signature is not valid: see fields.",
      fields: { "person.email_addresses[0].address": "Addresses of this domain cannot sign." },
    };
  }
  if (result.kind === "throttled") return result;
  const petitionHref = `${apiBase(ctx)}/petitions/${c.slug}`;
  return {
    kind: "accepted",
    body: {
      identifiers: [],
      origin_system: "Padauk",
      created_date: new Date().toISOString(),
      "padauk:status": "pending_confirmation",
      "padauk:message": "Padauk has mailed this person a link to confirm their signature; it counts once they follow it.",
      country: v.country,
      language: lang,
      _embedded: { "osdi:person": person({ name: v.name, email: v.email, country: v.country, locale: lang }) },
      _links: { "osdi:petition": { href: petitionHref }, "osdi:signatures": { href: `${petitionHref}/signatures` } },
    },
  };
}
