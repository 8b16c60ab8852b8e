import type { ZodIssue } from "zod";

/** The first message per field: what the form shows beside each field (an i18n key). */
export function fieldErrors<F extends string>(issues: ZodIssue[]): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const field = issue.path[0] as F;
    if (!errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/** What the visitor typed, bounded, so a 10,000-character field is not echoed back in full. */
export function keep(value: unknown, max: number): string {
  return typeof value === "string" ? value.slice(0, max) : "";
}
