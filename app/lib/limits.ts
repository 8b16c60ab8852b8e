/** Input limits, shared by the zod schemas (server) and the forms that show them (browser). */
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;
export const AREA_MAX = 100;
export const TARGETS_MAX = 50;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** The text fields of a campaign in one language, and their limits. */
export const TRANSLATION_FIELDS = ["title", "summary", "body", "demand", "addressed_to", "message_subject", "message_body"] as const;
export const TRANSLATION_LIMITS = { title: 120, summary: 600, body: 20_000, demand: 600, addressed_to: 300, message_subject: 200, message_body: 5000 } as const;
