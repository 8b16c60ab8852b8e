// The fuzz harness: bad field sets, each broken by construction in one named way, and the app's check that refuses it.
import { fieldText } from "./requests";
import fc from "fast-check";
import { isCountryCode } from "../../app/lib/countries";
import { canonicalCode } from "../../app/models/signature-codes.server";
import { checkDeleteMac, deleteMac } from "../../app/models/withdrawal.server";
import { parseMessageForm } from "../../app/schemas/message.server";
import { parseSignatureForm, signatureFormSchema } from "../../app/schemas/signature.server";
import { APP_SECRET, range, smallNasty, nasty, nonEmptyNasty } from "./values";
import { type FuzzRequest, type Field, type FormSpec, type Rejects, HEX, pctText, garbageSeg } from "./requests";

// ---------------------------------------------------------------------------------------------
// Bad field sets, each broken by construction in one named way

export const validName = fc.constantFrom("Aung San", "Ma Thida", "ဒေါ်ခင်ခင်ဝင်း", "José Ñúñez", "O'Brien", "สมชาย ใจดี", "Nguyễn Văn A", "李雷");
export const validCountry = fc.constantFrom("MM", "TH", "FR", "us", " id ", "ES");
export const validEmail = fc.nat({ max: 1_000_000 }).map((n) => `fuzz-${n}@example.org`);
export const checkboxOn = fc.constantFrom("on", "true", "1", "yes");
// What a bot fills in: never only a byte-order mark, which a multipart parser drops, leaving the honeypot empty.
export const honeypotValue = nonEmptyNasty.map((v) => "http://spam.example/" + v);

export const badEmail: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "@",
      "a@",
      "@example.org",
      "a@@example.org",
      "a@example",
      "a@example.",
      "a@.org",
      ".a@example.org",
      "a..b@example.org",
      "a@example..org",
      "a b@example.org",
      "a@exa mple.org",
      "<a@example.org>",
      "a@example.org>",
      '"a"@example.org',
      "a@-example.org",
      "a@example.c",
      "a@[127.0.0.1]",
      "a@127.0.0.1",
      "a@ex_ample.org",
      "mailto:a@example.org",
      "a@example.org,b@example.org",
      "a@example.org;b@example.org",
      "a@exämple.org",
      "ä@example.org",
      "a@example.org\u0000",
      "a@example.org\r\nBcc: victim@example.org",
      "a@example.org\nSubject: hi",
      "a@example.org%0d%0abcc:x@example.org",
      "'; DROP TABLE signatures;--@example.org",
      "<script>alert(1)</script>@example.org",
      "a@example.org<img src=x onerror=alert(1)>",
      "a@example.org\u202E",
      "a\u200B@example.org",
      "ａ@ｅｘａｍｐｌｅ.ｏｒｇ",
      "a＠example.org",
    ),
  },
  { weight: 5, arbitrary: nasty.map((s) => s.replace(/@/g, "")) }, // no @ at all
  { weight: 2, arbitrary: fc.tuple(smallNasty, smallNasty).map(([a, b]) => `${a}@${b}@example.org`) }, // two of them
  { weight: 1, arbitrary: fc.integer({ min: 243, max: 2000 }).map((n) => "a".repeat(n) + "@example.org") }, // longer than 254
);
export const badName: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    "",
    "   ",
    "\t\n",
    "ก".repeat(101),
    "A".repeat(100_001),
    "Visit https://spam.example",
    "www.spam",
    "me@example.org",
    "cheap.xyz",
    "x\u202Ey",
    "a\u2066b",
  ),
  fc.tuple(smallNasty, range(0x00, 0x1f, 3), smallNasty).map(([a, c, b]) => `Ma ${a}${c}${b}`), // a control character inside
);
export const badCountry: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("", " ", "ZZ", "XX", "UK", "EU", "M", "MMR", "1", "M\u0000", "ＭＭ", "' OR 1=1 --"),
  nasty.filter((s) => !isCountryCode(s.trim().toUpperCase())),
);
export const badCheckbox = fc.oneof(
  fc.constantFrom("", "off", "false", "0", "no", "ON", "on ", "checked", "2"),
  nonEmptyNasty.filter((s) => !["on", "true", "1", "yes"].includes(s)),
);
/** Values for the fields that are not the broken one: often valid, so the broken field is what is tested. */
export const either = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: nasty }, { weight: 1, arbitrary: fc.constant(undefined) });
export const extraFields = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom("__proto__", "constructor", "email[]", "name[]", "email.0", "", "website ", "_action", "intent", "id", "campaign_id", "status"),
      nonEmptyNasty.map((s) => s.slice(0, 80)),
    ),
    nasty,
  ),
  { maxLength: 3 },
);

/**
 * Assembles the fields: the broken one replaces every occurrence of its field (so a repeated field
 * cannot smuggle in a good value), then repeats, extras, and maybe one field as a file part.
 */
