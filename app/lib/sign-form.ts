/** What the signing form's POST carries back to the form: errors beside fields, and what was typed. */
export interface SignFormState {
  errors?: Partial<Record<"name" | "email" | "country", string>>;
  formError?: string;
  /** A throttled submission: when to try again. */
  retryAfterMinutes?: number;
  values?: { name: string; email: string; country: string; consent_updates: boolean; show_name: boolean; consent_partner?: boolean };
}
