import { z } from "zod";
import { isCountryCode } from "../lib/countries";
import { normalizeText } from "../lib/text.server";
import { fieldErrors, keep } from "./form.server";

export const PAPER_COUNT_MAX = 1_000_000;
export const PAPER_PLACE_MAX = 200;
export const PAPER_ATTESTED_MAX = 200;
export const PAPER_REASON_MAX = 500;

/** The fields of the form that records or corrects a batch. */
export const PAPER_FIELDS = ["country", "count", "collected_on", "place", "attested_by"] as const;
export type PaperField = (typeof PAPER_FIELDS)[number];
export type PaperValues = Record<PaperField, string>;

/**
 * Digits as a person types them: an organiser in Yangon may count in Burmese digits (၁၂၄၀), one
 * in Bangkok in Thai ones; group separators (1,240 · 1 240 · 1.240) are dropped.
 */
function asciiDigits(s: string): string {
  return s
    .replace(/[\u1040-\u1049]/g, (d) => String(d.charCodeAt(0) - 0x1040))
    .replace(/[\u0e50-\u0e59]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/[\s,.'\u00a0\u202f\u066c]/g, "");
}

const text = (max: number) =>
  z
    .string()
    .max(max * 4, "tooLong")
    .optional()
    .transform((s) => normalizeText((s ?? "").replace(/\s+/g, " ")))
    .pipe(z.string().max(max, "tooLong"));

/** Whether `s` is a real calendar day written YYYY-MM-DD (not 2026-02-30). */
function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * A batch of signatures collected on paper: where, how many, when, who vouches for it. `earliest`
 * and `latest` bound the day it was collected (YYYY-MM-DD): not before the campaign opened, not
 * in the future.
 */
export function paperBatchSchema(bounds: { earliest: string; latest: string }) {
  return z.object({
    country: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim().toUpperCase())
      .refine(isCountryCode, "paperCountryInvalid"),
    count: z
      .string()
      .max(40, "paperCountInvalid")
      .optional()
      .transform((s) => asciiDigits(s ?? ""))
      .refine((s) => /^\d{1,7}$/.test(s), "paperCountInvalid")
      .transform(Number)
      .refine((n) => n >= 1 && n <= PAPER_COUNT_MAX, "paperCountInvalid"),
    collected_on: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .refine(isDay, "paperDateInvalid")
      .refine((s) => s <= bounds.latest, "paperDateFuture")
      .refine((s) => s >= bounds.earliest, "paperDateBeforeOpen"),
    place: text(PAPER_PLACE_MAX).transform((s) => s || null),
    attested_by: text(PAPER_ATTESTED_MAX).refine((s) => s.length > 0, "paperAttestedRequired"),
  });
}

export type PaperBatchInput = z.output<ReturnType<typeof paperBatchSchema>>;

/** Each field as typed, bounded, to show the form again beside its messages. */
export function paperValues(form: FormData): PaperValues {
  return Object.fromEntries(PAPER_FIELDS.map((f) => [f, keep(form.get(f), 400)])) as PaperValues;
}

export function parsePaperBatch(
  form: FormData,
  bounds: { earliest: string; latest: string },
): { ok: true; value: PaperBatchInput } | { ok: false; errors: Partial<Record<PaperField, string>>; values: PaperValues } {
  const raw: Record<string, string> = {};
  for (const f of PAPER_FIELDS) {
    const v = form.get(f);
    if (typeof v === "string") raw[f] = v;
  }
  const parsed = paperBatchSchema(bounds).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: fieldErrors<PaperField>(parsed.error.issues), values: paperValues(form) };
}

/** Why a batch no longer counts: required, so the audit log and the list say it. */
export const invalidationSchema = z.object({
  reason: text(PAPER_REASON_MAX).refine((s) => s.length > 0, "paperReasonRequired"),
});
