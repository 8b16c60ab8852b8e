import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./20261126_0001_foundation";

/**
 * Migrations are listed here rather than read from the folder, so they work the same under tsx,
 * vitest and any bundle. Add new ones at the end with a timestamped name.
 */
const migrations: Record<string, Migration> = {
  "20261126_0001_foundation": m0001,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
