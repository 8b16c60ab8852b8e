import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./20261126_0001_foundation";
import * as m0002 from "./20261126_0002_targets_and_messages";
import * as m0003 from "./20261126_0003_organisers";
import * as m0004 from "./20261126_0004_moderation";
import * as m0005 from "./20261126_0005_updates";
import * as m0006 from "./20261126_0006_totp";
import * as m0007 from "./20261126_0007_retention";
import * as m0008 from "./20261126_0008_abuse";
import * as m0009 from "./20261201_0009_security_review";
import * as m0010 from "./20261201_0010_letter_language";
import * as m0011 from "./20261203_0011_letter_codes";
import * as m0012 from "./20261203_0012_news_drafts";
import * as m0013 from "./20261203_0013_partners";
import * as m0014 from "./20261204_0014_api_token_limit";
import * as m0015 from "./20261204_0015_webhook_deliveries";

/**
 * Migrations are listed here rather than read from the folder, so they work the same under tsx,
 * vitest and any bundle. Add new ones at the end with a timestamped name.
 */
const migrations: Record<string, Migration> = {
  "20261126_0001_foundation": m0001,
  "20261126_0002_targets_and_messages": m0002,
  "20261126_0003_organisers": m0003,
  "20261126_0004_moderation": m0004,
  "20261126_0005_updates": m0005,
  "20261126_0006_totp": m0006,
  "20261126_0007_retention": m0007,
  "20261126_0008_abuse": m0008,
  "20261201_0009_security_review": m0009,
  "20261201_0010_letter_language": m0010,
  "20261203_0011_letter_codes": m0011,
  "20261203_0012_news_drafts": m0012,
  "20261203_0013_partners": m0013,
  "20261204_0014_api_token_limit": m0014,
  "20261204_0015_webhook_deliveries": m0015,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
