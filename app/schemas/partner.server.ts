import { z } from "zod";
import type { PartnerField, PartnerValues } from "../lib/partner-form";
import { normalizeText } from "../lib/text.server";
import { fieldErrors, keep } from "./form.server";
import { isPartnerAddress, parseOrigin, suggestPartnerAddress } from "../lib/campaign-address";

export const PARTNER_NAME_MAX = 120;
export const PARTNER_ORIGINS_MAX = 10;
const URL_MAX = 300;

const checkbox = z.unknown().transform((v) => v !== undefined && v !== null && v !== "" && v !== false);

function isWebAddress(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "https:" || u.protocol === "http:") && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}

const website = z
  .string()
  .max(URL_MAX * 2, "websiteInvalid")
  .optional()
  .transform((s) => (s ?? "").trim())
  .refine((s) => s === "" || (s.length <= URL_MAX && isWebAddress(s)), "websiteInvalid")
  .transform((s) => (s === "" ? null : new URL(s).toString()));

/** Origins one per line (or separated by spaces or commas), each a plain http(s) origin. */
const origins = z
  .string()
  .max(4_000, "originsInvalid")
  .optional()
  .transform((s) => (s ?? "").split(/[\s,]+/).filter(Boolean))
  .refine((list) => list.length <= PARTNER_ORIGINS_MAX, "originsTooMany")
  .refine((list) => list.every((o) => parseOrigin(o) !== null), "originsInvalid")
  .transform((list) => [...new Set(list.map((o) => parseOrigin(o)!))]);

export const partnerSchema = z.object({
  name: z
    .string()
    .max(PARTNER_NAME_MAX * 2, "tooLong")
    .optional()
    .transform((s) => normalizeText(s ?? "").trim())
    .pipe(z.string().min(1, "partnerNameRequired").max(PARTNER_NAME_MAX, "tooLong")),
  slug: z
    .string()
    .max(80, "partnerAddressInvalid")
    .optional()
    .transform((s) => (s ?? "").trim().toLowerCase())
    .refine((s) => s === "" || isPartnerAddress(s), "partnerAddressInvalid"),
  website,
  listed: checkbox,
  origins,
  webhook_url: z
    .string()
    .max(1_000, "webhookInvalid")
    .optional()
    .transform((s) => (s ?? "").trim()),
  disabled: checkbox,
});

export type { PartnerField, PartnerValues };
export type PartnerInput = z.output<typeof partnerSchema> & { slug: string };

export function parsePartnerForm(
  input: Record<string, unknown>,
): { ok: true; value: PartnerInput } | { ok: false; errors: Partial<Record<PartnerField, string>>; values: PartnerValues } {
  const parsed = partnerSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: { ...parsed.data, slug: parsed.data.slug || suggestPartnerAddress(parsed.data.name) } };
  return {
    ok: false,
    errors: fieldErrors<PartnerField>(parsed.error.issues),
    values: {
      name: keep(input.name, PARTNER_NAME_MAX * 2),
      slug: keep(input.slug, 80),
      website: keep(input.website, URL_MAX),
      listed: !!input.listed,
      origins: keep(input.origins, 4_000),
      webhook_url: keep(input.webhook_url, 1_000),
      disabled: !!input.disabled,
    },
  };
}
