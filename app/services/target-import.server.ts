import { parse } from "csv-parse/sync";
import { z } from "zod";
import { isCountryCode } from "../lib/countries";
import { normalizeText } from "../lib/text.server";
import { SALUTATION_KINDS, type SalutationKind } from "../../emails/target-message";
import type { NewTarget } from "../models/target.server";

/**
 * The columns of a target import, in the header row, any order. An optional `salutation` column
 * (minister, ambassador, name or sir-or-madam) says how letters address an official whose role
 * does not tell; empty cells, or no such column, leave it to the role.
 */
export const TARGET_COLUMNS = ["name", "role", "organisation", "country", "area", "language", "email"] as const;

export interface TargetRow extends NewTarget {
  salutation?: SalutationKind;
}

export interface RowProblem {
  /** Line in the file, counting the header as line 1. */
  line: number;
  reason: string;
}

const text = (max: number, label: string, required = true) =>
  z
    .string()
    .transform((s) => normalizeText(s))
    .pipe(
      required
        ? z.string().min(1, `${label} is missing`).max(max, `${label} is longer than ${max} characters`)
        : z.string().max(max, `${label} is longer than ${max} characters`),
    );

const rowSchema = z.object({
  name: text(200, "name"),
  role: text(200, "role"),
  organisation: text(200, "organisation"),
  country: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine(isCountryCode, (s) => ({ message: `unknown country code "${s}"` })),
  area: text(200, "area", false).transform((s) => s || null),
  language: z
    .string()
    .transform((s) =>
      s
        .split(/[;,\s]+/)
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .refine((ls) => ls.length > 0, "language is missing")
    .refine((ls) => ls.every((l) => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(l)), "language must be codes like en or fr;en"),
  email: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().email("invalid email address").max(254, "invalid email address")),
  salutation: z
    .string()
    .optional()
    .transform((s) => s?.trim().toLowerCase() || undefined)
    .pipe(z.enum(SALUTATION_KINDS, { errorMap: () => ({ message: `salutation must be empty or one of ${SALUTATION_KINDS.join(", ")}` }) }).optional()),
});

/**
 * Parse and check a whole CSV file. Every bad row is reported with its line and reason; the
 * caller imports nothing unless the list of problems is empty.
 */
export function checkTargetCsv(csv: string, existingEmails: Set<string> = new Set()): { rows: TargetRow[]; problems: RowProblem[] } {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
      trim: false,
      relax_column_count: false,
    });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { rows: [], problems: [{ line: e.lines ?? 0, reason: `not valid CSV: ${e.message}` }] };
  }
  const header = csv
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/, 1)[0]
    .split(",")
    .map((c) => c.trim().toLowerCase().replace(/^"|"$/g, ""));
  const missing = TARGET_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { rows: [], problems: [{ line: 1, reason: `missing column(s): ${missing.join(", ")}` }] };

  const rows: TargetRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  records.forEach((rec, i) => {
    const line = i + 2;
    const parsed = rowSchema.safeParse(rec);
    if (!parsed.success) {
      problems.push({ line, reason: [...new Set(parsed.error.issues.map((x) => x.message))].join("; ") });
      return;
    }
    const key = parsed.data.email.toLowerCase();
    if (seen.has(key)) {
      problems.push({ line, reason: `duplicate: ${parsed.data.email} is also on line ${seen.get(key)}` });
      return;
    }
    if (existingEmails.has(key)) {
      problems.push({ line, reason: `duplicate: ${parsed.data.email} is already on this list` });
      return;
    }
    seen.set(key, line);
    const { language, ...rest } = parsed.data;
    rows.push({ ...rest, languages: language });
  });
  return { rows, problems };
}
