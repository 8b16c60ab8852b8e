// The fuzz harness: requests as they go on the wire, their encodings, URLs, headers and form bodies.
import fc from "fast-check";
import { SLUGS, LANGS, nasty, nonEmptyNasty } from "./values";

// ---------------------------------------------------------------------------------------------
// Requests

export type Bytes = Uint8Array<ArrayBuffer>;
export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** One request as it goes on the wire (path already percent-encoded, body already serialised). */
export interface FuzzRequest {
  endpoint: string;
  method: Method;
  path: string;
  headers: Record<string, string>;
  body?: string | Bytes;
  /** How the body was built, for the report. */
  note: string;
  /** Why the app must refuse it when its schema alone cannot tell (e.g. an unknown target id). */
  routeRejects?: string;
}

/** A form's fields in order; a value may be a file part where text is expected (sent as such in multipart bodies only). */
export type Field = [name: string, value: string | { file: string }];
export interface FormSpec {
  fields: Field[];
  /** Which field is broken, and how: always set, so every input is invalid by construction. */
  broken: string;
  routeRejects?: string;
}

/** What a form route does with a parsed body: true when it must store nothing. */
export type Rejects = (form: FormData) => boolean;

export interface Endpoint {
  name: string;
  runs: number;
  /** Generates the endpoint's requests; async because multipart bodies are serialised by `Response`. */
  generate(count: number, seed: number): Promise<FuzzRequest[]>;
  /** For form routes: proves the body invalid the way the server reads it. */
  rejects?: Rejects;
  /** For a link that acts (the withdraw link): why this request could act, or null when it cannot. */
  refutes?: (req: FuzzRequest) => string | null;
  /** A form route: most of its answers must come from its validator (400). */
  isForm?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Encodings: bytes as a broken client sends them

/** UTF-8, except that a lone surrogate is written as its own three bytes (WTF-8), as no valid encoder would. */
export function wtf8(s: string): Bytes {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export const HEX = "0123456789ABCDEF";
/** Percent-encodes every byte but the unreserved ones; the bytes may be invalid UTF-8. */
export function pct(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) {
    s +=
      (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e
        ? String.fromCharCode(b)
        : "%" + HEX[b >> 4] + HEX[b & 15];
  }
  return s;
}
export const pctText = (s: string) => pct(wtf8(s));

/** Bytes a header value may hold on the wire (RFC 9110 field-vchar, space, tab, obs-text); Node's client sends no others. */
export const HEADER_BYTES = /^[\t\x20-\x7e\x80-\xff]*$/;
/** A header value the client can send: the UTF-8 bytes (lone surrogates too) as Latin-1, control characters dropped. */
export function headerValue(s: string): string {
  return Buffer.from(wtf8(s))
    .toString("latin1")
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, "")
    .slice(0, 4000)
    .trim();
}

export function concat(parts: (string | Uint8Array)[]): Bytes {
  const bufs = parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p)));
  return new Uint8Array(Buffer.concat(bufs));
}

export const BROKEN_ESCAPES = [
  "%",
  "%%",
  "%Z",
  "%ZZ",
  "%G1",
  "%E0%A4",
  "%ED%A0%80",
  "%ED%BF%BF",
  "%C0%AF",
  "%C0%80",
  "%FF%FE",
  "%F4%90%80%80",
  "%00",
  "%u0041",
  "%F0%9F%98",
  "%2",
  "a%",
];

// ---------------------------------------------------------------------------------------------
// URL pieces

