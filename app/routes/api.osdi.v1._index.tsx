import type { LoaderFunctionArgs } from "@remix-run/node";
import { entryPoint } from "../services/osdi.server";
import { halJson, methodNotAllowed, requireOsdiCaller } from "../web/osdi.server";

/** The OSDI API entry point (docs/osdi-api.md): what the API offers, for a valid token only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireOsdiCaller(request, context);
  return halJson(entryPoint(context));
}

export async function action() {
  return methodNotAllowed("GET");
}
