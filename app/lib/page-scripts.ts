/**
 * Which scripts a page runs, and the Content Security Policy that allows exactly those.
 *
 * Public pages are HTML and CSS only: a signer on a throttled connection, behind a censoring
 * proxy or in Tor Browser's safest mode gets the whole page in its first kilobytes, and a page
 * that runs nothing gives an injected script nothing to hide in. Only the dashboard (and the
 * login pages that lead to it) loads React and Remix to hydrate. The one script a public page
 * may load is the proof-of-work solver, on a campaign that asks for one (decision 064).
 */

/** What a route module's `handle` says about its page. */
export interface PageHandle {
  /** Translation namespaces the page needs besides `common` (sent to the browser when it hydrates). */
  i18n?: string[];
  /** Load React and Remix and hydrate: the dashboard's pages. Public pages never do. */
  hydrate?: boolean;
  /** Self-hosted plain scripts the page loads, given its loader data (no framework). */
  scripts?: (data: unknown) => string[];
  /** A page meant for a frame on a partner's site: no site header or footer. */
  bare?: boolean;
  /** Origins allowed to frame the page, given its loader data; none (the default) forbids framing. */
  frameAncestors?: (data: unknown) => string[];
}

/** The proof-of-work solver: plain JavaScript, served from public/. */
export const POW_SCRIPT = "/pow.js";

export interface PageScripts {
  hydrate: boolean;
  scripts: string[];
  namespaces: string[];
  bare: boolean;
  frameAncestors: string[];
}

/** What the matched routes of one page ask for, together (a child inherits its layout's). */
export function pageScripts(matches: readonly { handle?: unknown; data?: unknown }[]): PageScripts {
  let hydrate = false;
  let bare = false;
  const frameAncestors: string[] = [];
  const scripts: string[] = [];
  const namespaces = new Set<string>(["common"]);
  for (const match of matches) {
    const handle = match.handle as PageHandle | undefined;
    if (!handle) continue;
    if (handle.hydrate) hydrate = true;
    if (handle.bare) bare = true;
    for (const origin of handle.frameAncestors?.(match.data) ?? []) if (!frameAncestors.includes(origin)) frameAncestors.push(origin);
    for (const ns of handle.i18n ?? []) namespaces.add(ns);
    for (const src of handle.scripts?.(match.data) ?? []) if (!scripts.includes(src)) scripts.push(src);
  }
  return { hydrate, scripts, namespaces: [...namespaces], bare, frameAncestors };
}

/**
 * The policy for a page: no script at all unless it loads one; its own files when it loads a
 * plain script; its own files and the inline scripts Remix writes (by nonce) when it hydrates.
 * Never `unsafe-inline` for scripts.
 */
export function contentSecurityPolicy(
  nonce: string,
  page: Pick<PageScripts, "hydrate" | "scripts"> & Partial<Pick<PageScripts, "frameAncestors">> = { hydrate: false, scripts: [] },
): string {
  // Exactly the origins a partner listed, each a plain origin (checked when saved); never `*`.
  const ancestors = (page.frameAncestors ?? []).filter((o) => /^https?:\/\/[^\s;,*'"]+$/.test(o));
  const scriptSrc = page.hydrate ? `'self' 'nonce-${nonce}'` : page.scripts.length > 0 ? "'self'" : "'none'";
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    // Style attributes (a progress bar's width) need this; no script can run from a style.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${ancestors.length > 0 ? ancestors.join(" ") : "'none'"}`,
  ].join("; ");
}