export const langSeg = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...LANGS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "xx",
      "EN",
      "En",
      "en-US",
      "my_MM",
      "zz",
      "ar",
      "he",
      "__proto__",
      "constructor",
      "..",
      "%2e%2e",
      "e%6E",
      "en%00",
      "",
      "%5C",
      "%5C%20x",
      "%5Cevil.example",
    ),
  },
  { weight: 1, arbitrary: nonEmptyNasty.map((s) => pctText(s.slice(0, 50))) },
);
export const garbageSeg = fc.oneof(
  { weight: 4, arbitrary: nonEmptyNasty.map((s) => pctText(s.slice(0, 300))) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...BROKEN_ESCAPES), fc.string({ unit: "binary-ascii", maxLength: 6 })).map(([e, s]) => e + pctText(s)) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) }, // well-formed, unknown
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "..",
      "%2e%2e",
      ".",
      "%2F",
      "..%2F..%2Fetc%2Fpasswd",
      "%252F",
      "index",
      "_index",
      "null",
      "undefined",
      "__proto__",
      "constructor",
      "0",
      "-1",
      "9".repeat(40),
      "A".repeat(2000),
    ),
  },
);
export const slugSeg = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...SLUGS) }, { weight: 2, arbitrary: garbageSeg });
export const queryKey = fc.oneof(
  fc.constantFrom(
    "source",
    "country",
    "area",
    "to",
    "_data",
    "index",
    "lang",
    "lng",
    "page",
    "limit",
    "offset",
    "slug",
    "__proto__",
    "constructor",
    "a[]",
    "a[b]",
    "",
    "%",
    "%ZZ",
  ),
  nonEmptyNasty.map((s) => pctText(s.slice(0, 40))),
);
export const queryValue = fc.oneof(
  { weight: 4, arbitrary: nasty.map((s) => pctText(s.slice(0, 2000))) },
  { weight: 2, arbitrary: fc.constantFrom(...BROKEN_ESCAPES) },
  { weight: 1, arbitrary: fc.constantFrom("routes/$lang.campaigns.$slug", "root", "-1", "99999999999999999999", "MM", "mm", "ZZ", "1e3", "true") },
);
export const query = fc.oneof(
  { weight: 2, arbitrary: fc.constant("") },
  {
    weight: 6,
    arbitrary: fc.array(fc.tuple(queryKey, queryValue), { minLength: 1, maxLength: 6 }).map((kv) => "?" + kv.map(([k, v]) => `${k}=${v}`).join("&")),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("?", "?&&&", "?=", "?==&=", "?%", "?a=%ZZ&a=%E0%A4", "?source", "?_data=root&_data=root", "?" + "a=1&".repeat(3000)),
  },
  { weight: 1, arbitrary: fc.constant("?x=" + "A".repeat(20_000)) }, // past Node's header limit: 431
);

// ---------------------------------------------------------------------------------------------
// Headers

/** Stands for the server's own origin (its port is known only once it runs): `send` puts it in, as a browser on the site would. */
export const SELF_ORIGIN = "self:origin";
export const headerJunk = nonEmptyNasty.map((s) => headerValue(s.slice(0, 500)));
/** Present in about one request in `1 + absent`. */
export const sometimes = <T>(arb: fc.Arbitrary<T>, absent = 3) =>
  fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
