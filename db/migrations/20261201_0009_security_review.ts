import { sql, type Kysely } from "kysely";

/**
 * From a security review:
 * - Letters erased after MESSAGE_RETENTION_DAYS kept the writer's address HMAC, so "this address
 *   wrote" stayed testable against a copy of the database. Erasure now replaces it with random
 *   bytes (app/models/message.server.ts); letters erased before that are scrubbed here.
 * - An export's audit row is written when the export starts and completed when it ends, so a
 *   reader who stops early still leaves a trace.
 * - Re-enrolling two-step login keeps the current secret until the new one is confirmed with a
 *   code, so starting over never leaves an account without its second factor.
 * - The audit log is append-only in the database itself: a row may only be completed once (and
 *   lose its organiser when that account is deleted); nothing else changes or deletes it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update message_deliveries set supporter_hmac = gen_random_uuid()::text::bytea where message_id in (select id from messages where erased_at is not null)`.execute(
    db,
  );
  await sql`update messages set supporter_hmac = gen_random_uuid()::text::bytea where erased_at is not null`.execute(db);

  await db.schema.alterTable("organisers").addColumn("totp_pending_enc", "bytea").execute();
  // Enrolments begun and never confirmed were stored as the secret with no enabled date.
  await sql`update organisers set totp_pending_enc = totp_secret_enc, totp_secret_enc = null where totp_secret_enc is not null and totp_enabled_at is null`.execute(
    db,
  );

  await db.schema.alterTable("audit_log").addColumn("completed_at", "timestamptz").execute();
  await sql`update audit_log set completed_at = created_at`.execute(db);
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'audit_log is append-only';
      end if;
      if new.id is distinct from old.id or new.action is distinct from old.action or new.subject is distinct from old.subject
         or new.created_at is distinct from old.created_at
         or (new.organiser_id is distinct from old.organiser_id and new.organiser_id is not null) then
        raise exception 'audit_log is append-only';
      end if;
      if old.completed_at is not null and (new.completed_at is distinct from old.completed_at or new.row_count is distinct from old.row_count) then
        raise exception 'audit_log rows are completed once';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
  await sql`drop function audit_log_append_only()`.execute(db);
  await db.schema.alterTable("audit_log").dropColumn("completed_at").execute();
  await sql`update organisers set totp_secret_enc = totp_pending_enc where totp_enabled_at is null and totp_pending_enc is not null`.execute(db);
  await db.schema.alterTable("organisers").dropColumn("totp_pending_enc").execute();
}
