// The audit log: who did what to signers' data, written before an export starts and completed after.

import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";

export async function audit(db: DB, organiserId: number | null, action: string, subject: string, rowCount: number | null = null): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({ organiser_id: organiserId, action, subject, row_count: rowCount, completed_at: sql`now()` })
    .execute();
}

/**
 * An audit row for something that takes a while (an export): written before the first row
 * leaves, so a reader who stops early still leaves a trace; `completeAudit` adds the count.
 */
export async function beginAudit(db: DB, organiserId: number, action: string, subject: string): Promise<string> {
  const row = await db.insertInto("audit_log").values({ organiser_id: organiserId, action, subject }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** The newest audit rows with who did it (the address decrypted for this admin view only). */
export async function auditLog(db: DB, crypto: Crypto, limit = 500) {
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("organisers as o", "o.id", "a.organiser_id")
    .select(["a.id", "a.action", "a.subject", "a.row_count", "a.created_at", "a.completed_at", "o.email_enc"])
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    subject: r.subject,
    rows: r.row_count,
    finished: r.completed_at !== null,
    at: new Date(r.created_at).toISOString().replace("T", " ").slice(0, 19),
    who: r.email_enc ? crypto.decrypt(r.email_enc) : "",
  }));
}

export async function completeAudit(db: DB, auditId: string, rowCount: number): Promise<void> {
  await db
    .updateTable("audit_log")
    .set({ row_count: rowCount, completed_at: sql`now()` })
    .where("id", "=", auditId)
    .where("completed_at", "is", null)
    .execute();
}
