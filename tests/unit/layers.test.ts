import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layers (docs/architecture.md) are import rules in eslint.config.js. These cases lint a file
 * that is not in the tree, as if it stood at the given path, with the project's own config: a
 * wrong-way import or SQL outside the models must be reported, an allowed import must not.
 */
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message).sort();
}

describe("layers enforced by lint", () => {
  it("a leaf helper may not import a model", async () => {
    expect(
      await rulesBroken("app/lib/example.server.ts", 'import { signCampaign } from "../models/signing.server";\nexport const f = signCampaign;\n'),
    ).toEqual(["boundaries/dependencies"]);
  });

  it("a model may not import a service or the HTTP layer", async () => {
    const code =
      'import { currentOrganiser } from "../web/auth.server";\nimport { composerTargets } from "../services/write.server";\nexport const f = [currentOrganiser, composerTargets];\n';
    expect(await rulesBroken("app/models/example.server.ts", code)).toEqual(["boundaries/dependencies", "boundaries/dependencies"]);
  });

  it("the outbox may not import a service, nor an email template a model", async () => {
    expect(
      await rulesBroken("app/outbox/example.server.ts", 'import { composerTargets } from "../services/write.server";\nexport const f = composerTargets;\n'),
    ).toEqual(["boundaries/dependencies"]);
    expect(await rulesBroken("emails/example.ts", 'import { signCampaign } from "../app/models/signing.server";\nexport const f = signCampaign;\n')).toEqual([
      "boundaries/dependencies",
    ]);
  });

  it("a route runs no SQL: neither a query builder nor kysely itself", async () => {
    const code =
      'import { sql } from "kysely";\nexport async function loader({ context }: { context: { db: any } }) {\n  return [sql`select 1`, await context.db.selectFrom("signatures").selectAll().execute()];\n}\n';
    expect(await rulesBroken("app/routes/example.tsx", code)).toEqual(["@typescript-eslint/no-explicit-any", "no-restricted-imports", "no-restricted-syntax"]);
  });

  it("the allowed direction passes: a service calls a model, a route a service", async () => {
    expect(
      await rulesBroken("app/services/example.server.ts", 'import { signCampaign } from "../models/signing.server";\nexport const f = signCampaign;\n'),
    ).toEqual([]);
    expect(
      await rulesBroken("app/routes/example.tsx", 'import { composerTargets } from "../services/write.server";\nexport const f = composerTargets;\n'),
    ).toEqual([]);
  });

  it("a component renders what it is given: it may not load from a model", async () => {
    expect(
      await rulesBroken(
        "app/components/example.tsx",
        'import { recentPublicSigners } from "../models/signature-list.server";\nexport const f = recentPublicSigners;\n',
      ),
    ).toEqual(["boundaries/dependencies"]);
  });
});
