import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/index";
import type { Crypto } from "../../app/lib/crypto.server";
import type { OrganiserRole } from "../../db/schema";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { addMember, createSession, csrfToken, inviteOrganiser, setPasswordWithToken } from "../../app/models/organiser.server";
import { setSessionCookie } from "../../app/web/auth.server";

export const TEST_PASSWORD = "a long passphrase nobody guesses 7341";

/** An organiser who has set a password and logged in: the session cookie and its CSRF token. */
export async function organiserSession(db: DB, crypto: Crypto, context: AppLoadContext, email: string, role: OrganiserRole, campaignSlug?: string) {
  const token = await inviteOrganiser(db, crypto, email, role);
  const id = (await setPasswordWithToken(db, token, TEST_PASSWORD))!;
  if (campaignSlug) await addMember(db, id, (await findPublicCampaign(db, campaignSlug, "en"))!.id);
  const session = await createSession(db, id);
  return { id, cookie: (await setSessionCookie(context, session)).split(";")[0], csrf: csrfToken(context.config.appSecret, session) };
}

/** A dashboard form posted with the session's cookie and CSRF token. */
export function dashboardPost(path: string, s: { cookie: string; csrf: string }, fields: [string, string][]): Request {
  return new Request(`http://padauk.test${path}`, {
    method: "POST",
    body: new URLSearchParams([["csrf", s.csrf], ...fields]),
    headers: { Cookie: s.cookie },
  });
}
