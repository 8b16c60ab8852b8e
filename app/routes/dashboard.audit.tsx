import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { auditLog } from "../models/audit.server";
import { requireAdmin, requireOrganiser } from "../web/auth.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/** Admins read the audit log; there is no form anywhere that changes it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  requireAdmin(auth);
  return { rows: await auditLog(context.db, context.crypto) };
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
              <td>{r.finished ? (r.rows ?? "") : t("audit.unfinished")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
