import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** "Check your inbox": the same page for every address, so it tells nobody whether one was known. */
export function CheckInbox(props: {
  lang: string;
  slug: string;
  title: string;
  titleLang: string;
  heading: string;
  body: string;
  notArrived: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{props.heading}</h1>
      <p className="lead">{props.body}</p>
      {props.children}
      <p>{props.notArrived}</p>
      <p>
        <Link to={`/${props.lang}/campaigns/${props.slug}`}>
          {t("checkInbox.backToCampaign")} <span lang={props.titleLang !== props.lang ? props.titleLang : undefined}>{props.title}</span>
        </Link>
      </p>
    </div>
  );
}
