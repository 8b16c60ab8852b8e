import type { ActionFunctionArgs } from "@remix-run/node";
import { sameSecret } from "../lib/crypto.server";
import { addPartnerByAddress, partnerRefusal } from "../services/partners.server";

/**
 * `npm run partner:create` on the embedded database, while this server holds it: loopback only,
 * with the token from DATA_DIR/server.json (mode 0600). Answers 404 to anyone else.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const token = request.headers.get("Authorization")?.replace(/^Bearer /, "") ?? "";
  if (!context.cliToken || !context.clientIsLoopback || !sameSecret(token, context.cliToken)) {
    return Response.json({ error: "not_found" }, { status: 404 });
  }
  const input = (await request.json().catch(() => null)) as Record<string, unknown> | null;
  if (!input || typeof input !== "object" || typeof input.campaign !== "string") {
    return Response.json({ error: "invalid", message: "campaign and name are required" }, { status: 400 });
  }
  const result = await addPartnerByAddress(context, input.campaign, input);
  if (result.kind !== "created") return Response.json({ error: "invalid", message: partnerRefusal(result) }, { status: 400 });
  return Response.json({ partner: result.partner.slug, token: result.token, webhookSecret: result.webhookSecret });
}

export function loader() {
  return Response.json({ error: "not_found" }, { status: 404 });
}
