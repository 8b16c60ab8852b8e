import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { boot, runCli, StartupError } from "../server/boot.server";
import { addPartnerByAddress, partnerRefusal } from "../services/partners.server";
import { askRunningServer, describeUrl } from "./running-server";

const USAGE =
  "usage: npm run partner:create -- --campaign SLUG --name NAME [--origin https://partner.example]… [--webhook URL] [--website URL] [--slug ADDRESS] [--listed]";

/**
 * npm run partner:create -- --campaign SLUG --name NAME [--origin URL]… [--webhook URL]
 * Adds a partner organisation to a campaign. The last line is one JSON object with the partner's
 * address (for `?partner=` links and the embed), its API token and its webhook secret: both are
 * shown this once and kept only as a hash (the token) or encrypted (the secret).
 */
runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        campaign: { type: "string" },
        name: { type: "string" },
        origin: { type: "string", multiple: true },
        webhook: { type: "string" },
        website: { type: "string" },
        slug: { type: "string" },
        listed: { type: "boolean", default: false },
      },
    }));
  } catch (err) {
    throw new StartupError(`${(err as Error).message}\n${USAGE}`);
  }
  if (!values.campaign || !values.name) throw new StartupError(USAGE);
  const input = {
    campaign: values.campaign,
    name: values.name,
    slug: values.slug ?? "",
    website: values.website ?? "",
    listed: values.listed ? "on" : "",
    origins: (values.origin ?? []).join(" "),
    webhook_url: values.webhook ?? "",
  };

  const dataDir = path.resolve(process.env.DATA_DIR || "./.data");
  if (!process.env.DATABASE_URL) {
    const asked = await askRunningServer<Record<string, unknown>>(dataDir, "/internal/partners", input);
    if (asked) {
      console.error(`padauk: the embedded database in ${dataDir}, through the server running at ${asked.url}`);
      console.log(JSON.stringify(asked.answer));
      return;
    }
    if (!existsSync(path.join(dataDir, "pg", "PG_VERSION"))) {
      throw new StartupError(
        `no Padauk database in ${dataDir}, and no server running on it. Run this with the same DATA_DIR (or DATABASE_URL) as \`npm start\`.`,
      );
    }
  }
  const { config, database, crypto, mailer } = await boot({ migrate: true });
  try {
    const created = await createFromCli({ db: database.db, crypto, config }, input);
    console.error(`padauk: ${config.databaseUrl ? `the PostgreSQL database ${describeUrl(config.databaseUrl)}` : `the embedded database in ${dataDir}`}`);
    console.log(JSON.stringify(created));
  } finally {
    mailer.close();
    await database.db.destroy();
  }
});

/** The same checks as the dashboard's form; a refusal names the option to fix. */
async function createFromCli(ctx: Parameters<typeof addPartnerByAddress>[0], input: Record<string, string>) {
  const result = await addPartnerByAddress(ctx, input.campaign, input);
  if (result.kind === "created") return { partner: result.partner.slug, token: result.token, webhookSecret: result.webhookSecret };
  throw new StartupError(partnerRefusal(result) + `\n${USAGE}`);
}
