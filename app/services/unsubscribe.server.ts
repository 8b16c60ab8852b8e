import { unsubscribe } from "../models/update.server";
import type { ServiceContext } from "./context.server";

/** The button behind the link in every news mail (its MAC checked by the route): no more news mails. */
export async function stopNewsMail(ctx: Pick<ServiceContext, "db">, signatureId: string): Promise<{ kind: "unsubscribed" }> {
  await unsubscribe(ctx.db, signatureId);
  return { kind: "unsubscribed" };
}
