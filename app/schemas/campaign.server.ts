import { z } from "zod";
import { supportedLanguages } from "../lib/i18n";
import { normalizeText } from "../lib/text.server";
import { fieldErrors, keep } from "./form.server";
import { TRANSLATION_LIMITS } from "../lib/limits";
import { isCampaignAddress } from "../lib/campaign-address";

const optionalId = z
  .string()
  .optional()
  .transform((s) => (s ? Number(s) : null))
  .pipe(z.number().int().positive().nullable());

const goal = z.coerce.number({ invalid_type_error: "goalInvalid" }).int("goalInvalid").min(1, "goalInvalid").max(100_000_000, "goalInvalid");

export const settingsSchema = z.object({
  goal,
  target_list: optionalId,
  daily_target_cap: z.coerce.number({ invalid_type_error: "capInvalid" }).int("capInvalid").min(1, "capInvalid").max(100_000, "capInvalid"),
  status: z.enum(["draft", "open", "closed", "archived"], { errorMap: () => ({ message: "statusInvalid" }) }),
  retention_days: z.coerce.number({ invalid_type_error: "capInvalid" }).int("capInvalid").min(1, "capInvalid").max(3650, "capInvalid"),
  // Checkboxes: present when ticked.
  pow_required: z.unknown().transform((v) => v !== undefined && v !== null && v !== ""),
  neutral_mail: z.unknown().transform((v) => v !== undefined && v !== null && v !== ""),
  paper_counts_to_goal: z.unknown().transform((v) => v !== undefined && v !== null && v !== ""),
});

const text = (max: number) =>
  z
    .string()
    .max(max * 2, "tooLong")
    .optional()
    .transform((s) => normalizeText((s ?? "").replace(/\r\n?/g, "\n")))
    .pipe(z.string().max(max, "tooLong"));

/**
 * A new campaign: its title first (in its default language); the address may be left empty, and
 * is then suggested from the title for the organiser to accept.
 */
export const newCampaignSchema = z.object({
  title: text(TRANSLATION_LIMITS.title).refine((s) => s.length > 0, "titleRequired"),
  slug: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim().toLowerCase())
    .refine((s) => s === "" || isCampaignAddress(s), "slugInvalid"),
  default_locale: z.enum(supportedLanguages, { errorMap: () => ({ message: "localeInvalid" }) }),
  goal,
  target_list: optionalId,
});

export const translationSchema = z.object({
  title: text(TRANSLATION_LIMITS.title),
  summary: text(TRANSLATION_LIMITS.summary),
  body: text(TRANSLATION_LIMITS.body),
  demand: text(TRANSLATION_LIMITS.demand),
  addressed_to: text(TRANSLATION_LIMITS.addressed_to),
  message_subject: text(TRANSLATION_LIMITS.message_subject).transform((s) => s.replace(/\s*\n\s*/g, " ")),
  message_body: text(TRANSLATION_LIMITS.message_body),
});

export function parseForm<T extends z.ZodTypeAny>(schema: T, form: FormData) {
  const raw: Record<string, string> = {};
  for (const key of Object.keys((schema as unknown as z.AnyZodObject).shape)) {
    const v = form.get(key);
    if (typeof v === "string") raw[key] = v;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true as const, value: parsed.data as z.infer<T> };
  return {
    ok: false as const,
    errors: fieldErrors<string>(parsed.error.issues),
    values: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, keep(v, 25_000)])),
  };
}
