import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { languageCookie } from "../lib/i18n.server";
import { notFound, safeLocalPath } from "../web/http.server";
import { isSupportedLanguage } from "../lib/i18n";

/** The language switcher's target: remembers the explicit choice, then goes to the page in that language. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  if (!isSupportedLanguage(params.lng)) notFound();
  const to = safeLocalPath(new URL(request.url).searchParams.get("to"), `/${params.lng}/`);
  return redirect(to, { headers: { "Set-Cookie": await languageCookie.serialize(params.lng, { secure: context.config.publicUrl.startsWith("https:") }) } });
}
