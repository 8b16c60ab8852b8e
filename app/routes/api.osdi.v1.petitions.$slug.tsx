import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPetition } from "../services/osdi.server";
import { halJson, methodNotAllowed, notFoundPetition, requireOsdiCaller } from "../web/osdi.server";

/** One petition, if this token may see it; one it may not see is as absent as one that does not exist. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const caller = await requireOsdiCaller(request, context);
  const result = await getPetition(context, caller, params.slug ?? "");
  return result.kind === "ok" ? halJson(result.body) : notFoundPetition();
}

export async function action() {
  return methodNotAllowed("GET");
}