export const headersArb: fc.Arbitrary<Record<string, string>> = fc
  .record({
    "accept-language": sometimes(
      fc.oneof(headerJunk, fc.constantFrom("*", "my-MM,my;q=0.9", "xx;q=abc", ";;;,,,", "en;q=1.5", "th;q=-1", "q=0.5", "x".repeat(3000))),
      1,
    ),
    cookie: sometimes(
      fc.oneof(
        fc.tuple(headerJunk, headerJunk, headerJunk).map(([a, b, c]) => `lang=${a}; padauk_session=${b}; padauk_signer=${c}`),
        fc.constantFrom(
          "padauk_session=eyJvcmdhbmlzZXJJZCI6MX0%3D.forged",
          "lang=ImVuIg%3D%3D.bad",
          "lang=%ZZ",
          "=; =; ;;",
          "padauk_session=" + "A".repeat(4000),
        ),
      ),
    ),
    origin: sometimes(fc.constantFrom("null", "https://evil.example", "http://127.0.0.1", "file://", "http://[::1]", "not a url", SELF_ORIGIN, SELF_ORIGIN)),
    "user-agent": sometimes(
      fc.oneof(headerJunk, fc.constantFrom("Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "Mozilla/5.0 (compatible; bingbot/2.0)")),
    ),
    "x-forwarded-for": sometimes(fc.oneof(headerJunk, fc.constantFrom("1.2.3.4, 127.0.0.1", "::1", "unknown", "999.999.999.999"))),
    "x-forwarded-host": sometimes(fc.oneof(headerJunk, fc.constantFrom("evil.example", "127.0.0.1", "")), 15),
    accept: sometimes(fc.constantFrom("text/x-script", "application/json", "*/*", "text/html;q=abc", "image/*")),
    referer: sometimes(headerJunk),
    // Mostly uncompressed answers: gzip and brotli cost the one server core more than they test.
    "accept-encoding": fc.oneof(
      { weight: 12, arbitrary: fc.constant("identity") },
      { weight: 1, arbitrary: fc.constantFrom("gzip", "br", "deflate, gzip;q=0", "*", "x-garbage") },
    ),
  })
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

// ---------------------------------------------------------------------------------------------
// Form bodies

export type Envelope =
  | "urlencoded"
  | "urlencoded-wtf8"
  | "urlencoded-raw-bytes"
  | "urlencoded-broken-escapes"
  | "multipart"
  | "multipart-broken"
  | "json"
  | "json-as-form"
  | "text-plain"
  | "no-content-type"
  | "empty"
  | "odd-content-type"
  | "many-fields";

export const envelopeArb: fc.Arbitrary<Envelope> = fc.oneof(
  { weight: 30, arbitrary: fc.constant<Envelope>("urlencoded") },
  { weight: 8, arbitrary: fc.constant<Envelope>("urlencoded-wtf8") },
  { weight: 6, arbitrary: fc.constant<Envelope>("urlencoded-raw-bytes") },
  { weight: 6, arbitrary: fc.constant<Envelope>("urlencoded-broken-escapes") },
  { weight: 14, arbitrary: fc.constant<Envelope>("multipart") },
  { weight: 8, arbitrary: fc.constant<Envelope>("multipart-broken") },
  { weight: 4, arbitrary: fc.constant<Envelope>("json") },
  { weight: 2, arbitrary: fc.constant<Envelope>("json-as-form") },
  { weight: 3, arbitrary: fc.constant<Envelope>("text-plain") },
  { weight: 2, arbitrary: fc.constant<Envelope>("no-content-type") },
  { weight: 2, arbitrary: fc.constant<Envelope>("empty") },
  { weight: 3, arbitrary: fc.constant<Envelope>("odd-content-type") },
  { weight: 1, arbitrary: fc.constant<Envelope>("many-fields") },
);

export const URLENCODED = "application/x-www-form-urlencoded";
export const fieldText = (v: Field[1]) => (typeof v === "string" ? v : v.file);

export interface Serialised {
  headers: Record<string, string>;
  body?: string | Bytes;
}

/** Serialises fields as one of the many ways a client can get a form body wrong (or right). */
export async function serialise(fields: Field[], envelope: Envelope, pick: number): Promise<Serialised> {
  const textFields = fields.map(([k, v]) => [k, fieldText(v)] as [string, string]);
  switch (envelope) {
    case "urlencoded":
      return { headers: { "content-type": URLENCODED }, body: new URLSearchParams(textFields).toString() };
    case "urlencoded-wtf8":
      return { headers: { "content-type": URLENCODED }, body: textFields.map(([k, v]) => `${pctText(k)}=${pctText(v)}`).join("&") };
    case "urlencoded-raw-bytes": {
      // Unescaped bytes, lone surrogates included; only the separators are escaped so the fields stay apart.
      const raw = (s: string) =>
        Buffer.from(wtf8(s))
          .toString("latin1")
          .replace(/[%&=+]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
      return { headers: { "content-type": `${URLENCODED}; charset=utf-8` }, body: concat([textFields.map(([k, v]) => `${raw(k)}=${raw(v)}`).join("&")]) };
    }
    case "urlencoded-broken-escapes": {
      const parts = textFields.map(([k, v]) => `${pctText(k)}=${pctText(v)}`);
      const i = pick % (parts.length + 1);
      const bad = BROKEN_ESCAPES[pick % BROKEN_ESCAPES.length];
      if (i < parts.length) parts[i] += bad;
      parts.push(`${bad}=${bad}`, bad, "&&", "=");
      return { headers: { "content-type": URLENCODED }, body: parts.join("&") };
    }
    case "multipart": {
      const fd = new FormData();
      for (const [k, v] of fields) {
        if (typeof v === "string") fd.append(k, v);
        else fd.append(k, new Blob([wtf8(v.file)], { type: "application/octet-stream" }), v.file.slice(0, 40) || "x");
      }
      const r = new Request("http://fuzz.invalid/", { method: "POST", body: fd });
      return { headers: { "content-type": r.headers.get("content-type")! }, body: new Uint8Array(await r.arrayBuffer()) };
    }
    case "multipart-broken": {
      const boundary = "----fuzz" + pick.toString(36);
      const part = ([k, v]: [string, string]) =>
        concat([`--${boundary}\r\nContent-Disposition: form-data; name="${Buffer.from(wtf8(k)).toString("latin1")}"\r\n\r\n`, wtf8(v), "\r\n"]);
      const whole = concat([...textFields.map(part), `--${boundary}--\r\n`]);
      switch (pick % 8) {
        case 0: // the header names another boundary
          return { headers: { "content-type": "multipart/form-data; boundary=nothing" }, body: whole };
        case 1: // no boundary at all
          return { headers: { "content-type": "multipart/form-data" }, body: whole };
        case 2: // cut short: no closing boundary
          return {
            headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
            body: whole.slice(0, Math.max(0, whole.length - 10 - (pick % 40))),
          };
        case 3: // an unbalanced quote, an over-long boundary
          return { headers: { "content-type": `multipart/form-data; boundary="${boundary}` }, body: whole };
        case 4:
          return { headers: { "content-type": `multipart/form-data; boundary=${"b".repeat(200)}` }, body: whole };
        case 5: // header injection and NUL inside a part's headers, a part without a name
          return {
            headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
            body: concat([
              `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\nX-Injected: a\rb\0c\r\n\r\nnot-an-address\r\n`,
              `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n`,
              `--${boundary}\r\nContent-Disposition: form-data; name="email"; filename="../../etc/passwd"\r\nContent-Type: text/plain\r\n\r\nx\r\n`,
              whole,
            ]),
          };
        case 6: // garbage where the parts should be
          return { headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body: wtf8(textFields.map(([, v]) => v).join("\r\n")) };
        default: // LF-only line endings
          return {
            headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
            body: concat([Buffer.from(whole).toString("latin1").replace(/\r\n/g, "\n")]),
          };
      }
    }
    case "json":
      return {
        headers: { "content-type": pick % 2 ? "application/json" : "application/json; charset=utf-8" },
        body: JSON.stringify(Object.fromEntries(textFields)),
      };
    case "json-as-form": // a JSON body labelled as a form: one long key, no known field
      return { headers: { "content-type": URLENCODED }, body: JSON.stringify(Object.fromEntries(textFields)) };
    case "text-plain":
      return { headers: { "content-type": "text/plain" }, body: textFields.map(([k, v]) => `${k}=${v}`).join("\r\n") };
    case "no-content-type":
      return { headers: {}, body: wtf8(new URLSearchParams(textFields).toString()) };
    case "empty":
      return { headers: { "content-type": pick % 2 ? URLENCODED : "multipart/form-data; boundary=x" }, body: "" };
    case "odd-content-type": {
      const body = new URLSearchParams(textFields).toString();
      const odd = [
        "APPLICATION/X-WWW-FORM-URLENCODED",
        `${URLENCODED}; charset=utf-16le`,
        `${URLENCODED}; charset=no-such-charset`,
        `${URLENCODED}, text/html`,
        "multipart/mixed; boundary=x",
        "application/xml",
        "application/octet-stream",
        "text/html; charset=\u00ff",
        "*/*",
        ";;;",
      ];
      const headers: Record<string, string> = { "content-type": odd[pick % odd.length] };
      if (pick % 3 === 0) headers["content-encoding"] = "gzip"; // says gzip, is not
      return { headers, body: pick % 5 === 1 ? Buffer.from(body, "utf16le").toString("latin1") : body };
    }
    case "many-fields": {
      // Thousands of junk fields after the real ones: about a megabyte.
      const junk = Array.from({ length: 20_000 }, (_, i) => `f${i}=${"x".repeat(40)}`).join("&");
      return { headers: { "content-type": URLENCODED }, body: new URLSearchParams(textFields).toString() + "&" + junk };
    }
  }
}

export const methodForForm = fc.constantFrom<Method>("POST", "POST", "POST", "POST", "POST", "POST", "POST", "POST", "PUT", "PATCH", "DELETE");

/** A request before its form (if any) is serialised. */
export interface RequestShape {
  method: Method;
  path: string;
  headers?: Record<string, string>;
  body?: string | Bytes;
  /** A form body, serialised in one of the envelopes. */
  form?: { spec: FormSpec; envelope: Envelope; pick: number } | null;
}

/** Any public URL: a generator of requests, and for a form route the app's check that proves a parsed body refused. */
export function endpoint(opts: {
  name: string;
  runs: number;
  request: fc.Arbitrary<RequestShape>;
  rejects?: Rejects;
  refutes?: Endpoint["refutes"];
}): Endpoint {
  const arb = fc.tuple(opts.request, headersArb);
  return {
    name: opts.name,
    runs: opts.runs,
    rejects: opts.rejects,
    refutes: opts.refutes,
    async generate(count, seed) {
      return Promise.all(
        fc.sample(arb, { numRuns: count, seed }).map(async ([{ form, ...r }, h]): Promise<FuzzRequest> => {
          const req: FuzzRequest = { note: "", ...r, endpoint: opts.name, headers: { ...h, ...r.headers } };
          if (!form) return req;
          const { headers, body } = await serialise(form.spec.fields, form.envelope, form.pick);
          return {
            ...req,
            headers: { ...req.headers, ...headers },
            body,
            note: `${form.envelope}, broken: ${form.spec.broken}`,
            routeRejects: form.spec.routeRejects,
          };
        }),
      );
    },
  };
}

export const formBody = (spec: fc.Arbitrary<FormSpec>) => fc.record({ spec, envelope: envelopeArb, pick: fc.nat() });

/**
 * A public form: its paths, a generator of bad field sets, and the app's own check that proves a
 * parsed body will be refused. Document and single-fetch (`.data`) submissions are both sent.
 */
export function formEndpoint(opts: { name: string; runs: number; path: fc.Arbitrary<string>; form: fc.Arbitrary<FormSpec>; rejects: Rejects }): Endpoint {
  const e = endpoint({
    name: opts.name,
    runs: opts.runs,
    rejects: opts.rejects,
    request: fc
      .record({
        path: opts.path,
        // Mostly by single fetch: a document POST renders the whole campaign page, five times the work for the one server core.
        data: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
        q: fc.oneof({ weight: 9, arbitrary: fc.constant("") }, { weight: 1, arbitrary: query }),
        method: methodForForm,
        form: formBody(opts.form),
      })
      .map(({ path, data, q, method, form }) => ({ method, path: `${path}${data ? ".data" : ""}${q}`, form })),
  });
  return { ...e, isForm: true };
}
