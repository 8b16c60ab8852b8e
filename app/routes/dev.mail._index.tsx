import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listCapturedMail } from "../lib/dev-mail.server";
import { notFound } from "../web/http.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction = () => [{ title: "Mail · Padauk" }, { name: "robots", content: "noindex" }];

/** Captured mail holds tokens and addresses: shown only when captured, and only to this machine. */
export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.mailCaptureDir || !context.clientIsLoopback) notFound();
  return { mails: await listCapturedMail(context.mailCaptureDir) };
}

export default function DevMail() {
  const { mails } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("devMail.title")}</h1>
      <p>{t("devMail.intro")}</p>
      {mails.length === 0 ? (
        <p>{t("devMail.empty")}</p>
      ) : (
        <table className="mail-table">
          <thead>
            <tr>
              <th scope="col">{t("devMail.date")}</th>
              <th scope="col">{t("devMail.to")}</th>
              <th scope="col">{t("devMail.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id}>
                <td>{m.date.replace("T", " ").slice(0, 19)}</td>
                <td>{m.to}</td>
                <td>
                  <Link to={`/dev/mail/${m.id}`}>{m.subject}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
