import { z, type ZodIssue } from "zod";
import { signatureFormSchema } from "./signature.server";

/**
 * The body of the OSDI record signature helper (docs/osdi-api.md). The person's name, address
 * and country pass the very rules of the public signing form (Zawgyi → Unicode, no links in a
 * name, a known country); unknown OSDI fields (`add_tags`, `custom_fields`, `action_network:…`)
 * are ignored, not refused, so an OSDI client written for another system works unchanged.
 */

/** The form's messages are i18n keys; an API client reads English sentences instead. */
const MESSAGES: Record<string, string> = {
  nameRequired: "A name is required.",
  nameTooLong: "The name is too long (at most 100 characters in all).",
  nameInvalid: "The name contains control or direction-override characters.",
  nameHasLink: "A name may not contain a web or email address.",
  emailRequired: "An email address is required.",
  emailInvalid: "This is not a valid email address.",
  countryRequired: "A country is required (an ISO 3166-1 alpha-2 code such as MM).",
  countryUnknown: "Unknown country: give an ISO 3166-1 alpha-2 code such as MM.",
};

const namePart = signatureFormSchema.shape.name;
const optionalNamePart = z
  .string({ invalid_type_error: "nameInvalid" })
  .optional()
  .transform((s) => s ?? "")
  .pipe(z.union([z.literal(""), namePart]));

export const recordSignatureSchema = z
  .object({
    person: z
      .object(
        {
          given_name: namePart,
          family_name: optionalNamePart,
          email_addresses: z
            .array(z.object({ address: signatureFormSchema.shape.email }).passthrough(), {
              required_error: "emailRequired",
              invalid_type_error: "emailRequired",
            })
            .min(1, "emailRequired")
            .max(5, "Give at most 5 email addresses; the first is used."),
          postal_addresses: z
            .array(z.object({ country: signatureFormSchema.shape.country }).passthrough(), {
              required_error: "countryRequired",
              invalid_type_error: "countryRequired",
            })
            .min(1, "countryRequired")
            .max(5, "Give at most 5 postal addresses; the first is used."),
          languages_spoken: z
            .array(z.string().max(35, "A language is a BCP 47 tag such as my or en."), { invalid_type_error: "languages_spoken is a list of language tags." })
            .max(10, "Give at most 10 languages.")
            .optional(),
        },
        { required_error: "A person is required.", invalid_type_error: "A person is required." },
      )
      .passthrough(),
    consent_partner: z.boolean({ invalid_type_error: "consent_partner is true or false." }).optional(),
  })
  .passthrough()
  .superRefine((v, ctx) => {
    const name = [v.person.given_name, v.person.family_name].filter(Boolean).join(" ");
    if (name.length > 100) ctx.addIssue({ code: "custom", path: ["person", "family_name"], message: "nameTooLong" });
  });

export interface RecordSignatureBody {
  name: string;
  email: string;
  country: string;
  languages: string[];
  consentPartner: boolean;
}

/** `["person", "email_addresses", 0, "address"]` → `person.email_addresses[0].address`. */
function fieldName(path: (string | number)[]): string {
  return path.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${p}` : p), "") || "body";
}

function messages(issues: ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const field = fieldName(issue.path);
    if (!fields[field]) fields[field] = MESSAGES[issue.message] ?? issue.message;
  }
  return fields;
}

export function parseRecordSignature(body: unknown): { ok: true; value: RecordSignatureBody } | { ok: false; fields: Record<string, string> } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { ok: false, fields: { body: "The body must be a JSON object." } };
  const parsed = recordSignatureSchema.safeParse(body);
  if (!parsed.success) return { ok: false, fields: messages(parsed.error.issues) };
  const p = parsed.data.person;
  return {
    ok: true,
    value: {
      name: [p.given_name, p.family_name].filter(Boolean).join(" "),
      email: p.email_addresses[0].address,
      country: p.postal_addresses[0].country,
      languages: p.languages_spoken ?? [],
      consentPartner: parsed.data.consent_partner === true,
    },
  };
}
