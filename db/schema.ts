import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** Timestamps are written as Date or SQL `now()` and always read back as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default: optional on insert. */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type CampaignStatus = "draft" | "open" | "closed" | "archived";
export type SignatureStatus = "pending" | "confirmed" | "invalidated" | "fraudulent";
export type OutboxStatus = "queued" | "sending" | "sent" | "failed_temporary" | "failed_permanent";

export interface CampaignsTable {
  id: Generated<number>;
  slug: string;
  default_locale: string;
  goal: number;
  status: CampaignStatus;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  target_list_id: number | null;
  /** Messages one target receives from this campaign per day at most; more wait for the next day. */
  daily_target_cap: Generated<number>;
  /** Days after closing until signers' personal data is anonymised (counts stay). */
  retention_days: Generated<number>;
  /** During an attack: signing asks the browser for a proof of work (altcha); no-JS visitors queue. */
  pow_required: Generated<boolean>;
  /** Confirmation mails with a neutral sender and subject, naming no campaign. */
  neutral_mail: Generated<boolean>;
  /** Whether signatures collected on paper count towards the goal (they are always shown apart). */
  paper_counts_to_goal: Generated<boolean>;
}

export interface CampaignTranslationsTable {
  campaign_id: number;
  locale: string;
  title: string;
  summary: string;
  body: string;
  demand: string;
  addressed_to: string;
  /** The letter supporters start from when writing to the campaign's targets. */
  message_subject: Generated<string>;
  message_body: Generated<string>;
  updated_at: GeneratedTimestamp;
}

export interface SignaturesTable {
  id: Generated<string>;
  campaign_id: number;
  /** HMAC-SHA256 of the canonical address: finds duplicates without storing the address. */
  email_hmac: Uint8Array;
  /** AES-256-GCM ciphertexts; the worker decrypts them only to send mail. */
  email_enc: Uint8Array;
  name_enc: Uint8Array;
  country: string;
  locale: string;
  consent_updates: boolean;
  show_name: boolean;
  status: Generated<SignatureStatus>;
  created_at: GeneratedTimestamp;
  confirmed_at: Timestamp | null;
  /** The `?source=` tag of the link the signer came by, if any. */
  source: string | null;
  email_domain_hmac: Uint8Array | null;
  email_domain_enc: Uint8Array | null;
  invalidated_at: Timestamp | null;
  invalidation_reason: string | null;
  anonymised_at: Timestamp | null;
  /** The partner whose link or embed the signature came through, if any. */
  partner_id: number | null;
  /** The signer let that partner (and no other) email them about its work. */
  consent_partner: Generated<boolean>;
}

export interface SignatureTokensTable {
  /** SHA-256 of the token; the token itself exists only in the email. */
  token_hash: Uint8Array;
  signature_id: string;
  /** `confirm`: the link's token; `code`: the short code typed on the page (hashed with the campaign id). */
  purpose: "confirm" | "code";
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

/**
 * Confirmed-signature counters, spread over shards so that a surge of confirmations does not
 * queue on one hot row; a page view sums a handful of rows instead of counting signatures.
 */
export interface SignatureCountsTable {
  campaign_id: number;
  country: string;
  shard: number;
  n: number;
}

export interface OutboxTable {
  id: Generated<string>;
  kind: string;
  /** Encrypted JSON: recipient, token and whatever the email needs. Erased once sent. */
  payload_enc: Uint8Array | null;
  /** Stable across retries: the same row always goes out with the same Message-ID. */
  idempotency_key: string;
  message_id: string;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: GeneratedTimestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  sent_at: Timestamp | null;
  /** For messages to officials: the target (held while its address is failing) and campaign. */
  target_id: number | null;
  campaign_id: number | null;
}

export type TargetListMode = "fixed" | "by_country";

export interface TargetListsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  mode: TargetListMode;
  created_at: GeneratedTimestamp;
}

