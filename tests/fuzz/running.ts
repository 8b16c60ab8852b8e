// The fuzz harness: sending, proving inputs bad before they go, explaining failures.
import { type RunningServer } from "../helpers/server";
import { type FuzzRequest, type Endpoint, HEADER_BYTES, SELF_ORIGIN } from "./requests";

// Running

export interface Outcome {
  req: FuzzRequest;
  ms: number;
  status: number | null;
  error?: string;
  snippet?: string;
}

/** Proves each request invalid the way the server will read it; returns the ones it could not. */
export async function provenBad(
  reqs: FuzzRequest[],
  { rejects, refutes }: Pick<Endpoint, "rejects" | "refutes">,
): Promise<{ ok: FuzzRequest[]; unsound: { req: FuzzRequest; why: string }[] }> {
  const ok: FuzzRequest[] = [];
  const unsound: { req: FuzzRequest; why: string }[] = [];
  for (const req of reqs) {
    let request: Request;
    try {
      request = new Request(`http://fuzz.invalid${req.path}`, { method: req.method, headers: req.headers, body: req.body });
    } catch (e) {
      unsound.push({ req, why: `the client cannot send it: ${(e as Error).message}` });
      continue;
    }
    const badHeader = Object.entries(req.headers).find(([, v]) => !HEADER_BYTES.test(v));
    if (badHeader) {
      unsound.push({ req, why: `the client cannot send header ${badHeader[0]}` });
      continue;
    }
    const acts = refutes?.(req);
    if (acts) {
      unsound.push({ req, why: acts });
      continue;
    }
    if (rejects && req.body !== undefined && !req.routeRejects) {
      let form: FormData | null = null;
      try {
        form = await request.formData();
      } catch {
        // Unreadable as a form: readForm answers 400.
      }
      if (form && !rejects(form)) {
        const read = [...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v.slice(0, 60) : `(file ${v.size} bytes)`]);
        unsound.push({ req, why: `the app's schema accepts this body, read as ${JSON.stringify(read)}` });
        continue;
      }
    }
    ok.push(req);
  }
  return { ok, unsound };
}

export async function send(baseUrl: string, req: FuzzRequest, retry = true): Promise<Outcome> {
  const t0 = performance.now();
  const ms = () => performance.now() - t0;
  try {
    const res = await fetch(baseUrl + req.path, {
      method: req.method,
      headers: req.headers.origin === SELF_ORIGIN ? { ...req.headers, origin: baseUrl } : req.headers,
      body: req.body,
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    });
    const text = res.status >= 500 ? await res.text() : (await res.arrayBuffer(), "");
    return { req, ms: ms(), status: res.status, snippet: text.slice(0, 200) };
  } catch (e) {
    // A kept-alive connection the server closed as the request went out is reset: once more, then it counts.
    if (retry) return send(baseUrl, req, false);
    const err = e as Error & { cause?: Error };
    return { req, ms: ms(), status: null, error: `${err.name}: ${err.message}${err.cause ? ` (${err.cause.message})` : ""}` };
  }
}

/** What entry.server logs for a 5xx ("error on <path>: <error>"); 405s and warnings are not failures. */
export function loggedErrors(output: string): { path: string; cause: string }[] {
  // The first frame of the stack outside Node's own code tells apart errors with the same message.
  const where = (stack: string) => {
    const frame = stack.split("\n").find((l) => /^\s+at /.test(l) && !l.includes("node:internal"));
    const name = frame && /at (?:async )?([^\s(]+)/.exec(frame)?.[1];
    return name ? ` (at ${name})` : "";
  };
  return [...output.matchAll(/^error on (\S*): ([^\n]*)((?:\n[ \t]+at [^\n]*)*)/gm)]
    .map((m) => ({ path: m[1].replace(/\.data$/, ""), cause: m[2] + where(m[3]) }))
    .filter((e) => !e.cause.startsWith("ErrorResponseImpl") && !e.cause.startsWith("Error: Warning:"));
}

/** One cause, whatever the input: numbers and quoted values left out. */
export const causeKey = (cause: string) =>
  cause
    .replace(/"[^"]*("|$)/g, '"…"')
    .replace(/\d+/g, "N")
    .slice(0, 200);

/**
 * Names the causes of the failures: the server's log, grouped by message, each with the shortest
 * failing request on that path, sent again to show it fails every time (the status on replay).
 */
export async function explain(server: RunningServer, failed: Outcome[], logged: { path: string; cause: string }[]) {
  const pathOf = (r: FuzzRequest) => {
    try {
      return new URL(server.baseUrl + r.path).pathname.replace(/\.data$/, "");
    } catch {
      return r.path;
    }
  };
  const size = (r: FuzzRequest) => r.path.length + (r.body?.length ?? 0) + JSON.stringify(r.headers).length;
  const causes = new Map<string, { n: number; paths: Set<string> }>();
  for (const e of logged) {
    const key = causeKey(e.cause);
    const c = causes.get(key) ?? { n: 0, paths: new Set<string>() };
    c.n++;
    c.paths.add(e.path);
    causes.set(key, c);
  }
  const out: { cause: string; n: number; example?: FuzzRequest; replayed?: number | string | null }[] = [];
  for (const [cause, c] of causes) {
    // The shortest request on a logged path that fails with this very cause when sent again (a path can fail for several).
    const candidates = failed.filter((f) => c.paths.has(pathOf(f.req))).sort((a, b) => size(a.req) - size(b.req));
    let found: (typeof out)[number] = { cause, n: c.n };
    for (const f of candidates.slice(0, 6)) {
      const mark = server.output().length;
      const again = await send(server.baseUrl, f.req);
      await new Promise((r) => setTimeout(r, 20));
      const same = loggedErrors(server.output().slice(mark)).some((e) => causeKey(e.cause) === cause);
      if (same || !found.example) found = { cause, n: c.n, example: f.req, replayed: again.status ?? "no answer" };
      if (same) break;
    }
    out.push(found);
  }
  const silent = failed.filter((f) => f.status === null);
  if (silent.length)
    out.push({
      cause: `no answer: ${silent[0].error}`,
      n: silent.length,
      example: silent[0].req,
      replayed: (await send(server.baseUrl, silent[0].req)).status,
    });
  return out.sort((a, b) => b.n - a.n);
}

export async function pool<T, R>(items: T[], concurrency: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/** Deterministic shuffle (mulberry32), so the endpoints' requests interleave the same way each run. */
export function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export function describeRequest(r: FuzzRequest): string {
  const body =
    r.body === undefined
      ? ""
      : (() => {
          const bytes = typeof r.body === "string" ? Buffer.from(r.body) : Buffer.from(r.body);
          return `\n    body (${bytes.length} bytes${r.note ? `; ${r.note}` : ""}): ${JSON.stringify(bytes.subarray(0, 300).toString("latin1"))}${bytes.length > 300 ? "…" : ""}`;
        })();
  const shown = Object.fromEntries(
    Object.entries(r.headers).map(([k, v]) => [k, v === SELF_ORIGIN ? "(the server's own origin)" : v.length > 120 ? v.slice(0, 120) + "…" : v]),
  );
  return `${r.method} ${r.path.length > 400 ? r.path.slice(0, 400) + "…" : r.path}\n    headers: ${JSON.stringify(shown)}${body}`;
}

// ---------------------------------------------------------------------------------------------
