import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { negotiateLanguage } from "../lib/i18n.server";

/** `/` → `/:lang/`, by the remembered choice or the browser's Accept-Language. */
export async function loader({ request }: LoaderFunctionArgs) {
  const lang = await negotiateLanguage(request);
  return redirect(`/${lang}/`, { headers: { Vary: "Accept-Language, Cookie", "Cache-Control": "private, no-store" } });
}
