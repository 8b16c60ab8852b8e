import type { LoaderFunctionArgs } from "@remix-run/node";
import { databaseAnswers } from "../models/health.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const ok = await databaseAnswers(context.db);
  return Response.json({ ok }, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
