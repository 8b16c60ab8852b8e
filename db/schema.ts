import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** Timestamps are written as Date or SQL `now()` and always read back as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

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
  created_at: Generated<Timestamp>;
}

export interface CampaignTranslationsTable {
  campaign_id: number;
  locale: string;
  title: string;
  summary: string;
  body: string;
  demand: string;
  addressed_to: string;
  updated_at: Generated<Timestamp>;
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
  created_at: Generated<Timestamp>;
  confirmed_at: Timestamp | null;
}

export interface SignatureTokensTable {
  /** SHA-256 of the token; the token itself exists only in the email. */
  token_hash: Uint8Array;
  signature_id: string;
  purpose: "confirm";
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Generated<Timestamp>;
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
  next_attempt_at: Generated<Timestamp>;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Generated<Timestamp>;
  sent_at: Timestamp | null;
}

export interface Database {
  campaigns: CampaignsTable;
  campaign_translations: CampaignTranslationsTable;
  signatures: SignaturesTable;
  signature_tokens: SignatureTokensTable;
  signature_counts: SignatureCountsTable;
  outbox: OutboxTable;
}

export type Campaign = Selectable<CampaignsTable>;
export type NewCampaign = Insertable<CampaignsTable>;
export type CampaignTranslation = Selectable<CampaignTranslationsTable>;
export type Signature = Selectable<SignaturesTable>;
export type OutboxRow = Selectable<OutboxTable>;
