import type { LoaderFunctionArgs } from "@remix-run/node";
import { ping } from "../../db/index";

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    await ping(context.db);
    return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ ok: false }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
