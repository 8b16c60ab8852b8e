import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listSignatures, recordSignature } from "../services/osdi.server";
import { halJson, methodNotAllowed, notFoundPetition, osdiError, requireOsdiCaller, requirePage } from "../web/osdi.server";
import { retryAfterHeaders } from "../web/http.server";

/** The caller's own confirmed signatures of one petition, newest first, 25 a page. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const caller = await requireOsdiCaller(request, context);
  const result = await listSignatures(context, caller, params.slug ?? "", requirePage(request));
  return result.kind === "ok" ? halJson(result.body) : notFoundPetition();
}

/** The record signature helper: a pending signature, confirmed by the person from Padauk's own mail. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed("GET, POST");
  const caller = await requireOsdiCaller(request, context);
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return osdiError(400, "The body is not valid JSON.", { fields: { body: "Send a JSON object (Content-Type: application/json)." } });
  }
  const result = await recordSignature(context, caller, params.slug ?? "", body);
  switch (result.kind) {
    case "not_found":
      return notFoundPetition();
    case "invalid":
      return osdiError(400, result.message, { fields: result.fields });
    case "closed":
      return osdiError(409, "This petition is not open for signatures.");
    case "throttled":
      return osdiError(
        429,
        `Too many signatures: try again in ${result.retryAfterSeconds} seconds.`,
        { retry_after: result.retryAfterSeconds },
        retryAfterHeaders(result.retryAfterSeconds),
      );
    case "accepted":
      return halJson(result.body, 202);
  }
}