export interface TargetsTable {
  id: Generated<number>;
  /** Random id used in forms and pages; the serial id never leaves the server. */
  public_id: string;
  list_id: number;
  name: string;
  role: string;
  organisation: string;
  country: string;
  area: string | null;
  /** Comma-separated BCP 47 tags, most preferred first. */
  languages: string;
  email: string;
  /** How letters address this official, when an organiser set it on import; else derived from the role. */
  salutation: "minister" | "ambassador" | "name" | "sir-or-madam" | null;
  email_status: Generated<"ok" | "failing">;
  email_failure: string | null;
  email_failed_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface MessagesTable {
  id: Generated<string>;
  public_id: string;
  campaign_id: number;
  supporter_hmac: Uint8Array;
  /** Encrypted; erased with the letter after the retention period (the HMAC stays, for "once per target"). */
  supporter_email_enc: Uint8Array | null;
  supporter_name_enc: Uint8Array | null;
  area_enc: Uint8Array | null;
  country: string;
  locale: string;
  /** The language of the letter's text (the template the composer showed); null on letters from before it was stored. */
  letter_locale: string | null;
  /** Encrypted; erased after the retention period, when only counts remain. */
  subject_enc: Uint8Array | null;
  body_enc: Uint8Array | null;
  target_ids: number[];
  /** False when the body is the template changed in only a few characters. */
  personalised: boolean;
  status: Generated<"pending" | "confirmed">;
  confirm_token_hash: Uint8Array | null;
  confirm_code_hash: Uint8Array | null;
  token_expires_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  confirmed_at: Timestamp | null;
  erased_at: Timestamp | null;
}

export interface MessageDeliveriesTable {
  id: Generated<string>;
  message_id: string;
  campaign_id: number;
  target_id: number;
  supporter_hmac: Uint8Array;
  outbox_id: string | null;
  /** The UTC day the message was booked for under the target's daily cap. */
  scheduled_for: ColumnType<Date, string, string>;
  created_at: GeneratedTimestamp;
}

export interface TargetDailyCountsTable {
  campaign_id: number;
  target_id: number;
  day: ColumnType<Date, string, string>;
  n: number;
}

export interface MessageCountsTable {
  campaign_id: number;
  target_id: number;
  n: number;
}

export type OrganiserRole = "admin" | "organiser" | "partner";

export interface OrganisersTable {
  id: Generated<number>;
  email_hmac: Uint8Array;
  email_enc: Uint8Array;
  role: OrganiserRole;
  /** Argon2id; null until the organiser follows their set-password link. */
  password_hash: string | null;
  created_at: GeneratedTimestamp;
  disabled_at: Timestamp | null;
  totp_secret_enc: Uint8Array | null;
  /** Set once the organiser proved their authenticator works; from then on login asks for a code. */
  totp_enabled_at: Timestamp | null;
  totp_last_step: string | null;
  /** A secret being enrolled, not yet confirmed with a code; the current one stays until it is. */
  totp_pending_enc: Uint8Array | null;
  /** For role `partner`: the one partner this account sees. */
  partner_id: number | null;
}

export interface OrganiserCampaignsTable {
  organiser_id: number;
  campaign_id: number;
}

export interface OrganiserSessionsTable {
  id_hash: Uint8Array;
  organiser_id: number;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

export interface PasswordTokensTable {
  token_hash: Uint8Array;
  organiser_id: number;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RateLimitsTable {
  /** A throttle's name, e.g. `sign.client`; the code names the key it applies to. */
  name: string;
  points: number;
  duration_s: number;
  updated_at: GeneratedTimestamp;
}

/** rate-limiter-flexible's buckets: `key` is `<throttle>:<keyed hash>`, `expire` in epoch ms. */
export interface RateLimitBucketsTable {
  key: string;
  points: Generated<number>;
  expire: ColumnType<string | null, number | null, number | null>;
}

export interface EmailDomainRulesTable {
  domain: string;
  action: "block" | "allow";
  created_at: GeneratedTimestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  organiser_id: number | null;
  action: string;
  subject: string;
  row_count: number | null;
  created_at: GeneratedTimestamp;
  /** Set once, when what was audited finished (an export's last row); null while it runs or if it stopped early. */
  completed_at: Date | null;
}

export interface CampaignUpdatesTable {
  id: Generated<number>;
  campaign_id: number;
  organiser_id: number | null;
  created_at: GeneratedTimestamp;
  /** 'draft' until an organiser confirms the send after the preview; then 'sent'. */
  status: Generated<"draft" | "sent">;
  sent_at: Timestamp | null;
}

export interface CampaignUpdateTextsTable {
  update_id: number;
  locale: string;
  title: string;
  /** Markdown, rendered through the sanitiser. */
  body: string;
}

export interface CampaignResponsesTable {
  id: Generated<number>;
  campaign_id: number;
  responder: string;
  responded_on: ColumnType<Date, string, string>;
  text: Generated<string>;
  url: string | null;
  created_at: GeneratedTimestamp;
}

export interface PartnersTable {
  id: Generated<number>;
  campaign_id: number;
  /** In `?partner=<slug>` links and the embed; unique within its campaign. */
  slug: string;
  name: string;
  website: string | null;
  /** Named on the public campaign page among the campaign's partners. */
  listed: Generated<boolean>;
  /** Origins allowed to frame the embed, space-separated. */
  origins: Generated<string>;
  webhook_url: string | null;
  webhook_secret_enc: Uint8Array | null;
  webhook_paused_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  disabled_at: Timestamp | null;
  /** When the current run of failed webhook deliveries began; null after a success. */
  webhook_failing_since: Timestamp | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  /** SHA-256 of the token; the token is shown once, when created. */
  token_hash: Uint8Array;
  partner_id: number | null;
  organiser_id: number | null;
  created_at: GeneratedTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface PaperBatchesTable {
  id: Generated<number>;
  campaign_id: number;
  partner_id: number | null;
  country: string;
  count: number;
  collected_on: ColumnType<Date, string, string>;
  place: string | null;
  attested_by: string;
  status: Generated<"valid" | "invalidated">;
  invalidation_reason: string | null;
  recorded_by: number | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface WebhookEventsTable {
  /** The event id the receiver sees, the same on every retry. */
  id: string;
  partner_id: number;
  type: "signature.confirmed" | "campaign.milestone" | "response.recorded" | "ping";
  body_enc: Uint8Array | null;
  outbox_id: string | null;
  status: Generated<"queued" | "delivered" | "failed">;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  delivered_at: Timestamp | null;
  /** Makes an event once per partner (a milestone): unique with partner_id when set. */
  dedupe_key: string | null;
  /** How long the receiver took to answer the last attempt. */
  duration_ms: number | null;
  /** The signature a `signature.confirmed` event is about (null once it is withdrawn). */
  signature_id: string | null;
}

export interface Database {
  campaigns: CampaignsTable;
  campaign_translations: CampaignTranslationsTable;
  signatures: SignaturesTable;
  signature_tokens: SignatureTokensTable;
  signature_counts: SignatureCountsTable;
  outbox: OutboxTable;
  target_lists: TargetListsTable;
  targets: TargetsTable;
  messages: MessagesTable;
  message_deliveries: MessageDeliveriesTable;
  target_daily_counts: TargetDailyCountsTable;
  message_counts: MessageCountsTable;
  organisers: OrganisersTable;
  organiser_campaigns: OrganiserCampaignsTable;
  organiser_sessions: OrganiserSessionsTable;
  password_tokens: PasswordTokensTable;
  rate_limits: RateLimitsTable;
  rate_limit_buckets: RateLimitBucketsTable;
  email_domain_rules: EmailDomainRulesTable;
  audit_log: AuditLogTable;
  campaign_updates: CampaignUpdatesTable;
  campaign_update_texts: CampaignUpdateTextsTable;
  campaign_responses: CampaignResponsesTable;
  partners: PartnersTable;
  api_tokens: ApiTokensTable;
  paper_batches: PaperBatchesTable;
  webhook_events: WebhookEventsTable;
}

export type Campaign = Selectable<CampaignsTable>;
export type NewCampaign = Insertable<CampaignsTable>;
export type CampaignTranslation = Selectable<CampaignTranslationsTable>;
export type Signature = Selectable<SignaturesTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type Target = Selectable<TargetsTable>;
export type Message = Selectable<MessagesTable>;
