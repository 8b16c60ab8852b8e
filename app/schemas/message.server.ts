import { z } from "zod";
import { isCountryCode } from "../lib/countries";
import { normalizeText } from "../lib/text.server";
import { signatureFormSchema } from "./signature.server";
import { AREA_MAX, BODY_MAX, SUBJECT_MAX, TARGETS_MAX } from "../lib/limits";
import { fieldErrors, keep } from "./form.server";

// Control characters other than line breaks and tabs have no place in a letter.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/**
 * The composer's form (`/:lang/campaigns/:slug/write`). Messages are i18n keys. The subject is
 * one line: line breaks are folded into spaces, so no header can ride in on it; name and email
 * are checked exactly as on the signing form.
 */
export const messageFormSchema = z.object({
  name: signatureFormSchema.shape.name,
  email: signatureFormSchema.shape.email,
  country: z
    .string({ required_error: "countryRequired", invalid_type_error: "countryRequired" })
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.string().min(1, "countryRequired").refine(isCountryCode, "countryUnknown")),
  area: z
    .string()
    .max(AREA_MAX * 2, "areaTooLong")
    .optional()
    .transform((s) => normalizeText(s ?? "").replace(/\s+/g, " "))
    .pipe(
      z
        .string()
        .max(AREA_MAX, "areaTooLong")
        .refine((s) => !CONTROL.test(s), "areaTooLong"),
    ),
  target: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "targetUnknown"))
    .min(1, "targetRequired")
    .max(TARGETS_MAX, "targetUnknown"),
  subject: z
    .string({ required_error: "subjectRequired", invalid_type_error: "subjectRequired" })
    .max(SUBJECT_MAX * 2, "subjectTooLong")
    .transform((s) =>
      normalizeText(s)
        .replace(/[\r\n\u2028\u2029]+/g, " ")
        .replace(/\s+/g, " "),
    )
    .pipe(
      z
        .string()
        .min(1, "subjectRequired")
        .max(SUBJECT_MAX, "subjectTooLong")
        .refine((s) => !CONTROL.test(s), "textInvalid"),
    ),
  body: z
    .string({ required_error: "bodyRequired", invalid_type_error: "bodyRequired" })
    .max(BODY_MAX * 2, "bodyTooLong")
    .transform((s) => normalizeText(s.replace(/\r\n?/g, "\n")))
    .pipe(
      z
        .string()
        .min(1, "bodyRequired")
        .max(BODY_MAX, "bodyTooLong")
        .refine((s) => !CONTROL.test(s), "textInvalid"),
    ),
});

export type MessageForm = z.infer<typeof messageFormSchema>;
export type MessageField = "name" | "email" | "country" | "area" | "target" | "subject" | "body";

export interface MessageFormValues {
  name: string;
  email: string;
  country: string;
  area: string;
  target: string[];
  subject: string;
  body: string;
}

export function parseMessageForm(
  form: FormData,
): { ok: true; value: MessageForm } | { ok: false; errors: Partial<Record<MessageField, string>>; values: MessageFormValues } {
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : undefined;
  };
  const raw = {
    name: str("name"),
    email: str("email"),
    country: str("country"),
    area: str("area"),
    target: form.getAll("target").filter((v): v is string => typeof v === "string"),
    subject: str("subject"),
    body: str("body"),
  };
  const parsed = messageFormSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: fieldErrors<MessageField>(parsed.error.issues),
    values: {
      name: keep(raw.name, 1000),
      email: keep(raw.email, 1000),
      country: keep(raw.country, 10),
      area: keep(raw.area, 500),
      target: raw.target.slice(0, TARGETS_MAX),
      subject: keep(raw.subject, 1000),
      body: keep(raw.body, 20_000),
    },
  };
}
