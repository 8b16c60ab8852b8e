import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { claimDue } from "../../app/models/outbox.server";
import { createRateLimiter } from "../../app/models/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { signAs } from "../helpers/signing";

/**
 * The SQL of the hot statements, as sent to the database, is committed in db/queries/*.sql (as
 * Immich does), so a reviewer sees the SQL a change produces. This test records what the real
 * code sends and fails when it differs from the file; `npm run queries:update` rewrites the files.
 */
const DIR = path.resolve(import.meta.dirname, "../../db/queries");
const UPDATE = process.env.UPDATE_QUERIES === "1";

/** Whitespace folded, so indenting a template literal is not a change of SQL. */
const fold = (sql: string) => sql.replace(/\s+/g, " ").trim().replace(/;$/, "");

/** The statement as written in the code, without the indentation of the code around it. */
function dedent(sql: string): string {
  const lines = sql
    .replace(/^\s*\n/, "")
    .trimEnd()
    .split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join("\n");
}

interface Hot {
  file: string;
  about: string;
  /** Picks the statement out of everything the action sent. */
  match: RegExp;
  run(t: TestDatabase): Promise<unknown>;
}

const crypto = createCrypto("padauk-queries-test-secret-0123456789abcdef");

const HOT: Hot[] = [
  {
    file: "sign.sql",
    about: "A new signature, its link and code and its confirmation mail, in one statement (app/models/signing.server.ts).",
    match: /^\s*with s as \(\s*insert into signatures/i,
    run: (t) => signAs(t.db, crypto, { email: "a.new.signer@example.org" }),
  },
  {
    file: "claim-outbox.sql",
    about: "A worker claims a batch of due mail, skipping rows another worker holds (app/models/outbox.server.ts).",
    match: /^\s*update outbox set status = 'sending'/i,
    run: (t) => claimDue(t.db, 20),
  },
  {
    file: "rate-limit-upsert.sql",
    about: "A throttle spends a point: rate-limiter-flexible's upsert, run through Kysely (app/models/rate-limit.server.ts).",
    match: /^\s*insert into "?rate_limit_buckets"?/i,
    run: (t) => createRateLimiter(t.db, { enabled: true }).consume(["sign.campaign", "1"]),
  },
];

describe("committed SQL of the hot statements (db/queries)", () => {
  let t: TestDatabase;
  const sent: string[] = [];
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true, logSql: (sql) => sent.push(sql) });
  });
  afterAll(() => t?.close());

  for (const hot of HOT) {
    it(`${hot.file} is the SQL the code sends`, async () => {
      sent.length = 0;
      await hot.run(t);
      const matching = sent.filter((s) => hot.match.test(s));
      // One statement, sent once by this action (the same text each time it is sent).
      expect(new Set(matching.map(fold)).size).toBe(1);
      const file = path.join(DIR, hot.file);
      if (UPDATE)
        writeFileSync(
          file,
          `-- ${hot.about}\n-- Written by \`npm run queries:update\`; a test fails when the code sends other SQL.\n${dedent(matching[0]).replace(/;\s*$/, "")};\n`,
        );
      const committed = readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => !l.startsWith("--"))
        .join("\n");
      expect(fold(committed)).toBe(fold(matching[0]));
    });
  }
});
