-- A new signature, its link and code and its confirmation mail, in one statement (app/models/signing.server.ts).
-- Written by `npm run queries:update`; a test fails when the code sends other SQL.
with s as (
  insert into signatures (campaign_id, email_hmac, email_enc, name_enc, country, locale, consent_updates, show_name, source, email_domain_hmac, email_domain_enc, partner_id, consent_partner)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $19, $20)
  on conflict (campaign_id, email_hmac) do nothing
  returning id
), tokens as (
  insert into signature_tokens (token_hash, signature_id, purpose, expires_at)
  select v.token_hash, s.id, v.purpose, v.expires_at
  from s, (values ($12::bytea, 'confirm', $14::timestamptz), ($13::bytea, 'code', $14::timestamptz)) as v (token_hash, purpose, expires_at)
), mail as (
  insert into outbox (kind, payload_enc, idempotency_key, message_id)
  select $15, $16::bytea, $17, $18 from s
)
select id from s;
