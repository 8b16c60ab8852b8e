// The fuzz harness: every public URL and form, with its share of the requests.
import {
  codeForm,
  macOtherShape,
  macShaped,
  messageForm,
  myDataForm,
  rejectsCode,
  rejectsMessage,
  rejectsMyData,
  rejectsSignature,
  signatureForm,
  signatureIdSeg,
  withdrawActs,
  withdrawMac,
} from "./fields";
import { endpoint, formBody, formEndpoint } from "./requests";
import fc from "fast-check";
import { SLUGS, LANGS, nasty } from "./values";
import { type Method, type Endpoint, pctText, BROKEN_ESCAPES, langSeg, garbageSeg, slugSeg, query } from "./requests";
import { validCountry, badCountry } from "./fields";

export const get = fc.constantFrom<Method>("GET", "GET", "GET", "GET", "GET", "GET", "HEAD", "POST", "OPTIONS");
// Half by single fetch: the loaders are the same, and a document answer renders the same page again and again.
export const dataSuffix = fc.constantFrom("", ".data");
export const tokenSeg = fc.oneof(
  { weight: 3, arbitrary: garbageSeg },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) }, // well-formed: looked up, unknown
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{42}$|^[A-Za-z0-9_-]{44}$|^[A-Za-z0-9+/]{42}=$/).map((s) => pctText(s)) },
);
export const smallBody = fc.oneof(
  fc.constant<string | undefined>(undefined),
  fc.constantFrom("List-Unsubscribe=One-Click", "List-Unsubscribe=One-Click&List-Unsubscribe=One-Click", "{}", ""),
  nasty.map((s) => new URLSearchParams({ x: s }).toString()),
);
export const bodyFor = (method: Method, body: string | undefined) => (method === "GET" || method === "HEAD" ? undefined : body);

export const endpoints: Endpoint[] = [
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
    name: "letter code POST /{lang}/campaigns/{slug}/write/sent",
    runs: 400,
    path: fc.tuple(fc.constantFrom(...LANGS), fc.constantFrom(...SLUGS)).map(([l, s]) => `/${l}/campaigns/${s}/write/sent`),
    form: codeForm,
    rejects: rejectsCode,
  }),
  formEndpoint({
    name: "embed sign POST /embed/{lang}/campaigns/{slug}?partner=…",
    runs: 500,
    path: fc
      .tuple(fc.constantFrom(...LANGS), fc.constantFrom(...SLUGS), fc.constantFrom("", "?partner=bangkok-rights", "?partner=%3Cx%3E", "?partner=nobody"))
      .map(([l, s, p]) => `/embed/${l}/campaigns/${s}${p}`),
    form: signatureForm,
    rejects: rejectsSignature,
  }),
  formEndpoint({
    name: "embed code POST /embed/{lang}/campaigns/{slug}/signed",
    runs: 300,
    path: fc.tuple(fc.constantFrom(...LANGS), fc.constantFrom(...SLUGS)).map(([l, s]) => `/embed/${l}/campaigns/${s}/signed`),
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
      .tuple(
        get,
        langSeg,
        fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...SLUGS) }, { weight: 2, arbitrary: garbageSeg }),
        fc.constantFrom("", "", "", "/", ".data", ".json"),
        query,
        smallBody,
      )
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
    request: fc.tuple(langSeg, slugSeg, dataSuffix, fc.oneof(badCountry, validCountry), nasty, query).map(([l, s, d, c, a, q]) => ({
      method: "GET" as Method,
      path: `/${l}/campaigns/${s}/write${d}?country=${pctText((c ?? "").slice(0, 500))}&area=${pctText(a.slice(0, 2000))}${q.replace("?", "&")}`,
    })),
  }),
  endpoint({
    name: "confirm GET /{lang}/confirm/{token}",
    runs: 800,
    request: fc
      .tuple(get, langSeg, tokenSeg, dataSuffix, query, smallBody)
      .map(([m, l, t, d, q, b]) => ({ method: m, path: `/${l}/confirm/${t}${d}${q}`, body: bodyFor(m, b) })),
  }),
  endpoint({
    name: "letter confirm GET /{lang}/messages/confirm/{token}",
    runs: 600,
    request: fc
      .tuple(get, langSeg, tokenSeg, dataSuffix, query, smallBody)
      .map(([m, l, t, d, q, b]) => ({ method: m, path: `/${l}/messages/confirm/${t}${d}${q}`, body: bodyFor(m, b) })),
  }),
  endpoint({
    name: "letter receipt GET /{lang}/messages/{publicId}",
    runs: 250,
    request: fc
      .tuple(get, langSeg, fc.oneof(garbageSeg, fc.stringMatching(/^[A-Za-z0-9_-]{22}$/)), dataSuffix, smallBody)
      .map(([m, l, id, d, b]) => ({ method: m, path: `/${l}/messages/${id}${d}`, body: bodyFor(m, b) })),
  }),
  endpoint({
    // No valid token is ever generated: every answer must be a 4xx, whatever the body.
    name: "OSDI API /api/osdi/v1/… with a wrong token",
    runs: 500,
    request: fc
      .tuple(
        fc.constantFrom<Method>("GET", "GET", "POST", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"),
        fc.constantFrom(
          "/api/osdi/v1",
          "/api/osdi/v1/",
          "/api/osdi/v1/petitions",
          "/api/osdi/v1/petitions/arms-embargo",
          "/api/osdi/v1/petitions/arms-embargo/signatures",
        ),
        fc.oneof(
          fc.constant<string | undefined>(undefined),
          fc.stringMatching(/^pdk_[A-Za-z0-9_-]{43}$/),
          nasty.map((x) => x.replace(/[^\x21-\x7e]/g, "").slice(0, 200)),
        ),
        query,
        fc.oneof(
          smallBody,
          nasty.map((x) => JSON.stringify({ person: { given_name: x, email_addresses: [{ address: x }] } })),
        ),
      )
      .map(([m, p, tok, q, b]) => ({
        method: m,
        path: p + q,
        headers: { "content-type": "application/json", ...(tok ? { "OSDI-API-Token": tok } : {}) },
        body: bodyFor(m, b),
      })),
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
          {
            weight: 2,
            arbitrary: fc.constantFrom(
              "//evil.example",
              "/\\evil.example",
              "/%5Cevil.example",
              "https://evil.example",
              "javascript:alert(1)",
              "/%0d%0aSet-Cookie:%20x=y",
              "/%E2%80%AE",
              "/en/campaigns/arms-embargo",
              "",
              "%2F%2Fevil.example",
            ),
          },
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
        fc.oneof(
          fc.bigInt({ min: 0n, max: 9_223_372_036_854_775_807n }).map(String),
          fc.constantFrom("0", "-1", "1".repeat(19), "9".repeat(20), "1e3", "0x10", " 1", "1.0", "１").map(pctText),
          garbageSeg,
        ),
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
