import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readCapturedMail } from "../lib/dev-mail.server";
import { notFound } from "../web/http.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction = () => [{ title: "Mail · Padauk" }, { name: "robots", content: "noindex" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  if (!context.mailCaptureDir || !context.clientIsLoopback) notFound();
  const mail = await readCapturedMail(context.mailCaptureDir, params.id ?? "");
  if (!mail) notFound();
  return { mail };
}

/** The plain-text part, with its links made clickable (it is what every mail client can show). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <a key={i} href={p}>
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </>
  );
}

export default function DevMailMessage() {
  const { mail } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <p>
        <Link to="/dev/mail">{t("devMail.title")}</Link>
      </p>
      <h1 lang={mail.language || undefined}>{mail.subject}</h1>
      <dl className="mail-headers">
        <dt>{t("devMail.to")}</dt>
        <dd>{mail.to}</dd>
        <dt>{t("devMail.date")}</dt>
        <dd>{mail.date}</dd>
      </dl>
      <pre className="mail-body" lang={mail.language || undefined}>
        <Linkified text={mail.text} />
      </pre>
    </div>
  );
}
