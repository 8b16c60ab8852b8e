import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdmin, requireOrganiser } from "../services/auth.server";
import { routeHeaders } from "../headers";

export const headers = routeHeaders;

/** Admins read the audit log; there is no form anywhere that changes it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  requireAdmin(auth);
  const rows = await context.db
    .selectFrom("audit_log as a")
    .leftJoin("organisers as o", "o.id", "a.organiser_id")
    .select(["a.id", "a.action", "a.subject", "a.row_count", "a.created_at", "o.email_enc"])
    .orderBy("a.id", "desc")
    .limit(500)
    .execute();
  return {
    rows: rows.map((r) => ({
      id: r.id,
      action: r.action,
      subject: r.subject,
      rows: r.row_count,
      at: new Date(r.created_at).toISOString().replace("T", " ").slice(0, 19),
      who: r.email_enc ? context.crypto.decrypt(r.email_enc) : "",
    })),
  };
}

export default function AuditLog() {
  const { rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation("dashboard");
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <table className="data-table" data-testid="audit">
        <thead>
          <tr>
            <th scope="col">{t("audit.when")}</th>
            <th scope="col">{t("audit.who")}</th>
            <th scope="col">{t("audit.what")}</th>
            <th scope="col">{t("audit.subject")}</th>
            <th scope="col">{t("audit.rows")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.at}</td>
              <td>{r.who}</td>
              <td>{r.action}</td>
              <td>{r.subject}</td>
              <td>{r.rows ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
