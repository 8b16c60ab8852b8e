import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listSummaries } from "../models/target.server";
import { requireAdmin, requireOrganiser } from "../web/auth.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/** Admins manage the target lists every campaign shares. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  requireAdmin(auth);
  return { lists: await listSummaries(context.db) };
}

export default function TargetLists() {
  const { lists } = useLoaderData<typeof loader>();
  const { t } = useTranslation("dashboard");
  return (
    <>
      <h1>{t("targets.title")}</h1>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("targets.list")}</th>
            <th scope="col">{t("targets.size")}</th>
            <th scope="col">{t("targets.failing")}</th>
          </tr>
        </thead>
        <tbody>
          {lists.map((l) => (
            <tr key={l.id}>
              <td>
                <Link to={`/dashboard/targets/${l.slug}`}>{l.name}</Link>
              </td>
              <td>{l.size}</td>
              <td>{l.failing}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
