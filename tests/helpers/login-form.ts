import type { AppLoadContext } from "@remix-run/node";
import * as login from "../../app/routes/login";

/**
 * What the login page gives a browser before it posts the form: the form's hidden token and
 * the cookie that must come back with it (login CSRF, app/web/auth.server.ts).
 */
export async function loginForm(context: AppLoadContext): Promise<{ csrf: string; cookie: string }> {
  const page = (await login.loader({ request: new Request("http://padauk.test/login"), params: {}, context } as never)) as unknown as {
    data: { csrf: string };
    init?: { headers?: Record<string, string> };
  };
  return { csrf: page.data.csrf, cookie: String(page.init?.headers?.["Set-Cookie"] ?? "").split(";")[0] };
}

/** The login form posted as a browser posts it, with `cookie` (a session, say) alongside. */
export async function loginPost(context: AppLoadContext, fields: Record<string, string>, cookie?: string): Promise<Request> {
  const form = await loginForm(context);
  return new Request("http://padauk.test/login", {
    method: "POST",
    body: new URLSearchParams({ ...fields, csrf: form.csrf }),
    headers: { Cookie: [cookie, form.cookie].filter(Boolean).join("; ") },
  });
}
