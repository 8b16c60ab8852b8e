import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endAllSessions, endSession } from "../models/organiser.server";
import { clearSessionCookie, requireCsrf, requireSignedIn } from "../web/auth.server";
import { readForm } from "../web/http.server";

/** POST only, with the CSRF token; `everywhere` ends every session of this organiser. */
export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireSignedIn(request, context);
  const form = await readForm(request);
  requireCsrf(form, auth);
  if (form.get("everywhere")) await endAllSessions(context.db, auth.organiser.id);
  else await endSession(context.db, auth.sessionId);
  return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie(context) } });
}

export function loader() {
  return redirect("/dashboard");
}
