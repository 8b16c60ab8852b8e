import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/index";

/**
 * Searching a whole database for personal data (tests/integration/at-rest.test.ts): every column
 * of every table is read (text, json and bytea above all, then everything else as Postgres prints
 * it) and searched for needles in every readable form — as text in any case, as UTF-8 bytes, in
 * base64 at every alignment, an IP address as an integer and as its four bytes, and hashed
 * without a key.
 */

export interface Column {
  table: string;
  column: string;
  type: string;
}

/** Every column of every base table in the public schema (all types: text, json and bytea above all). */
export async function columns(db: DB): Promise<Column[]> {
  const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  return rows.rows.map((r) => ({ table: r.table_name, column: r.column_name, type: r.data_type }));
}

const TEXTUAL = new Set(["text", "character varying", "character", "json", "jsonb", "bytea"]);

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** One column's non-null values: bytea as bytes, everything else as Postgres prints it. */
async function values(db: DB, c: Column): Promise<(string | Buffer)[]> {
  const expr = c.type === "bytea" ? sql.raw(ident(c.column)) : sql.raw(`${ident(c.column)}::text`);
  const rows = await sql<{ v: string | Uint8Array }>`select ${expr} as v from ${sql.raw(ident(c.table))} where ${sql.raw(ident(c.column))} is not null`.execute(
    db,
  );
  return rows.rows.map((r) => (typeof r.v === "string" ? r.v : Buffer.from(r.v)));
}

export type Dump = { col: Column; vals: (string | Buffer)[] }[];
export async function dump(db: DB): Promise<Dump> {
  const out: Dump = [];
  for (const col of await columns(db)) out.push({ col, vals: await values(db, col) });
  return out;
}

/**
 * A needle is a string (matched case-insensitively in text, and as UTF-8 bytes — ASCII
 * case-insensitively — inside bytea) or raw bytes (matched inside bytea, and as hex or base64 text).
 */
export type Needle = string | Buffer;

function found(value: string | Buffer, needle: Needle): boolean {
  if (typeof value === "string") {
    if (typeof needle === "string") return value.toLowerCase().includes(needle.toLowerCase());
    return [needle.toString("hex"), needle.toString("base64").replace(/=+$/, ""), needle.toString("base64url")].some((s) =>
      value.toLowerCase().includes(s.toLowerCase()),
    );
  }
  if (typeof needle === "string") {
    const bytes = Buffer.from(needle, "utf8");
    if (value.indexOf(bytes) >= 0) return true;
    // ASCII case-insensitive: latin1 maps each byte to one char, so lower-casing keeps offsets.
    return value.toString("latin1").toLowerCase().includes(bytes.toString("latin1").toLowerCase());
  }
  return value.indexOf(needle) >= 0;
}

/** `table.column` of every column holding the needle, over all types or only the textual ones. */
export function where(d: Dump, needle: Needle, opts: { textualOnly?: boolean } = {}): string[] {
  return d
    .filter(({ col }) => !opts.textualOnly || TEXTUAL.has(col.type))
    .filter(({ vals }) => vals.some((v) => found(v, needle)))
    .map(({ col }) => `${col.table}.${col.column}`);
}

/** Base64 of a needle at each of the three byte alignments it can have inside a longer encoded text. */
function base64Forms(s: string): string[] {
  const b = Buffer.from(s, "utf8");
  return [0, 1, 2].map((k) => {
    const padded = Buffer.concat([Buffer.alloc(k, 0x20), b]).toString("base64");
    // Drop the characters that depend on the neighbours on either side.
    const start = Math.ceil(k / 3) * 4;
    const end = Math.floor((k + b.length) / 3) * 4;
    return padded.slice(start, end);
  });
}

const sha256 = (s: string) => createHash("sha256").update(s).digest();
const md5 = (s: string) => createHash("md5").update(s).digest();

/**
 * What to look for, each as [what it is, its value]: texts (an address, a name…), IP addresses,
 * and the values that would be found again if stored hashed without a key.
 */
export interface Needles {
  texts: [string, string][];
  ips: [string, string][];
  hashed: [string, string][];
}

/** Every place one of the needles is readable, as "what in table.column". */
export function leaksOf(d: Dump, { texts, ips, hashed }: Needles): string[] {
  const needles: [string, string][] = [
    ...texts,
    ...ips,
    // As Node prints an IPv4 peer on a dual-stack socket.
    ...ips.map(([what, ip]): [string, string] => [`${what} (IPv4-mapped)`, `::ffff:${ip}`]),
  ];
  const leaks: string[] = [];
  // The types the brief names first: text, varchar, char, json, jsonb, bytea.
  for (const [what, n] of needles) for (const at of where(d, n, { textualOnly: true })) leaks.push(`${what} in ${at}`);
  // Then every other column as Postgres prints it (an inet, an array, an enum…).
  for (const [what, n] of needles) for (const at of where(d, n)) if (!leaks.includes(`${what} in ${at}`)) leaks.push(`${what} in ${at}`);
  // Encoded, not encrypted: base64 of the text at every alignment; an IP as one integer and as its four bytes.
  for (const [what, s] of needles) {
    for (const b64 of base64Forms(s).filter((x) => x.length >= 8)) for (const at of where(d, b64)) leaks.push(`${what} (base64 "${b64}") in ${at}`);
  }
  for (const [what, ip] of ips) {
    const octets = ip.split(".").map(Number);
    const asInt = String(octets.reduce((a, o) => a * 256 + o, 0));
    for (const at of where(d, asInt)) leaks.push(`${what} as an integer in ${at}`);
    for (const at of where(d, Buffer.from(octets))) leaks.push(`${what} as four bytes (or their hex or base64) in ${at}`);
  }
  // Hashed without a key is not pseudonymous: an IP or an address is found again by trying them all.
  for (const [what, s] of hashed) {
    for (const [alg, h] of [
      ["sha256", sha256(s)],
      ["md5", md5(s)],
    ] as const)
      for (const at of where(d, h)) leaks.push(`${what} (unkeyed ${alg}) in ${at}`);
  }
  return leaks;
}
