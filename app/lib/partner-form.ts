/** The fields of the partner form, and what it carries back after a refused submission. */
export type PartnerField = "name" | "slug" | "website" | "listed" | "origins" | "webhook_url" | "disabled";
export type PartnerValues = { name: string; slug: string; website: string; listed: boolean; origins: string; webhook_url: string; disabled: boolean };
