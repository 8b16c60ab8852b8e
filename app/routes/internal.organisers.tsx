import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { inviteOrganiser } from "../models/organiser.server";
import { sameSecret } from "../lib/crypto.server";

const body = z.object({ email: z.string().trim().email().max(254), role: z.enum(["admin", "organiser"]) });

/**
 * `npm run organiser:create` on the embedded database, while this server holds it: loopback only,
 * with the token from DATA_DIR/server.json (mode 0600). Answers 404 to anyone else.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const token = request.headers.get("Authorization")?.replace(/^Bearer /, "") ?? "";
  if (!context.cliToken || !context.clientIsLoopback || !sameSecret(token, context.cliToken)) {
    return Response.json({ error: "not_found" }, { status: 404 });
  }
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "invalid", message: "email and role (admin|organiser) are required" }, { status: 400 });
  const token2 = await inviteOrganiser(context.db, context.crypto, parsed.data.email, parsed.data.role);
  return Response.json({ link: `${context.config.publicUrl}/set-password/${token2}` });
}

export function loader() {
  return Response.json({ error: "not_found" }, { status: 404 });
}
