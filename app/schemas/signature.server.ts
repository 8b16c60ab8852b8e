import { z } from "zod";
import { isCountryCode } from "../lib/countries";
import { normalizeText } from "../lib/text.server";
import { EMAIL_MAX, NAME_MAX } from "../lib/limits";
import { fieldErrors, keep } from "./form.server";
import { isPartnerAddress } from "../lib/campaign-address";

// Control characters and bidirectional overrides have no place in a name and can disguise one.
const CONTROL_OR_BIDI = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
// A web or email address in the name field is how spam rides on petition pages.
const LINK = /(https?:\/\/|www\.|@|\b[\p{L}\p{N}-]+\.(com|net|org|info|biz|io|ru|cn|xyz|top|me|ly|co|link|click|site|online)\b)/iu;

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("1"), z.literal("yes")])
  .optional()
  .transform((v) => v !== undefined);

/**
 * The public signing form. Messages are i18n keys (errors.*) so the page shows them in the
 * visitor's language; text is normalised (Zawgyi → Unicode, NFC) before any check.
 */
export const signatureFormSchema = z.object({
  name: z
    .string({ required_error: "nameRequired", invalid_type_error: "nameRequired" })
    // Bounded before the Zawgyi conversion, whose cost grows with the text: a megabyte "name"
    // must be refused at once, not converted.
    .max(NAME_MAX * 2, "nameTooLong")
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .min(1, "nameRequired")
        .max(NAME_MAX, "nameTooLong")
        .refine((s) => !CONTROL_OR_BIDI.test(s), "nameInvalid")
        .refine((s) => !LINK.test(s), "nameHasLink"),
    ),
  email: z
    .string({ required_error: "emailRequired", invalid_type_error: "emailRequired" })
    .transform((s) => s.normalize("NFC").trim())
    .pipe(z.string().min(1, "emailRequired").max(EMAIL_MAX, "emailInvalid").email("emailInvalid")),
  country: z
    .string({ required_error: "countryRequired", invalid_type_error: "countryRequired" })
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.string().min(1, "countryRequired").refine(isCountryCode, "countryUnknown")),
  consent_updates: checkbox,
  show_name: checkbox,
  // A campaign link's tag (?source=partner-x); anything else is dropped, not refused.
  source: z
    .string()
    .optional()
    .transform((s) => (s && /^[A-Za-z0-9._-]{1,64}$/.test(s) ? s.toLowerCase() : null)),
  // The partner whose link or embed this came through (?partner=); a malformed one is dropped.
  partner: z
    .string()
    .optional()
    .transform((s) => (s && isPartnerAddress(s) ? s : null)),
  // The signer's permission for that partner only, separate from the campaign's own news.
  consent_partner: checkbox,
});

export type SignatureForm = z.infer<typeof signatureFormSchema>;
export type SignatureField = "name" | "email" | "country";

export interface SignatureFormValues {
  name: string;
  email: string;
  country: string;
  consent_updates: boolean;
  show_name: boolean;
  consent_partner: boolean;
}

export function parseSignatureForm(
  form: FormData,
): { ok: true; value: SignatureForm } | { ok: false; errors: Partial<Record<SignatureField, string>>; values: SignatureFormValues } {
  const raw = Object.fromEntries(
    ["name", "email", "country", "consent_updates", "show_name", "source", "partner", "consent_partner"].map((k) => {
      const v = form.get(k);
      return [k, typeof v === "string" ? v : undefined];
    }),
  );
  const parsed = signatureFormSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: fieldErrors<SignatureField>(parsed.error.issues),
    values: {
      name: keep(raw.name, 1000),
      email: keep(raw.email, 1000),
      country: keep(raw.country, 10),
      consent_updates: raw.consent_updates !== undefined,
      show_name: raw.show_name !== undefined,
      consent_partner: raw.consent_partner !== undefined,
    },
  };
}