export function assemble(
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

export const signatureForm: fc.Arbitrary<FormSpec> = fc
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
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom("consent_updates", "show_name"), badCheckbox)
          .map(([f, v]) => [f, v, "checkbox"] as [string, string | undefined, string]),
      },
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

export const targetId = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
export type Broken = [string, string | undefined, string];
export const messageForm: fc.Arbitrary<FormSpec> = fc
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
      fc.array(fc.oneof(fc.constantFrom("", "a b", "../x", "x".repeat(41), "<script>", "' OR 1=1 --", "%", "１２３"), range(0x80, 0x10ffff, 5)), {
        minLength: 1,
        maxLength: 3,
      }),
      fc.integer({ min: 51, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `t${i}`)),
      fc.array(
        targetId.map((t) => "fuzz-unknown-" + t.slice(0, 27)),
        { minLength: 1, maxLength: 3 },
      ), // well-formed, no such official
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
export const honeypot = (form: FormData) => !!form.get("website");
export const rejectsSignature: Rejects = (form) => honeypot(form) || !parseSignatureForm(form).ok;
export const rejectsMessage: Rejects = (form) => honeypot(form) || !parseMessageForm(form).ok;

/** Confirmation by code: 10 characters of Crockford's base32, typed any way a person types them. */
export const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** The code field as the action reads it (a file part reads as "[object File]"). */
export const typedCode = (form: FormData) => String(form.get("code") ?? "").slice(0, 40);
export const isCodeShaped = (s: string) => canonicalCode(s.slice(0, 40)) !== null;
export const wellFormedCode = fc.tuple(fc.array(fc.constantFrom(...CROCKFORD), { minLength: 10, maxLength: 10 }), fc.nat()).map(([cs, pick]) => {
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
export const malformedCode = fc
  .oneof(
    fc.constantFrom(
      "",
      " ",
      "-",
      "00000-0000",
      "00000-000000",
      "UUUUU-UUUUU",
      "AAAAA-AAAAU",
      "12345 67890 1",
      "ABCDE-FGHI!",
      "ABCDE-FGHI\u0000",
      "ABCDE\r\nFGHIJ",
      "ÅBCDE-FGHIJ",
      "I".repeat(41),
    ),
    fc
      .array(fc.constantFrom(...CROCKFORD), { minLength: 1, maxLength: 40 })
      .filter((a) => a.length !== 10)
      .map((a) => a.join("")),
    nasty,
  )
  .filter((s) => !isCodeShaped(s));
export const codeForm: fc.Arbitrary<FormSpec> = fc
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
export const rejectsCode: Rejects = (form) => !isCodeShaped(typedCode(form));

/** The data-export request: an address, and the honeypot, checked first as the action does. */
export const myDataForm: fc.Arbitrary<FormSpec> = fc
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
export const rejectsMyData: Rejects = (form) => {
  const raw = form.get("email");
  return honeypot(form) || !signatureFormSchema.shape.email.safeParse(typeof raw === "string" ? raw : undefined).success;
};

/** The withdraw link: ids and MACs as the route reads them from the path (percent-decoded, `.data` dropped). */
export const WITHDRAW_PATH = /^\/[^/?]*\/signatures\/([^/?]*)\/withdraw\/([^/?]*)/;
export function withdrawActs(req: FuzzRequest): string | null {
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
  for (const id of readings(m[1]))
    for (const mac of readings(m[2])) if (checkDeleteMac(APP_SECRET, id, mac)) return `a valid withdraw link for signature ${id}`;
  return null;
}
/** Ids as the database gives them: the first twenty are those of a fresh database (the sentinel among them). */
export const signatureIdSeg = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }).map(String) },
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 9_223_372_036_854_775_807n }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("0", "-1", "01", "1.0", " 1", "1e0", "0x1", "+1", "9".repeat(20), "１", "1%00").map((s) => (s.includes("%") ? s : pctText(s))),
  },
  { weight: 2, arbitrary: garbageSeg },
);
/** Every byte percent-encoded, unreserved ones too: the route decodes them back. */
export const pctAll = (s: string) => [...Buffer.from(s)].map((b) => "%" + HEX[b >> 4] + HEX[b & 15]).join("");
/** A MAC that is nearly right: the id's own, altered so that it no longer matches (as a path segment). */
export const nearMiss = (mac: string, pick: number): string => {
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
export const macShaped = fc.stringMatching(/^[A-Za-z0-9_-]{32}$/); // the right shape, a random value
export const macOtherShape = fc.stringMatching(/^[A-Za-z0-9_-]{43}$|^[0-9a-f]{64}$/);
/** A MAC segment for `id`: nearly its own (3 in 9), random of the right shape (2), another signature's (1), another shape (1), garbage (2). */
export const withdrawMac = ([id, kind, n, shaped, other, garbage]: [string, number, number, string, string, string]): string => {
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
