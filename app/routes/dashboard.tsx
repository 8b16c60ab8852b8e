import type { PageHandle } from "../lib/page-scripts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireSignedIn } from "../web/auth.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const handle: PageHandle = { i18n: ["dashboard"], hydrate: true };
export const meta: MetaFunction = () => [{ title: "Dashboard · Padauk" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Every account has this frame; a partner's account finds only its own view in it.
  const auth = await requireSignedIn(request, context);
  return { email: auth.organiser.email, role: auth.organiser.role, csrf: auth.csrf };
}

export default function DashboardLayout() {
  const { email, role, csrf } = useLoaderData<typeof loader>();
  const { t } = useTranslation("dashboard");
  return (
    <div className="page dashboard">
      <nav className="dashboard-nav" aria-label={t("nav.dashboard")}>
        {role === "partner" ? <Link to="/dashboard/partner">{t("nav.partnerView")}</Link> : <Link to="/dashboard">{t("nav.dashboard")}</Link>}
        <span className="hint">{t("nav.signedInAs", { email, role: t(`roles.${role}`) })}</span>
        <Link to="/dashboard/security">{t("nav.security")}</Link>
        <Form method="post" action="/logout" reloadDocument>
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit" className="button secondary">
            {t("nav.logout")}
          </button>
        </Form>
        <Form method="post" action="/logout" reloadDocument>
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit" className="button secondary">
            {t("nav.logoutEverywhere")}
          </button>
        </Form>
      </nav>
      <Outlet />
    </div>
  );
}
