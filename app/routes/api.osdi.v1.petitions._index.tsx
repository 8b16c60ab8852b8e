import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPetitions } from "../services/osdi.server";
import { halJson, methodNotAllowed, requireOsdiCaller, requirePage } from "../web/osdi.server";

/** The petitions this token may see: a partner's campaign, or the campaigns an organiser manages. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireOsdiCaller(request, context);
  return halJson(await listPetitions(context, caller, requirePage(request)));
}

export async function action() {
  return methodNotAllowed("GET");
}
